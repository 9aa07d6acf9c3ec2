import type { PtiOperationName } from '../../../src-shared/domain/pti-client.js';
import type {
  RentalResyncRequest,
  RentRequest,
  ResyncRequest,
  SiteDefaults,
} from '../../../src-shared/pti/protocol.js';

/**
 * A PTI operation as it waits in the outbox (target `pti:<siteCode>`). Its `args` describe it
 * for people and are shown in the pending and needs-attention lists, so they never hold an
 * access code; the exact gateway request, which may, is kept beside it (`pti_op_requests`).
 * The outbox id is the operation's idempotency key at the gateway for every attempt.
 */
export interface PtiOpArgsMap {
  'pti.moveIn': UnitOpArgs & { customerName: string | null; codeChosen: boolean };
  'pti.moveOut': UnitOpArgs;
  'pti.lock': UnitOpArgs & { reason: 'manual' | 'overdue' };
  'pti.unlock': UnitOpArgs & { reason: 'manual' | 'payment' };
  'pti.regenerateCode': UnitOpArgs & { codeChosen: boolean };
  'pti.setAccessLevel': UnitOpArgs & { accessLevel: number | null };
  'pti.setZone': UnitOpArgs & { zone: number | null };
  'pti.resyncRental': UnitOpArgs & { overlocked: boolean };
  'pti.resyncSite': { siteCode: string; tenants: number; units: number };
  'pti.setDefaults': { siteCode: string } & SiteDefaults;
}

/** Operations on one unit name the unit they were asked from and its tenant at the time. */
export interface UnitOpArgs {
  siteCode: string;
  unit: string;
  customerRef: string;
}

export interface PtiOpRequestMap {
  'pti.moveIn': RentRequest;
  'pti.moveOut': Record<string, never>;
  'pti.lock': Record<string, never>;
  'pti.unlock': Record<string, never>;
  'pti.regenerateCode': { accessCode?: string };
  'pti.setAccessLevel': { accessLevel: number | null };
  'pti.setZone': { zone: number | null };
  'pti.resyncRental': RentalResyncRequest;
  'pti.resyncSite': ResyncRequest;
  'pti.setDefaults': SiteDefaults;
}

export type PtiOp = {
  [N in PtiOperationName]: {
    id: string;
    name: N;
    args: PtiOpArgsMap[N];
    request: PtiOpRequestMap[N];
  };
}[PtiOperationName];

/** An operation before it has an id. */
export type PlannedOp = PtiOp extends infer O ? (O extends PtiOp ? Omit<O, 'id'> : never) : never;

export const ptiTarget = (siteCode: string): string => `pti:${siteCode}`;
export const isPtiTarget = (target: string): boolean => target.startsWith('pti:');
export const siteOfTarget = (target: string): string => target.slice('pti:'.length);

/** The unit an operation was asked from, if it concerns one rental. */
export function unitOf(op: Pick<PtiOp, 'name' | 'args'>): string | null {
  return 'unit' in op.args ? op.args.unit : null;
}

/** The customer an operation concerns, if it concerns one. */
export function customerOf(op: Pick<PtiOp, 'name' | 'args'>): string | null {
  return 'customerRef' in op.args ? op.args.customerRef : null;
}

/** A short description for lists and messages: "Unlock of A101", "New code for Ana Chen". */
export function describeOperation(op: Pick<PtiOp, 'name' | 'args'>): string {
  const a = op.args as Partial<UnitOpArgs> & { customerName?: string | null; siteCode: string };
  const who = a.customerName ?? a.customerRef ?? 'the customer';
  switch (op.name) {
    case 'pti.moveIn':
      return `Move-in of ${who} to ${a.unit}`;
    case 'pti.moveOut':
      return `Move-out from ${a.unit}`;
    case 'pti.lock':
      return `Overlock of ${a.unit}`;
    case 'pti.unlock':
      return `Unlock of ${a.unit}`;
    case 'pti.regenerateCode':
      return `New access code for the tenant of ${a.unit}`;
    case 'pti.setAccessLevel':
      return `Access level for the tenant of ${a.unit}`;
    case 'pti.setZone':
      return `Zone for the tenant of ${a.unit}`;
    case 'pti.resyncRental':
      return `Resync of ${a.unit}`;
    case 'pti.resyncSite':
      return `Full resync of site ${a.siteCode}`;
    case 'pti.setDefaults':
      return `Default access level and zone of site ${a.siteCode}`;
  }
}
