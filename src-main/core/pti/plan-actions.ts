import { ptiErrorInfo, ptiErrorCodes } from '../../../src-shared/pti/error-codes.js';
import type { ResyncRequest, RentRequest, SiteDefaults } from '../../../src-shared/pti/protocol.js';
import type { ErrorCode } from '../../../src-shared/result.js';
import type { PlannedOp } from './operations.js';
import {
  holderOfCode,
  unitsOf,
  type SiteView,
  type ViewCustomer,
  type ViewUnit,
} from './site-view.js';

/** What a person asked for, before it becomes queued operations. */
export type PtiAction =
  | {
      kind: 'moveIn';
      units: string[];
      customerRef: string;
      customerName?: string;
      accessCode?: string;
      accessLevel?: number | null;
      zone?: number | null;
    }
  | { kind: 'moveOut'; unit: string }
  | { kind: 'overlock'; unit: string; reason?: 'manual' | 'overdue' }
  | { kind: 'unlock'; unit: string; reason?: 'manual' | 'payment' }
  | { kind: 'setOverdue'; unit: string; overdue: boolean }
  | { kind: 'regenerateCode'; unit: string; accessCode?: string }
  | { kind: 'setAccessLevel'; unit: string; accessLevel: number | null }
  | { kind: 'setZone'; unit: string; zone: number | null }
  /** `overlocked` given: push the rental with this overlock instead of the current one. */
  | { kind: 'resyncRental'; unit: string; overlocked?: boolean }
  | { kind: 'resyncSite' }
  | { kind: 'setDefaults'; defaults: SiteDefaults };

export interface PlanContext {
  siteCode: string;
  /** The site as the client shows it now (gateway copy plus queued operations). */
  view: SiteView;
  /** The site's access levels and schedules; null before the first pull (nothing to check against). */
  access: { accessLevels: number[]; schedules: number[] } | null;
  overdue(unit: string): boolean;
}

export type Plan =
  | { ok: true; ops: PlannedOp[]; overdue: { unit: string; overdue: boolean }[] }
  | { ok: false; code: ErrorCode; message: string };

const refuse = (code: ErrorCode, message: string): Plan => ({ ok: false, code, message });
const ptiWords = (code: number) => ptiErrorInfo(code).message;

/**
 * Turns an action into the operations to queue, checked against the site as the client sees it
 * so a request PTI is bound to refuse fails at once, in the words PTI would use. A check that
 * passes here can still be refused by the gateway (the view can be stale); that lands in
 * needs-attention.
 */
