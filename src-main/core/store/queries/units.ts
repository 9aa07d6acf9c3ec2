import type { Database } from 'better-sqlite3';
import type {
  UnitListItem,
  UnitMappingField,
  UnitRow,
} from '../../../../src-shared/domain/units.js';
import type { LocalMutation } from '../../sync/local-effects.js';
import {
  applyToUnit,
  fieldsOf,
  unitEntity,
  unitEntityRange,
  unitIdOf,
} from '../../sync/unit-effects.js';

/**
 * A profile's copy of its sites' units. `units` is what the user sees (the server's row with
 * queued changes laid over it); `units_server` keeps the server's row while changes are queued,
 * to rebase on. Row states for the mapping grid come from the outbox and needs-attention.
 */

const columns = [
  'id',
  'site_id',
  'organisation_id',
  'label',
  'pti_unit_name',
  'building',
  'access_area',
  'door_alarm_channel',
  'updated_by',
  'updated_at',
  'version',
] as const;

interface UnitRecord {
  id: string;
  site_id: string;
  organisation_id: string;
  label: string;
  pti_unit_name: string | null;
  building: string | null;
  access_area: number | null;
  door_alarm_channel: number | null;
  updated_by: string | null;
  updated_at: string;
  version: string;
}

const fromRecord = (r: UnitRecord): UnitRow => ({
  id: r.id,
  siteId: r.site_id,
  organisationId: r.organisation_id,
  label: r.label,
  ptiUnitName: r.pti_unit_name,
  building: r.building,
  accessArea: r.access_area,
  doorAlarmChannel: r.door_alarm_channel,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  version: r.version,
});

const params = (u: UnitRow) => ({
  id: u.id,
  site_id: u.siteId,
  organisation_id: u.organisationId,
  label: u.label,
  pti_unit_name: u.ptiUnitName,
  building: u.building,
  access_area: u.accessArea,
  door_alarm_channel: u.doorAlarmChannel,
  updated_by: u.updatedBy,
  updated_at: u.updatedAt,
  version: u.version,
});

const upsertSql = (table: 'units' | 'units_server', extra: string[] = []) => {
  const all = [...columns, ...extra];
  return `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((c) => '@' + c).join(', ')})
    ON CONFLICT(id) DO UPDATE SET ${all
      .filter((c) => c !== 'id')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`;
};

