import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { PlanContext } from '../../pti/plan-actions.js';
import { ptiTarget, type PlannedOp, type PtiOp } from '../../pti/operations.js';
import { foldOperations, type SiteView } from '../../pti/site-view.js';

/**
 * Reading a site as the client shows it: the gateway copy in the pti_* tables with the site's
 * pending outbox operations laid over it. Shared by the site, rental and sync queries.
 */

interface UnitRow {
  name: string;
  building: string | null;
  alarm_channel: number | null;
  customer_ref: string | null;
  overlocked: number;
}
interface UserRow {
  customer_ref: string;
  user_id: string;
  customer_name: string | null;
  access_code: string;
  access_level: number | null;
  zone: number | null;
}

export function siteExists(db: Database, siteCode: string): boolean {
  return db.prepare('SELECT 1 FROM pti_sites WHERE site_code = ?').get(siteCode) !== undefined;
}

/** The gateway's state as last known. */
export function loadCopy(db: Database, siteCode: string): SiteView {
  const site = db
    .prepare('SELECT default_access_level, default_zone FROM pti_sites WHERE site_code = ?')
    .get(siteCode) as
    { default_access_level: number | null; default_zone: number | null } | undefined;
  const units = db
    .prepare(
      'SELECT name, building, alarm_channel, customer_ref, overlocked FROM pti_units WHERE site_code = ?',
    )
    .all(siteCode) as UnitRow[];
  const users = db
    .prepare(
      'SELECT customer_ref, user_id, customer_name, access_code, access_level, zone FROM pti_users WHERE site_code = ?',
    )
    .all(siteCode) as UserRow[];
  return {
    defaults: {
      accessLevel: site?.default_access_level ?? null,
      zone: site?.default_zone ?? null,
    },
    units: new Map(
      units.map((u) => [
        u.name,
        {
          name: u.name,
          building: u.building,
          alarmChannel: u.alarm_channel,
          customerRef: u.customer_ref,
          overlocked: u.overlocked === 1,
          known: true,
        },
      ]),
    ),
    customers: new Map(
      users.map((u) => [
        u.customer_ref,
        {
          customerRef: u.customer_ref,
          userId: u.user_id,
          customerName: u.customer_name,
          accessCode: u.access_code,
          accessLevel: u.access_level,
          zone: u.zone,
        },
      ]),
    ),
  };
}