export function planAction(ctx: PlanContext, action: PtiAction): Plan {
  const { siteCode, view } = ctx;
  const rented = (name: string): { unit: ViewUnit; customer: ViewCustomer } | Plan => {
    const unit = view.units.get(name);
    if (!unit)
      return (
        unknownUnit(ctx, name) ??
        refuse('conflict', `Unit ${name}: ${ptiWords(ptiErrorCodes.unitVacant)}`)
      );
    const customer = unit.customerRef ? view.customers.get(unit.customerRef) : undefined;
    if (!unit.customerRef || !customer)
      return refuse('conflict', `Unit ${name}: ${ptiWords(ptiErrorCodes.unitVacant)}`);
    return { unit, customer };
  };
  const levelProblem = (level: number | null | undefined) =>
    level != null && ctx.access && !ctx.access.accessLevels.includes(level)
      ? refuse('conflict', `Access level ${level}: ${ptiWords(ptiErrorCodes.unknownAccessLevel)}`)
      : null;
  const zoneProblem = (zone: number | null | undefined) =>
    zone != null && ctx.access && !ctx.access.schedules.includes(zone)
      ? refuse('conflict', `Zone ${zone}: ${ptiWords(ptiErrorCodes.unknownZone)}`)
      : null;
  const unitArgs = (unit: ViewUnit, customer: ViewCustomer) => ({
    siteCode,
    unit: unit.name,
    customerRef: customer.customerRef,
  });
  const plan = (ops: PlannedOp[], overdue: { unit: string; overdue: boolean }[] = []): Plan => ({
    ok: true,
    ops,
    overdue,
  });

  switch (action.kind) {
    case 'moveIn': {
      const names = [...new Set(action.units)];
      const existing = view.customers.get(action.customerRef);
      if (!existing && !action.customerName)
        return refuse('invalid_input', 'Enter the name of the new customer.');
      for (const name of names) {
        const unit = view.units.get(name);
        if (!unit) {
          const unknown = unknownUnit(ctx, name);
          if (unknown) return unknown;
          continue;
        }
        if (unit.customerRef === action.customerRef)
          return refuse('conflict', `Unit ${name} is already rented to this customer.`);
        if (unit.customerRef) {
          const tenant = view.customers.get(unit.customerRef);
          return refuse(
            'conflict',
            `Unit ${name} is rented to ${tenant?.customerName ?? 'another customer'}. Move them out first.`,
          );
        }
      }
      if (action.accessCode !== undefined) {
        if (existing?.accessCode && existing.accessCode !== action.accessCode)
          return refuse('conflict', ptiWords(ptiErrorCodes.customerHasOtherCode));
        if (holderOfCode(view, action.accessCode, action.customerRef))
          return refuse('conflict', ptiWords(ptiErrorCodes.duplicateAccessCode));
      }
      const problem = levelProblem(action.accessLevel) ?? zoneProblem(action.zone);
      if (problem) return problem;
      // A known customer keeps their one code: the gateway reuses it when none is sent.
      const request: RentRequest = { customerRef: action.customerRef };
      const customerName = action.customerName ?? existing?.customerName ?? null;
      if (action.customerName !== undefined) request.customerName = action.customerName;
      if (action.accessCode !== undefined) request.accessCode = action.accessCode;
      if (action.accessLevel !== undefined) request.accessLevel = action.accessLevel;
      if (action.zone !== undefined) request.zone = action.zone;
      return plan(
        names.map((unit) => ({
          name: 'pti.moveIn',
          args: {
            siteCode,
            unit,
            customerRef: action.customerRef,
            customerName,
            codeChosen: action.accessCode !== undefined,
          },
          request,
        })),
        names.map((unit) => ({ unit, overdue: false })),
      );
    }
    case 'moveOut': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      return plan(
        [{ name: 'pti.moveOut', args: unitArgs(r.unit, r.customer), request: {} }],
        [{ unit: action.unit, overdue: false }],
      );
    }
    case 'overlock': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      if (r.unit.overlocked)
        return refuse('conflict', `Unit ${action.unit} is already overlocked.`);
      return plan([
        {
          name: 'pti.lock',
          args: { ...unitArgs(r.unit, r.customer), reason: action.reason ?? 'manual' },
          request: {},
        },
      ]);
    }
    case 'unlock': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      if (!r.unit.overlocked)
        return refuse('conflict', `Unit ${action.unit}: ${ptiWords(ptiErrorCodes.unitNotLocked)}`);
      return plan([
        {
          name: 'pti.unlock',
          args: { ...unitArgs(r.unit, r.customer), reason: action.reason ?? 'manual' },
          request: {},
        },
      ]);
    }
    case 'setOverdue': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      const flag = [{ unit: action.unit, overdue: action.overdue }];
      if (ctx.overdue(action.unit) === action.overdue) return plan([], flag);
      // Overdue locks the unit; a payment that clears it unlocks at once.
      if (action.overdue && !r.unit.overlocked)
        return plan(
          [
            {
              name: 'pti.lock',
              args: { ...unitArgs(r.unit, r.customer), reason: 'overdue' },
              request: {},
            },
          ],
          flag,
        );
      if (!action.overdue && r.unit.overlocked)
        return plan(
          [
            {
              name: 'pti.unlock',
              args: { ...unitArgs(r.unit, r.customer), reason: 'payment' },
              request: {},
            },
          ],
          flag,
        );
      return plan([], flag);
    }
    case 'regenerateCode': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      if (action.accessCode !== undefined) {
        if (action.accessCode === r.customer.accessCode)
          return refuse('conflict', 'That is the customer’s current code; choose another one.');
        if (holderOfCode(view, action.accessCode, r.customer.customerRef))
          return refuse('conflict', ptiWords(ptiErrorCodes.duplicateAccessCode));
      }
      return plan([
        {
          name: 'pti.regenerateCode',
          args: { ...unitArgs(r.unit, r.customer), codeChosen: action.accessCode !== undefined },
          request: action.accessCode === undefined ? {} : { accessCode: action.accessCode },
        },
      ]);
    }
    case 'setAccessLevel': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      const problem = levelProblem(action.accessLevel);
      if (problem) return problem;
      return plan([
        {
          name: 'pti.setAccessLevel',
          args: { ...unitArgs(r.unit, r.customer), accessLevel: action.accessLevel },
          request: { accessLevel: action.accessLevel },
        },
      ]);
    }
    case 'setZone': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      const problem = zoneProblem(action.zone);
      if (problem) return problem;
      return plan([
        {
          name: 'pti.setZone',
          args: { ...unitArgs(r.unit, r.customer), zone: action.zone },
          request: { zone: action.zone },
        },
      ]);
    }
    case 'resyncRental': {
      const r = rented(action.unit);
      if ('ok' in r) return r;
      if (r.customer.accessCode === null) return codeNotKnown(action.unit);
      const overlocked = action.overlocked ?? r.unit.overlocked;
      return plan([
        {
          name: 'pti.resyncRental',
          args: { ...unitArgs(r.unit, r.customer), overlocked },
          request: {
            customerRef: r.customer.customerRef,
            customerName: r.customer.customerName,
            accessCode: r.customer.accessCode,
            accessLevel: r.customer.accessLevel,
            zone: r.customer.zone,
            overlocked,
          },
        },
      ]);
    }
    case 'resyncSite': {
      const tenants: ResyncRequest['tenants'] = [];
      let units = 0;
      for (const customer of view.customers.values()) {
        const rentedUnits = unitsOf(view, customer.customerRef);
        if (rentedUnits.length === 0) continue;
        if (customer.accessCode === null) return codeNotKnown(rentedUnits[0]!.name);
        units += rentedUnits.length;
        tenants.push({
          customerRef: customer.customerRef,
          customerName: customer.customerName,
          accessCode: customer.accessCode,
          accessLevel: customer.accessLevel,
          zone: customer.zone,
          units: rentedUnits.map((u) => ({ name: u.name, overlocked: u.overlocked })),
        });
      }
      return plan([
        {
          name: 'pti.resyncSite',
          args: { siteCode, tenants: tenants.length, units },
          request: { defaults: { ...view.defaults }, tenants },
        },
      ]);
    }
    case 'setDefaults': {
      const problem =
        levelProblem(action.defaults.accessLevel) ?? zoneProblem(action.defaults.zone);
      if (problem) return problem;
      return plan([
        {
          name: 'pti.setDefaults',
          args: { siteCode, ...action.defaults },
          request: { ...action.defaults },
        },
      ]);
    }
  }
}

/** Before the first pull every valid name is allowed (the gateway checks it); after, only known units. */
function unknownUnit(ctx: PlanContext, name: string): Plan | null {
  if (!ctx.access) return null;
  return refuse('not_found', `Unit ${name}: ${ptiWords(ptiErrorCodes.unknownUnit)}`);
}

const codeNotKnown = (unit: string): Plan =>
  refuse(
    'conflict',
    `The access code of the tenant of ${unit} is not known yet: PTI assigns it when the queued move-in or new code applies. Resync after that.`,
  );
