import type { Kysely, Selectable, Transaction } from 'kysely';
import type { UnitRow } from '../../src-shared/domain/units.js';
import { toSeq } from '../db/schema.js';
import type { Database, UnitsTable } from '../db/schema.js';
import { idIsAnyOf } from '../sync/rows.js';

type Reader = Kysely<Database> | Transaction<Database>;

/** A unit as it travels to clients. */
export function toUnitRow(row: Selectable<UnitsTable>): UnitRow {
  return {
    id: row.id,
    siteId: row.site_id,
    organisationId: row.organisation_id,
    label: row.label,
    ptiUnitName: row.pti_unit_name,
    building: row.building,
    accessArea: row.access_area,
    doorAlarmChannel: row.door_alarm_channel,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    version: String(toSeq(row.version)),
  };
}

export async function unitRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, UnitRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('units').selectAll().where(idIsAnyOf(ids)).execute();
  return new Map(rows.map((row) => [row.id, toUnitRow(row)]));
}
