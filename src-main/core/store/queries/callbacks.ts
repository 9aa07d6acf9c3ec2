import type { Database } from 'better-sqlite3';
import type { CallbackView } from '../../../../src-shared/domain/callbacks.js';
import type { CallbackRow, CallbackStatus } from '../../../../src-shared/sync-protocol.js';
import { applyToCallback, callbackIdOf } from '../../sync/callback-effects.js';
import type { ActingUser, LocalMutation } from '../../sync/local-effects.js';

/**
 * Callbacks in the local store: the server's rows, with the callback mutations still in the
 * outbox laid over them at read time. A booking is `tentative` while its callback.book is queued
 * (or sent but not yet pulled back); a refused one leaves the outbox for needs-attention and so
 * disappears from the calendar by itself.
 */

interface CallbackRecord {
  id: string;
  ticket_id: string;
  organisation_id: string;
  status: CallbackStatus;
  requested_by_id: string | null;
  window_start: string | null;
  window_end: string | null;
  customer_time_zone: string | null;
  phone: string | null;
  note: string;
  technician_id: string | null;
  starts_at: string | null;
  duration_minutes: number | null;
  booked_by_id: string | null;
  completed_at: string | null;
  outcome_note: string | null;
  created_at: string;
  updated_at: string;
  version: string;
}

