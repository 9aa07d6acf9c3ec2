import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The SLA policy (targets per tier and priority, for first response and resolution) as a
 * server setting beside the business calendar it counts on, so it reaches clients with the
 * calendar's row. Null means the default policy of the source documents.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('business_calendars').addColumn('sla_policy', 'jsonb').execute();
  const calendar = await sql`select id from business_calendars where id = 'default'`.execute(db);
  if (calendar.rows.length === 0) return;
  // A new version of the calendar row, so every client pulls it again with the new field.
  const { rows } = await sql<{ seq: string | number }>`
    update sync_clock set seq = seq + 1 where id = 1 returning seq`.execute(db);
  const seq = Number(rows[0]!.seq);
  const now = new Date();
  await sql`update business_calendars set version = ${seq}, updated_at = ${now}
    where id = 'default'`.execute(db);
  await sql`insert into sync_changes (table_name, row_id, seq, op, organisation_id, staff_only, changed_at)
    values ('business_calendars', 'default', ${seq}, 'upsert', null, false, ${now})
    on conflict (table_name, row_id) do update set seq = excluded.seq, op = excluded.op,
      organisation_id = excluded.organisation_id, staff_only = excluded.staff_only,
      changed_at = excluded.changed_at`.execute(db);
}

export const slaPolicy: Migration = { version: 6, name: 'sla_policy', up };