export interface StoredPtiOp {
  seq: number;
  op: PtiOp;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

interface OpRow {
  seq: number;
  id: string;
  name: PtiOp['name'];
  args: string;
  body: string | null;
  created_at: string;
  attempts: number;
  last_error: string | null;
}

const toStored = (r: OpRow): StoredPtiOp => ({
  seq: r.seq,
  op: {
    id: r.id,
    name: r.name,
    args: JSON.parse(r.args),
    request: r.body === null ? {} : JSON.parse(r.body),
  } as PtiOp,
  createdAt: r.created_at,
  attempts: r.attempts,
  lastError: r.last_error,
});

/** The site's operations still waiting for the gateway, oldest first. */
export function loadPendingOps(db: Database, siteCode: string, limit = -1): StoredPtiOp[] {
  return (
    db
      .prepare(
        `SELECT o.seq, o.id, o.name, o.args, r.body, o.created_at, o.attempts, o.last_error
         FROM outbox o LEFT JOIN pti_op_requests r ON r.id = o.id
         WHERE o.target = ? AND o.state = 'pending' ORDER BY o.seq LIMIT ?`,
      )
      .all(ptiTarget(siteCode), limit) as OpRow[]
  ).map(toStored);
}

export interface LoadedSiteView {
  copy: SiteView;
  view: SiteView;
  pending: StoredPtiOp[];
}

/**
 * The site's view, kept per connection between calls: on a large site reading the copy and
 * folding every queued operation costs tens of milliseconds, and each queued write needs it.
 * An entry is valid while nothing at all changed on the connection since it was read
 * (`total_changes()` counts every row written, committed or not). An operation queued by
 * `noteQueued` is folded onto the entry instead of reading everything again, once the next call
 * sees that exactly those rows were added (so a rolled-back write is never taken for one).
 */
interface CachedSiteView extends LoadedSiteView {
  stamp: number;
  /** Set by noteQueued: the writes since `stamp` were these appended operations, and nothing else. */
  queued: { toStamp: number; count: number } | null;
}

const cachedViews = new WeakMap<Database, Map<string, CachedSiteView>>();

const totalChanges = (db: Database) =>
  (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

const lastSeq = (pending: readonly StoredPtiOp[]) => pending.at(-1)?.seq ?? 0;

function buildSiteView(db: Database, siteCode: string): LoadedSiteView {
  const copy = loadCopy(db, siteCode);
  const pending = loadPendingOps(db, siteCode);
  return {
    copy,
    view: foldOperations(
      copy,
      pending.map((p) => p.op),
    ),
    pending,
  };
}

/**
 * The site as the client shows it. `fresh: true` says the caller's transaction has written
 * nothing yet, so what it reads is committed and may be kept for the next call.
 */
export function loadSiteView(
  db: Database,
  siteCode: string,
  options: { fresh?: boolean } = {},
): LoadedSiteView {
  let sites = cachedViews.get(db);
  if (!sites) cachedViews.set(db, (sites = new Map()));
  const stamp = totalChanges(db);
  const cached = sites.get(siteCode);
  if (cached?.stamp === stamp) return cached;
  if (cached?.queued?.toStamp === stamp) {
    const added = db
      .prepare(
        `SELECT o.seq, o.id, o.name, o.args, r.body, o.created_at, o.attempts, o.last_error
         FROM outbox o LEFT JOIN pti_op_requests r ON r.id = o.id
         WHERE o.target = ? AND o.state = 'pending' AND o.seq > ? ORDER BY o.seq`,
      )
      .all(ptiTarget(siteCode), lastSeq(cached.pending)) as OpRow[];
    if (added.length === cached.queued.count) {
      const ops = added.map(toStored);
      const next: CachedSiteView = {
        copy: cached.copy,
        view: foldOperations(
          cached.view,
          ops.map((p) => p.op),
        ),
        pending: [...cached.pending, ...ops],
        stamp,
        queued: null,
      };
      sites.set(siteCode, next);
      return next;
    }
  }
  sites.delete(siteCode);
  const built = buildSiteView(db, siteCode);
  // Read inside a transaction that may already have written: not kept, it could roll back.
  if (options.fresh || !db.inTransaction) sites.set(siteCode, { ...built, stamp, queued: null });
  return built;
}

/**
 * Tells the cache that, since the site's view was read, the only writes were `count` operations
 * appended to its queue; the next read folds them on rather than reading the site again.
 */
export function noteQueued(db: Database, siteCode: string, count: number, fromStamp: number): void {
  const cached = cachedViews.get(db)?.get(siteCode);
  if (!cached || cached.stamp !== fromStamp || count === 0) return;
  cached.queued = { toStamp: totalChanges(db), count };
}

/** The connection's change count now: pass it to noteQueued after queuing. */
export const changeStamp = totalChanges;

export function lastPullAt(db: Database, siteCode: string): string | null {
  const row = db.prepare('SELECT last_pull_at FROM pti_sites WHERE site_code = ?').get(siteCode) as
    { last_pull_at: string | null } | undefined;
  return row?.last_pull_at ?? null;
}

/** The numbers a level or zone may take at the site; null before the first pull. */
export function accessNumbers(
  db: Database,
  siteCode: string,
): { accessLevels: number[]; schedules: number[] } | null {
  if (lastPullAt(db, siteCode) === null) return null;
  const numbers = (sql: string) =>
    (db.prepare(sql).all(siteCode) as { n: number }[]).map((r) => r.n);
  return {
    accessLevels: numbers('SELECT number AS n FROM pti_access_levels WHERE site_code = ?'),
    schedules: numbers('SELECT id AS n FROM pti_schedules WHERE site_code = ?'),
  };
}

export function overdueUnits(db: Database, siteCode: string): Set<string> {
  return new Set(
    (
      db
        .prepare('SELECT unit FROM pti_rentals WHERE site_code = ? AND overdue = 1')
        .all(siteCode) as { unit: string }[]
    ).map((r) => r.unit),
  );
}

export function planContext(
  db: Database,
  siteCode: string,
  options: { fresh?: boolean } = {},
): PlanContext & { pending: StoredPtiOp[] } {
  const { view, pending } = loadSiteView(db, siteCode, options);
  const overdue = overdueUnits(db, siteCode);
  return {
    siteCode,
    view,
    access: accessNumbers(db, siteCode),
    overdue: (unit) => overdue.has(unit),
    pending,
  };
}

/** Queues planned operations in order, each with a new id (its idempotency key). */
export function insertOps(db: Database, siteCode: string, ops: PlannedOp[], at: string): string[] {
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (id, target, name, args, base_version, entity_id, created_at)
     VALUES (?, ?, ?, ?, NULL, NULL, ?)`,
  );
  const insertRequest = db.prepare('INSERT INTO pti_op_requests (id, body) VALUES (?, ?)');
  return ops.map((op) => {
    const id = randomUUID();
    insertOutbox.run(id, ptiTarget(siteCode), op.name, JSON.stringify(op.args), at);
    insertRequest.run(id, JSON.stringify(op.request));
    return id;
  });
}

export function setOverdue(db: Database, siteCode: string, unit: string, overdue: boolean): void {
  db.prepare(
    `INSERT INTO pti_rentals (site_code, unit, overdue) VALUES (?, ?, ?)
     ON CONFLICT(site_code, unit) DO UPDATE SET overdue = excluded.overdue`,
  ).run(siteCode, unit, overdue ? 1 : 0);
}

export interface PtiAttentionRecord {
  id: string;
  name: PtiOp['name'];
  args: PtiOp['args'];
  code: number;
  message: string;
  createdAt: string;
  failedAt: string;
}

/** The site's refused operations waiting for a decision, oldest first. */
export function attentionFor(db: Database, siteCode: string): PtiAttentionRecord[] {
  return (
    db
      .prepare(
        'SELECT id, name, args, code, message, created_at, failed_at FROM needs_attention WHERE target = ? ORDER BY failed_at, id',
      )
      .all(ptiTarget(siteCode)) as {
      id: string;
      name: PtiOp['name'];
      args: string;
      code: string;
      message: string;
      created_at: string;
      failed_at: string;
    }[]
  ).map((r) => ({
    id: r.id,
    name: r.name,
    args: JSON.parse(r.args) as PtiOp['args'],
    code: Number(r.code),
    message: r.message,
    createdAt: r.created_at,
    failedAt: r.failed_at,
  }));
}

/** Requests of operations that are neither queued nor waiting in needs-attention any more. */
export function dropOrphanRequests(db: Database): void {
  db.prepare(
    `DELETE FROM pti_op_requests WHERE id NOT IN (SELECT id FROM outbox)
       AND id NOT IN (SELECT id FROM needs_attention)`,
  ).run();
}
