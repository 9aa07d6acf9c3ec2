import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CallbackRow } from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { CallbacksTable, Database } from '../db/schema.js';

type Reader = Kysely<Database> | Transaction<Database>;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toCallbackRow(row: Selectable<CallbacksTable>): CallbackRow {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    organisationId: row.organisation_id,
    status: row.status,
    requestedById: row.requested_by,
    windowStart: iso(row.window_start),
    windowEnd: iso(row.window_end),
    customerTimeZone: row.customer_time_zone,
    phone: row.phone,
    note: row.note,
    technicianId: row.technician_id,
    startsAt: iso(row.starts_at),
    durationMinutes: row.duration_minutes,
    bookedById: row.booked_by,
    completedAt: iso(row.completed_at),
    outcomeNote: row.outcome_note,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: String(toSeq(row.version)),
  };
}

export async function callbackRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, CallbackRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('callbacks').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, toCallbackRow(row)]));
}
