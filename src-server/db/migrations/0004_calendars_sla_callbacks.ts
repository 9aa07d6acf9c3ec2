import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

// Spelled out rather than imported, like every released migration: later changes to the shared
// lists belong in a later migration.
const syncedTables = [
  'tickets',
  'sites',
  'users',
  'messages',
  'kb_sections',
  'kb_articles',
  'organisations',
  'business_calendars',
  'callbacks',
];
const callbackStatuses = ['requested', 'booked', 'done', 'missed', 'cancelled'];
const ticketStatuses = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED', 'RESOLVED', 'CLOSED'];
const officeHours = [{ start: '08:00', end: '20:00' }];
const defaultHours = {
  mon: officeHours,
  tue: officeHours,
  wed: officeHours,
  thu: officeHours,
  fri: officeHours,
  sat: [],
  sun: [],
};

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** Reserves `count` commit sequence numbers, like sync/clock.ts, and returns the first. */
async function reserve(db: Kysely<unknown>, count: number): Promise<number> {
  const { rows } = await sql<{ seq: string | number }>`
    update sync_clock set seq = seq + ${count} where id = 1 returning seq`.execute(db);
  return Number(rows[0]!.seq) - count + 1;
}

async function recordChange(
  db: Kysely<unknown>,
  change: { table: string; rowId: string; seq: number; organisationId: string | null },
  at: Date,
): Promise<void> {
  await sql`insert into sync_changes (table_name, row_id, seq, op, organisation_id, staff_only, changed_at)
    values (${change.table}, ${change.rowId}, ${change.seq}, 'upsert', ${change.organisationId}, false, ${at})
    on conflict (table_name, row_id) do update set seq = excluded.seq, op = excluded.op,
      organisation_id = excluded.organisation_id, staff_only = excluded.staff_only,
      changed_at = excluded.changed_at`.execute(db);
}

/**
 * Business calendars as a synced server setting, organisations synced with their support tier,
 * each ticket's status history (the SLA clocks are computed from it) and callbacks with the
 * grid slots that keep a technician from being booked twice.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  const now = new Date();
  await sql`alter table sync_changes drop constraint sync_changes_table_name_check`.execute(db);
  await sql`alter table sync_changes add constraint sync_changes_table_name_check
    check (${oneOf('table_name', syncedTables)})`.execute(db);

  await db.schema
    .createTable('business_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('hours', 'jsonb', (c) => c.notNull())
    .addColumn('holidays', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  const calendarSeq = await reserve(db, 1);
  await sql`insert into business_calendars (id, time_zone, hours, holidays, updated_at, version)
    values ('default', 'America/New_York', ${JSON.stringify(defaultHours)}, '[]', ${now}, ${calendarSeq})`.execute(
    db,
  );
  await recordChange(
    db,
    { table: 'business_calendars', rowId: 'default', seq: calendarSeq, organisationId: null },
    now,
  );

  // Organisations travel to clients (their members, and staff) for their tier.
  await db.schema
    .alterTable('organisations')
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  const organisations = await sql<{ id: string }>`select id from organisations order by id`.execute(
    db,
  );
  if (organisations.rows.length > 0) {
    let seq = await reserve(db, organisations.rows.length);
    for (const { id } of organisations.rows) {
      await sql`update organisations set version = ${seq} where id = ${id}`.execute(db);
      await recordChange(db, { table: 'organisations', rowId: id, seq, organisationId: id }, now);
      seq++;
    }
  }

  // Every status a ticket took. Tickets without status messages need no entry: their history is
  // creation (NEW) then their current status, which readers assume when the list is empty.
  await db.schema
    .alterTable('tickets')
    .addColumn('status_history', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  const moves = await sql<{
    ticket_id: string;
    organisation_id: string;
    ticket_created_at: Date;
    body: string;
    created_at: Date;
  }>`select m.ticket_id, t.organisation_id, t.created_at as ticket_created_at, m.body, m.created_at
    from messages m join tickets t on t.id = m.ticket_id
    where m.system_event = 'status'
    order by m.ticket_id, m.created_at, m.version`.execute(db);
  const histories = new Map<
    string,
    { organisationId: string; entries: { status: string; at: string }[] }
  >();
  for (const move of moves.rows) {
    const to = /^Status changed from [A-Z]+ to ([A-Z]+)/.exec(move.body)?.[1];
    if (!to || !ticketStatuses.includes(to)) continue;
    let history = histories.get(move.ticket_id);
    if (!history) {
      history = {
        organisationId: move.organisation_id,
        entries: [{ status: 'NEW', at: new Date(move.ticket_created_at).toISOString() }],
      };
      histories.set(move.ticket_id, history);
    }
    history.entries.push({ status: to, at: new Date(move.created_at).toISOString() });
  }
  if (histories.size > 0) {
    let seq = await reserve(db, histories.size);
    for (const [ticketId, history] of histories) {
      await sql`update tickets set status_history = ${JSON.stringify(history.entries)}, version = ${seq}
        where id = ${ticketId}`.execute(db);
      await recordChange(
        db,
        { table: 'tickets', rowId: ticketId, seq, organisationId: history.organisationId },
        now,
      );
      seq++;
    }
  }

  await db.schema
    .createTable('callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', callbackStatuses)))
    .addColumn('requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('window_start', 'timestamptz')
    .addColumn('window_end', 'timestamptz')
    .addColumn('customer_time_zone', 'text')
    .addColumn('phone', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('technician_id', 'text', (c) => c.references('users.id'))
    .addColumn('starts_at', 'timestamptz')
    .addColumn('duration_minutes', 'integer')
    .addColumn('booked_by', 'text', (c) => c.references('users.id'))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('outcome_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'callbacks_booked_have_a_slot',
      sql`status <> 'booked' or (technician_id is not null and starts_at is not null and duration_minutes > 0)`,
    )
    .execute();
  await db.schema.createIndex('callbacks_ticket').on('callbacks').column('ticket_id').execute();
  await db.schema
    .createIndex('callbacks_technician_start')
    .on('callbacks')
    .columns(['technician_id', 'starts_at'])
    .execute();

  // One row per technician and grid slot a booked callback covers. The primary key is the rule
  // that a slot is never booked twice, in plain portable SQL: a second booking of any covered
  // slot fails to insert, whatever the isolation level or the engine.
  await db.schema
    .createTable('callback_slots')
    .addColumn('technician_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('slot_start', 'timestamptz', (c) => c.notNull())
    .addColumn('callback_id', 'text', (c) =>
      c.notNull().references('callbacks.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('callback_slots_pk', ['technician_id', 'slot_start'])
    .execute();
  await db.schema
    .createIndex('callback_slots_callback')
    .on('callback_slots')
    .column('callback_id')
    .execute();
}

export const calendarsSlaCallbacks: Migration = { version: 4, name: 'calendars_sla_callbacks', up };