const toRow = (r: CallbackRecord): CallbackRow => ({
  id: r.id,
  ticketId: r.ticket_id,
  organisationId: r.organisation_id,
  status: r.status,
  requestedById: r.requested_by_id,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  customerTimeZone: r.customer_time_zone,
  phone: r.phone,
  note: r.note,
  technicianId: r.technician_id,
  startsAt: r.starts_at,
  durationMinutes: r.duration_minutes,
  bookedById: r.booked_by_id,
  completedAt: r.completed_at,
  outcomeNote: r.outcome_note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

// Instants are kept as toISOString() text, so that they compare correctly as strings.
const iso = (instant: string | null) => (instant === null ? null : new Date(instant).toISOString());

export function applyServerCallback(db: Database, row: CallbackRow): void {
  db.prepare(
    `INSERT INTO callbacks (id, ticket_id, organisation_id, status, requested_by_id, window_start,
       window_end, customer_time_zone, phone, note, technician_id, starts_at, duration_minutes,
       booked_by_id, completed_at, outcome_note, created_at, updated_at, version)
     VALUES (@id, @ticketId, @organisationId, @status, @requestedById, @windowStart, @windowEnd,
       @customerTimeZone, @phone, @note, @technicianId, @startsAt, @durationMinutes, @bookedById,
       @completedAt, @outcomeNote, @createdAt, @updatedAt, @version)
     ON CONFLICT(id) DO UPDATE SET ticket_id = excluded.ticket_id,
       organisation_id = excluded.organisation_id, status = excluded.status,
       requested_by_id = excluded.requested_by_id, window_start = excluded.window_start,
       window_end = excluded.window_end, customer_time_zone = excluded.customer_time_zone,
       phone = excluded.phone, note = excluded.note, technician_id = excluded.technician_id,
       starts_at = excluded.starts_at, duration_minutes = excluded.duration_minutes,
       booked_by_id = excluded.booked_by_id, completed_at = excluded.completed_at,
       outcome_note = excluded.outcome_note, created_at = excluded.created_at,
       updated_at = excluded.updated_at, version = excluded.version`,
  ).run({
    ...row,
    windowStart: iso(row.windowStart),
    windowEnd: iso(row.windowEnd),
    startsAt: iso(row.startsAt),
    completedAt: iso(row.completedAt),
  });
}

interface Overlaid {
  rows: Map<string, CallbackRow>;
  /** Callbacks whose booking is queued here and not yet confirmed by a pull. */
  tentative: Set<string>;
  /** Callbacks with any queued change. */
  pending: Set<string>;
}

/**
 * Lays the queued callback mutations over `rows` (server rows, by id), in outbox order; only
 * those of `ticketId` when given (every callback mutation names its ticket, its outbox entity),
 * which reads them by index instead of going through the whole queue.
 */
function withQueued(
  db: Database,
  rows: Map<string, CallbackRow>,
  ticketId: string | null = null,
): Overlaid {
  const tentative = new Set<string>();
  const pending = new Set<string>();
  const queued = (
    ticketId === null
      ? db
          .prepare(
            "SELECT name, args, created_at FROM outbox WHERE name LIKE 'callback.%' ORDER BY seq",
          )
          .all()
      : db
          .prepare(
            "SELECT name, args, created_at FROM outbox WHERE entity_id = ? AND name LIKE 'callback.%' ORDER BY seq",
          )
          .all(ticketId)
  ) as { name: string; args: string; created_at: string }[];
  if (queued.length === 0) return { rows, tentative, pending };
  const raw = (
    db.prepare("SELECT value FROM sync_meta WHERE key = 'session_user'").get() as
      { value: string } | undefined
  )?.value;
  const user = raw ? (JSON.parse(raw) as ActingUser) : null;
  if (!user) return { rows, tentative, pending };
  const serverRow = db.prepare('SELECT * FROM callbacks WHERE id = ?');
  const ticketOrganisation = db.prepare('SELECT organisation_id FROM tickets WHERE id = ?');
  for (const q of queued) {
    const mutation: LocalMutation = {
      id: '',
      name: q.name,
      args: JSON.parse(q.args) as unknown,
      createdAt: q.created_at,
    };
    const id = callbackIdOf(mutation);
    if (!id) continue;
    let current = rows.get(id) ?? null;
    if (!current) {
      const stored = serverRow.get(id) as CallbackRecord | undefined;
      current = stored ? toRow(stored) : null;
    }
    const ticketId = (mutation.args as { ticketId?: string }).ticketId ?? current?.ticketId ?? '';
    const organisationId =
      current?.organisationId ??
      (ticketOrganisation.get(ticketId) as { organisation_id: string } | undefined)
        ?.organisation_id ??
      user.organisationId ??
      '';
    const next = applyToCallback(current, mutation, user, organisationId);
    if (!next) continue;
    rows.set(id, next);
    pending.add(id);
    if (q.name === 'callback.book' && next.status === 'booked') tentative.add(id);
  }
  return { rows, tentative, pending };
}

function viewsOf(db: Database, overlaid: Overlaid, rows: CallbackRow[]): CallbackView[] {
  const ticket = db.prepare('SELECT number, subject FROM tickets WHERE id = ?');
  const person = db.prepare('SELECT name FROM users WHERE id = ?');
  const organisation = db.prepare('SELECT name FROM organisations WHERE id = ?');
  const nameOf = (id: string | null) =>
    id === null ? null : ((person.get(id) as { name: string } | undefined)?.name ?? null);
  return rows.map(({ version: _version, ...row }) => {
    const t = ticket.get(row.ticketId) as { number: string | null; subject: string } | undefined;
    return {
      ...row,
      ticketNumber: t?.number ?? null,
      ticketSubject: t?.subject ?? '',
      technicianName: nameOf(row.technicianId),
      requesterName: nameOf(row.requestedById),
      organisationName:
        (organisation.get(row.organisationId) as { name: string } | undefined)?.name ?? null,
      tentative: overlaid.tentative.has(row.id),
      pending: overlaid.pending.has(row.id),
    };
  });
}

const startOf = (row: CallbackRow) => row.startsAt ?? row.windowStart ?? row.createdAt;
const endOf = (row: CallbackRow) =>
  row.startsAt !== null
    ? new Date(Date.parse(row.startsAt) + (row.durationMinutes ?? 0) * 60_000).toISOString()
    : (row.windowEnd ?? row.createdAt);

/**
 * Callbacks that overlap [from, to): booked (and finished) ones by their slot, requests not yet
 * booked by their window; one technician's, or everyone's.
 */
export function listCallbacks(
  db: Database,
  args: { from: string; to: string; technicianId?: string | null; includeRequested: boolean },
): CallbackView[] {
  const from = new Date(args.from).toISOString();
  const to = new Date(args.to).toISOString();
  // Bookings last at most a few hours: a slot starting this long before `from` cannot reach it.
  const earliest = new Date(Date.parse(from) - 24 * 3_600_000).toISOString();
  const records = db
    .prepare(
      `SELECT * FROM callbacks
       WHERE (starts_at >= ? AND starts_at < ?)
          OR (starts_at IS NULL AND window_start < ? AND window_end > ?)`,
    )
    .all(earliest, to, to, from) as CallbackRecord[];
  const overlaid = withQueued(db, new Map(records.map((r) => [r.id, toRow(r)])));
  const rows = [...overlaid.rows.values()]
    .filter((row) => startOf(row) < to && endOf(row) > from)
    .filter((row) => !args.technicianId || row.technicianId === args.technicianId)
    .filter((row) => args.includeRequested || row.status !== 'requested')
    .sort((a, b) => startOf(a).localeCompare(startOf(b)) || a.id.localeCompare(b.id));
  return viewsOf(db, overlaid, rows);
}

/** A ticket's callback that is requested or booked (with queued changes), or null. */
export function openCallbackOfTicket(db: Database, ticketId: string): CallbackView | null {
  const records = db
    .prepare('SELECT * FROM callbacks WHERE ticket_id = ?')
    .all(ticketId) as CallbackRecord[];
  const overlaid = withQueued(db, new Map(records.map((r) => [r.id, toRow(r)])), ticketId);
  const open = [...overlaid.rows.values()]
    .filter((row) => row.ticketId === ticketId)
    .filter((row) => row.status === 'requested' || row.status === 'booked')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return open.length ? viewsOf(db, overlaid, [open[0]!])[0]! : null;
}

/** One callback with queued changes laid over it, or null. */
export function getCallback(db: Database, args: { id: string }): CallbackView | null {
  const record = db.prepare('SELECT * FROM callbacks WHERE id = ?').get(args.id) as
    CallbackRecord | undefined;
  const overlaid = withQueued(db, new Map(record ? [[record.id, toRow(record)]] : []));
  const row = overlaid.rows.get(args.id);
  return row ? viewsOf(db, overlaid, [row])[0]! : null;
}

/**
 * The time a technician is taken in [from, to), tentative bookings included: booked calls, and
 * calls that took place or were missed (the server keeps their slots); cancelled ones free theirs.
 */
export function technicianBusy(
  db: Database,
  args: { technicianId: string; from: string; to: string; exceptCallbackId?: string | null },
): { callbackId: string; start: string; end: string }[] {
  return listCallbacks(db, {
    from: args.from,
    to: args.to,
    technicianId: args.technicianId,
    includeRequested: false,
  })
    .filter((c) => c.status !== 'cancelled' && c.startsAt !== null)
    .filter((c) => c.id !== args.exceptCallbackId)
    .map((c) => ({
      callbackId: c.id,
      start: c.startsAt!,
      end: new Date(Date.parse(c.startsAt!) + (c.durationMinutes ?? 0) * 60_000).toISOString(),
    }));
}

/** The version of the server's row, for a booking's compare-and-set; null for a local one. */
export function serverVersion(db: Database, args: { id: string }): string | null {
  const row = db.prepare('SELECT version FROM callbacks WHERE id = ?').get(args.id) as
    { version: string } | undefined;
  return row?.version ?? null;
}
