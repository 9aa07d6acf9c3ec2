import type { Database } from 'better-sqlite3';
import type {
  PtiUnit,
  PtiUser,
  SiteDefaults,
  SiteSnapshot,
} from '../../../../src-shared/pti/protocol.js';
import { customerOf, ptiTarget, unitOf, type PtiOp } from '../../pti/operations.js';
import { SITE_TABLES } from './pti-sites.js';
import { RENTAL_TABLES } from './pti-rentals.js';
import {
  attentionFor,
  dropOrphanRequests,
  loadPendingOps,
  loadSiteView,
  siteExists,
} from './pti-view.js';

/**
 * The PTI sync engine's bookkeeping: which operation goes next, what an answer changes, and a
 * pulled snapshot replacing the gateway copy. Each runs in one transaction, so an operation is
 * either still queued or recorded with its effect, never in between.
 */

export const ACCESS_TABLES = ['pti_access'];

/** The oldest operation still queued for the site, with its exact request. */
export function nextOperation(
  db: Database,
  args: { siteCode: string },
): { op: PtiOp; attempts: number } | null {
  const [next] = loadPendingOps(db, args.siteCode, 1);
  return next ? { op: next.op, attempts: next.attempts } : null;
}

/** What an applied operation's answer tells about the gateway's state now. */
export interface AppliedOutcome {
  units: PtiUnit[];
  users: PtiUser[];
  removedCustomers: string[];
  defaults: SiteDefaults | null;
  /** Units whose rental this operation pushed. */
  syncedUnits: string[];
  /** A customer whose new code applied: it is shown once. */
  newCodeFor: string | null;
}

function upsertUnit(db: Database, siteCode: string, unit: PtiUnit) {
  db.prepare(
    `INSERT INTO pti_units (site_code, name, building, alarm_channel, user_id, customer_ref, overlocked)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(site_code, name) DO UPDATE SET building = excluded.building, alarm_channel = excluded.alarm_channel,
       user_id = excluded.user_id, customer_ref = excluded.customer_ref, overlocked = excluded.overlocked`,
  ).run(
    siteCode,
    unit.name,
    unit.building,
    unit.alarmChannel,
    unit.userId,
    unit.customerRef,
    unit.overlocked ? 1 : 0,
  );
}

function upsertUser(db: Database, siteCode: string, user: PtiUser) {
  db.prepare(
    `INSERT INTO pti_users (site_code, customer_ref, user_id, customer_name, access_code, access_level, zone)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(site_code, customer_ref) DO UPDATE SET user_id = excluded.user_id,
       customer_name = excluded.customer_name, access_code = excluded.access_code,
       access_level = excluded.access_level, zone = excluded.zone`,
  ).run(
    siteCode,
    user.customerRef,
    user.userId,
    user.customerName,
    user.accessCode,
    user.accessLevel,
    user.zone,
  );
}

function markSynced(db: Database, siteCode: string, units: Iterable<string>, at: string) {
  const mark = db.prepare(
    `INSERT INTO pti_rentals (site_code, unit, synced_at) VALUES (?, ?, ?)
     ON CONFLICT(site_code, unit) DO UPDATE SET synced_at = excluded.synced_at`,
  );
  for (const unit of units) mark.run(siteCode, unit, at);
}

/** The gateway applied the operation: it leaves the queue and its answer updates the copy. */
export function recordApplied(
  db: Database,
  args: { siteCode: string; id: string; outcome: AppliedOutcome; at: string },
): { tables: string[] } {
  const { siteCode, outcome } = args;
  const removed = db
    .prepare("DELETE FROM outbox WHERE id = ? AND target = ? AND state = 'pending'")
    .run(args.id, ptiTarget(siteCode)).changes;
  db.prepare('DELETE FROM pti_op_requests WHERE id = ?').run(args.id);
  if (removed === 0 || !siteExists(db, siteCode)) return { tables: ['outbox'] };
  for (const unit of outcome.units) upsertUnit(db, siteCode, unit);
  for (const user of outcome.users) upsertUser(db, siteCode, user);
  for (const customerRef of outcome.removedCustomers) {
    db.prepare('DELETE FROM pti_users WHERE site_code = ? AND customer_ref = ?').run(
      siteCode,
      customerRef,
    );
    db.prepare('DELETE FROM pti_new_codes WHERE site_code = ? AND customer_ref = ?').run(
      siteCode,
      customerRef,
    );
  }
  if (outcome.defaults)
    db.prepare(
      'UPDATE pti_sites SET default_access_level = ?, default_zone = ? WHERE site_code = ?',
    ).run(outcome.defaults.accessLevel, outcome.defaults.zone, siteCode);
  markSynced(db, siteCode, outcome.syncedUnits, args.at);
  if (outcome.newCodeFor)
    db.prepare(
      `INSERT INTO pti_new_codes (site_code, customer_ref, applied_at) VALUES (?, ?, ?)
       ON CONFLICT(site_code, customer_ref) DO UPDATE SET applied_at = excluded.applied_at`,
    ).run(siteCode, outcome.newCodeFor, args.at);
  return { tables: [...RENTAL_TABLES, ...(outcome.defaults ? SITE_TABLES : [])] };
}