export function readUnit(
  db: Database,
  table: 'units' | 'units_server',
  id: string,
): UnitRow | null {
  const row = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE id = ?`).get(id) as
    UnitRecord | undefined;
  return row ? fromRecord(row) : null;
}

function writeUnit(db: Database, unit: UnitRow, pending: boolean): void {
  db.prepare(upsertSql('units', ['pending'])).run({ ...params(unit), pending: pending ? 1 : 0 });
}

function writeUnitShadow(db: Database, unit: UnitRow): void {
  db.prepare(upsertSql('units_server')).run(params(unit));
}

const queuedFor = (db: Database, unitId: string) =>
  db
    .prepare('SELECT id, name, args, created_at FROM outbox WHERE entity_id = ? ORDER BY seq')
    .all(unitEntity(unitId)) as { id: string; name: string; args: string; created_at: string }[];

/** Before the first queued change of a server unit: keep the server's row to rebase on. */
export function keepUnitShadow(db: Database, unitId: string): void {
  const queued = db
    .prepare('SELECT 1 FROM outbox WHERE entity_id = ? LIMIT 1')
    .get(unitEntity(unitId));
  if (queued || readUnit(db, 'units_server', unitId)) return;
  const current = readUnit(db, 'units', unitId);
  if (current && current.version !== '0') writeUnitShadow(db, current);
}

/** Recomputes a unit's local row as its server row with every queued mutation on top, in order. */
export function recomputeUnit(db: Database, unitId: string, userId: string | null): void {
  const queued = queuedFor(db, unitId);
  const server = readUnit(db, 'units_server', unitId);
  if (queued.length === 0) {
    if (server) {
      writeUnit(db, server, false);
      db.prepare('DELETE FROM units_server WHERE id = ?').run(unitId);
    } else {
      db.prepare('UPDATE units SET pending = 0 WHERE id = ? AND pending = 1').run(unitId);
      // a unit that only ever existed here and whose creation was refused disappears
      db.prepare("DELETE FROM units WHERE id = ? AND version = '0'").run(unitId);
    }
    return;
  }
  const organisation = db.prepare('SELECT organisation_id FROM sites WHERE id = ?');
  const ctx = {
    organisationOf: (siteId: string) =>
      (organisation.get(siteId) as { organisation_id: string } | undefined)?.organisation_id ??
      null,
    userId,
  };
  // Without a kept server row (after a history reset), a server unit's own row is the base:
  // mapping edits set absolute values, so laying them over it again changes nothing.
  const local = readUnit(db, 'units', unitId);
  let unit = server ?? (local && local.version !== '0' ? local : null);
  for (const q of queued) {
    const mutation: LocalMutation = {
      id: q.id,
      name: q.name,
      args: JSON.parse(q.args) as unknown,
      createdAt: q.created_at,
    };
    unit = applyToUnit(unit, mutation, ctx);
  }
  if (unit) writeUnit(db, unit, true);
  else db.prepare('DELETE FROM units WHERE id = ?').run(unitId);
}

/** A pulled unit: straight into place, or under the mutations still queued on it. */
export function applyServerUnit(db: Database, row: UnitRow, userId: string | null): void {
  const queued = db
    .prepare('SELECT 1 FROM outbox WHERE entity_id = ? LIMIT 1')
    .get(unitEntity(row.id));
  if (queued) {
    writeUnitShadow(db, row);
    recomputeUnit(db, row.id, userId);
  } else {
    writeUnit(db, row, false);
  }
}

export function deleteServerUnit(db: Database, unitId: string): void {
  db.prepare('DELETE FROM units WHERE id = ?').run(unitId);
  db.prepare('DELETE FROM units_server WHERE id = ?').run(unitId);
}

// ── reads for the mapping grid and the services ──────────────────────────────────────────────

interface QueuedRecord {
  entity_id: string;
  name: string;
  args: string;
}
interface RefusedRecord extends QueuedRecord {
  id: string;
  code: string;
  message: string;
}

/**
 * A site's units in label order, each with its sync state. One indexed range read of the units
 * (units_by_site) and one of the unit entries in the outbox and needs-attention, so the grid
 * stays fast at thousands of units.
 */
export function listUnits(db: Database, args: { siteId: string }): UnitListItem[] {
  const rows = db
    .prepare(
      `SELECT id, site_id AS siteId, organisation_id AS organisationId, label,
         pti_unit_name AS ptiUnitName, building, access_area AS accessArea,
         door_alarm_channel AS doorAlarmChannel, updated_by AS updatedBy, updated_at AS updatedAt,
         version, 'synced' AS syncState, NULL AS failure
       FROM units WHERE site_id = ? ORDER BY label COLLATE NOCASE, id`,
    )
    .all(args.siteId) as (Omit<UnitListItem, 'pendingFields'> & { pendingFields?: string[] })[];
  if (rows.length === 0) return [];

  const pending = new Map<string, Set<UnitMappingField>>();
  const queued = db
    .prepare(
      'SELECT entity_id, name, args FROM outbox WHERE entity_id >= ? AND entity_id < ? ORDER BY seq',
    )
    .all(unitEntityRange.from, unitEntityRange.to) as QueuedRecord[];
  for (const q of queued) {
    const id = unitIdOf(q.entity_id);
    const fields = pending.get(id) ?? new Set<UnitMappingField>();
    for (const f of fieldsOf(q.name, JSON.parse(q.args))) fields.add(f);
    pending.set(id, fields);
  }

  const failures = new Map<string, UnitListItem['failure']>();
  const refused = db
    .prepare(
      `SELECT id, entity_id, name, args, code, message FROM needs_attention
       WHERE entity_id >= ? AND entity_id < ? ORDER BY failed_at, id`,
    )
    .all(unitEntityRange.from, unitEntityRange.to) as RefusedRecord[];
  for (const r of refused) {
    const attempted = JSON.parse(r.args) as Record<string, unknown>;
    // the newest refusal wins: it is the one the user sees on the row
    failures.set(unitIdOf(r.entity_id), {
      attentionId: r.id,
      name: r.name,
      code: r.code,
      message: r.message,
      fields: fieldsOf(r.name, attempted),
      attempted,
    });
  }

  // Most rows are synced: only those with queued or refused changes are touched again.
  for (const row of rows) {
    const fields = pending.get(row.id);
    const failure = failures.get(row.id);
    row.pendingFields = fields ? [...fields] : [];
    if (failure) {
      row.failure = failure;
      row.syncState = 'failed';
    } else if (fields) {
      row.syncState = 'pending';
    }
  }
  return rows as UnitListItem[];
}

/**
 * The unit as the user sees it, and the server version their edit is based on (If-Match):
 * the server's row while changes are queued, null for a unit the server does not have yet.
 */
export function unitForEdit(
  db: Database,
  args: { unitId: string },
): { unit: UnitRow; baseVersion: string | null } | null {
  const unit = readUnit(db, 'units', args.unitId);
  if (!unit) return null;
  const server = readUnit(db, 'units_server', args.unitId);
  const version = server?.version ?? unit.version;
  return { unit, baseVersion: version === '0' ? null : version };
}

/** The label of the unit of a site that already uses this label or PTI name, if any. */
export function unitNameHolder(
  db: Database,
  args: { siteId: string; field: 'label' | 'ptiUnitName'; value: string; exceptId: string | null },
): string | null {
  const column = args.field === 'label' ? 'label' : 'pti_unit_name';
  const row = db
    .prepare(`SELECT label FROM units WHERE site_id = ? AND ${column} = ? AND id IS NOT ? LIMIT 1`)
    .get(args.siteId, args.value, args.exceptId) as { label: string } | undefined;
  return row?.label ?? null;
}

/** A synced site, for checks before a unit mutation is queued. */
export function siteOfUnits(
  db: Database,
  args: { siteId: string },
): { id: string; code: string; name: string; organisationId: string } | null {
  const row = db
    .prepare('SELECT id, code, name, organisation_id AS organisationId FROM sites WHERE id = ?')
    .get(args.siteId) as
    { id: string; code: string; name: string; organisationId: string } | undefined;
  return row ?? null;
}
