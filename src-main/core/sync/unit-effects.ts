import type { UnitMappingField, UnitRow } from '../../../src-shared/domain/units.js';
import {
  mutationArgs,
  type MutationArgs,
  type MutationName,
} from '../../../src-shared/mutations.js';
import type { LocalMutation } from './local-effects.js';

/**
 * The optimistic effect of each unit mutation, as a pure function: the same code runs when the
 * user acts and whenever pulled units are rebased under pending mutations, so a unit shows
 * "the server's row + my queued changes, in order".
 */

/** Outbox entity ids of units are prefixed, so they never meet a ticket id. */
const prefix = 'unit:';
export const unitEntity = (unitId: string): string => prefix + unitId;
export const isUnitEntity = (entity: string): boolean => entity.startsWith(prefix);
export const unitIdOf = (entity: string): string => entity.slice(prefix.length);
/** Bounds of the unit entity ids, for an index range scan of the outbox. */
export const unitEntityRange = { from: prefix, to: 'unit;' } as const;

export interface UnitEffectContext {
  /** The organisation of a site this client knows, for units created here. */
  organisationOf(siteId: string): string | null;
  userId: string | null;
}

function parsed<N extends MutationName>(name: N, args: unknown): MutationArgs<N> | null {
  const result = mutationArgs[name].safeParse(args);
  return result.success ? (result.data as MutationArgs<N>) : null;
}

export function applyToUnit(
  unit: UnitRow | null,
  mutation: LocalMutation,
  ctx: UnitEffectContext,
): UnitRow | null {
  switch (mutation.name) {
    case 'unit.create': {
      if (unit) return unit; // the server already has it: its row wins
      const a = parsed('unit.create', mutation.args);
      if (!a) return null;
      return {
        id: a.unitId,
        siteId: a.siteId,
        organisationId: ctx.organisationOf(a.siteId) ?? '',
        label: a.label,
        ptiUnitName: a.ptiUnitName,
        building: a.building,
        accessArea: a.accessArea,
        doorAlarmChannel: a.doorAlarmChannel,
        updatedBy: ctx.userId,
        updatedAt: mutation.createdAt,
        version: '0', // not on the server yet
      };
    }
    case 'unit.setMapping': {
      const a = parsed('unit.setMapping', mutation.args);
      if (!unit || !a) return unit;
      return {
        ...unit,
        ptiUnitName: a.ptiUnitName,
        building: a.building === undefined ? unit.building : a.building,
        accessArea: a.accessArea === undefined ? unit.accessArea : a.accessArea,
        doorAlarmChannel:
          a.doorAlarmChannel === undefined ? unit.doorAlarmChannel : a.doorAlarmChannel,
        updatedBy: ctx.userId,
        updatedAt: mutation.createdAt,
      };
    }
    case 'unit.remove':
      return null;
    default:
      return unit;
  }
}

/** The grid cells a unit mutation touches. */
export function fieldsOf(name: string, args: unknown): UnitMappingField[] {
  const a = (args ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'unit.create':
    case 'unit.remove':
      return ['ptiUnitName', 'building', 'accessArea', 'doorAlarmChannel'];
    case 'unit.setMapping':
      return (['ptiUnitName', 'building', 'accessArea', 'doorAlarmChannel'] as const).filter(
        (field) => field === 'ptiUnitName' || a[field] !== undefined,
      );
    default:
      return [];
  }
}
