import type { AppliedOutcome } from '../store/queries/pti-sync.js';
import type { PtiOp } from './operations.js';
import type { PtiConnector, PtiResult } from './pti-connector.js';

const nothing: AppliedOutcome = {
  units: [],
  users: [],
  removedCustomers: [],
  defaults: null,
  syncedUnits: [],
  newCodeFor: null,
};

const map = <T>(
  result: PtiResult<T>,
  pick: (value: T) => AppliedOutcome,
): PtiResult<AppliedOutcome> => (result.ok ? { ...result, value: pick(result.value) } : result);

/**
 * Sends one queued operation with its id as the idempotency key (the same key on every attempt,
 * so an answer lost after the gateway committed is answered again, not applied twice), and says
 * what the answer tells about the gateway's state.
 */
export async function sendOperation(
  connector: PtiConnector,
  op: PtiOp,
): Promise<PtiResult<AppliedOutcome>> {
  const command = { idempotencyKey: op.id };
  switch (op.name) {
    case 'pti.moveIn':
      return map(await connector.rent(op.args.unit, op.request, command), (v) => ({
        ...nothing,
        units: [v.unit],
        users: [v.user],
        syncedUnits: [v.unit.name],
        newCodeFor: v.userCreated ? v.user.customerRef : null,
      }));
    case 'pti.moveOut':
      return map(await connector.vacate(op.args.unit, command), (v) => ({
        ...nothing,
        units: [v.unit],
        removedCustomers: v.userRemoved ? [op.args.customerRef] : [],
      }));
    case 'pti.lock':
      return map(await connector.lock(op.args.unit, command), (v) => ({
        ...nothing,
        units: [v.unit],
        syncedUnits: [v.unit.name],
      }));
    case 'pti.unlock':
      return map(await connector.unlock(op.args.unit, command), (v) => ({
        ...nothing,
        units: [v.unit],
        syncedUnits: [v.unit.name],
      }));
    case 'pti.regenerateCode':
      return map(
        await connector.regenerateCode(op.args.customerRef, op.request.accessCode, command),
        (v) => ({
          ...nothing,
          users: [v.user],
          syncedUnits: v.user.units,
          newCodeFor: v.user.customerRef,
        }),
      );
    case 'pti.setAccessLevel':
      return map(
        await connector.setAccessLevel(op.args.customerRef, op.request.accessLevel, command),
        (v) => ({ ...nothing, users: [v.user], syncedUnits: v.user.units }),
      );
    case 'pti.setZone':
      return map(await connector.setZone(op.args.customerRef, op.request.zone, command), (v) => ({
        ...nothing,
        users: [v.user],
        syncedUnits: v.user.units,
      }));
    case 'pti.resyncRental':
      return map(await connector.resyncRental(op.args.unit, op.request, command), (v) => ({
        ...nothing,
        units: [v.unit],
        users: [v.user],
        syncedUnits: v.user.units,
      }));
    case 'pti.resyncSite':
      // The answer only counts changes; the pull that follows brings the state.
      return map(await connector.resyncSite(op.request, command), () => ({
        ...nothing,
        defaults: op.request.defaults,
        syncedUnits: op.request.tenants.flatMap((t) => t.units.map((u) => u.name)),
      }));
    case 'pti.setDefaults':
      return map(await connector.setDefaults(op.request, command), (v) => ({
        ...nothing,
        defaults: v.defaults,
      }));
  }
}