/**
 * The gateway refused the operation: it moves to needs-attention with its content and PTI's
 * reason in words; its request stays beside it for a retry. Its local effect is undone by
 * no longer being laid over the copy.
 */
export function recordRefused(
  db: Database,
  args: { siteCode: string; id: string; code: number; message: string; at: string },
): { tables: string[] } {
  const moved = db
    .prepare(
      `INSERT INTO needs_attention (id, target, name, args, entity_id, code, message, server_row, created_at, failed_at)
       SELECT id, target, name, args, NULL, ?, ?, NULL, created_at, ? FROM outbox
       WHERE id = ? AND target = ? AND state = 'pending'
       ON CONFLICT(id) DO NOTHING`,
    )
    .run(String(args.code), args.message, args.at, args.id, ptiTarget(args.siteCode)).changes;
  db.prepare('DELETE FROM outbox WHERE id = ? AND target = ?').run(
    args.id,
    ptiTarget(args.siteCode),
  );
  return { tables: moved ? ['needs_attention', ...RENTAL_TABLES] : ['outbox'] };
}

/** The gateway could not be asked (offline, 5xx): the operation stays first in line, same key. */
export function recordRetry(
  db: Database,
  args: { id: string; message: string },
): { tables: string[] } {
  db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(
    args.message,
    args.id,
  );
  return { tables: ['outbox'] };
}

/**
 * A pulled snapshot replaces the gateway copy. Every rental that nothing queued or refused
 * concerns now matches the gateway, so the pull confirms it: its "PTI synced" time is now.
 */
export function applySnapshot(
  db: Database,
  args: { siteCode: string; snapshot: SiteSnapshot; at: string },
): { tables: string[] } {
  const { siteCode, snapshot } = args;
  if (!siteExists(db, siteCode)) return { tables: [] };
  db.prepare(
    `UPDATE pti_sites SET name = ?, time_zone = ?, default_access_level = ?, default_zone = ?, last_pull_at = ?
     WHERE site_code = ?`,
  ).run(
    snapshot.site.name,
    snapshot.site.timeZone,
    snapshot.site.defaults.accessLevel,
    snapshot.site.defaults.zone,
    args.at,
    siteCode,
  );
  for (const table of [
    'pti_areas',
    'pti_schedules',
    'pti_access_levels',
    'pti_keypads',
    'pti_units',
    'pti_users',
  ])
    db.prepare(`DELETE FROM ${table} WHERE site_code = ?`).run(siteCode);
  const area = db.prepare('INSERT INTO pti_areas (site_code, id, name) VALUES (?, ?, ?)');
  for (const a of snapshot.areas) area.run(siteCode, a.id, a.name);
  const schedule = db.prepare(
    'INSERT INTO pti_schedules (site_code, id, name, windows) VALUES (?, ?, ?, ?)',
  );
  for (const s of snapshot.schedules)
    schedule.run(siteCode, s.id, s.name, JSON.stringify(s.windows));
  const level = db.prepare(
    'INSERT INTO pti_access_levels (site_code, number, name, area_id, schedule_id) VALUES (?, ?, ?, ?, ?)',
  );
  for (const l of snapshot.accessLevels)
    level.run(siteCode, l.number, l.name, l.areaId, l.scheduleId);
  const keypad = db.prepare(
    'INSERT INTO pti_keypads (site_code, id, name, area_id) VALUES (?, ?, ?, ?)',
  );
  for (const k of snapshot.keypads) keypad.run(siteCode, k.id, k.name, k.areaId);
  for (const unit of snapshot.units) upsertUnit(db, siteCode, unit);
  for (const user of snapshot.users) upsertUser(db, siteCode, user);

  const { view, pending } = loadSiteView(db, siteCode);
  const waiting = [...pending.map((p) => p.op), ...attentionFor(db, siteCode)];
  const siteWide = pending.some((p) => unitOf(p.op) === null);
  const busyUnits = new Set(waiting.map(unitOf));
  const busyCustomers = new Set(waiting.map(customerOf));
  if (!siteWide)
    markSynced(
      db,
      siteCode,
      snapshot.units
        .filter(
          (u) =>
            u.customerRef !== null && !busyUnits.has(u.name) && !busyCustomers.has(u.customerRef),
        )
        .map((u) => u.name),
      args.at,
    );
  // Local facts of units that no longer exist, or that are vacant now, have nothing to describe.
  const vacant = [...view.units.values()].filter((u) => u.customerRef === null).map((u) => u.name);
  db.prepare(
    `DELETE FROM pti_rentals WHERE site_code = ? AND unit NOT IN (SELECT value FROM json_each(?))`,
  ).run(siteCode, JSON.stringify([...view.units.keys()]));
  db.prepare(
    `UPDATE pti_rentals SET overdue = 0, synced_at = NULL
     WHERE site_code = ? AND unit IN (SELECT value FROM json_each(?))`,
  ).run(siteCode, JSON.stringify(vacant));
  db.prepare(
    `DELETE FROM pti_new_codes WHERE site_code = ?
       AND customer_ref NOT IN (SELECT customer_ref FROM pti_users WHERE site_code = ?)`,
  ).run(siteCode, siteCode);
  dropOrphanRequests(db);
  return { tables: [...SITE_TABLES, ...RENTAL_TABLES, ...ACCESS_TABLES] };
}
