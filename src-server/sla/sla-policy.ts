import type { Kysely, Transaction } from 'kysely';
import {
  DEFAULT_BUSINESS_CALENDAR,
  type BusinessCalendar,
} from '../../src-shared/calendar/index.js';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../src-shared/sla/index.js';
import { DEFAULT_CALENDAR_ID } from '../calendar/business-calendar.js';
import type { Database } from '../db/schema.js';
import { lockWriters, type RowChange } from '../sync/clock.js';
import { ChangeWriter } from '../sync/writer.js';

type Reader = Kysely<Database> | Transaction<Database>;

const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** A stored policy, or the default when none is set (or what is stored no longer parses). */
export function slaPolicyOf(stored: unknown): SlaPolicy {
  if (stored === null || stored === undefined) return DEFAULT_SLA_POLICY;
  const parsed = SlaPolicy.safeParse(json(stored));
  return parsed.success ? parsed.data : DEFAULT_SLA_POLICY;
}

/** The SLA policy in force: an admin's, kept on the business calendar's row, or the default. */
export async function readSlaPolicy(db: Reader): Promise<SlaPolicy> {
  const row = await db
    .selectFrom('business_calendars')
    .select('sla_policy')
    .where('id', '=', DEFAULT_CALENDAR_ID)
    .executeTakeFirst();
  return slaPolicyOf(row?.sla_policy);
}

/**
 * Replaces the SLA policy (already validated by the caller) and records a new version of the
 * calendar row it travels with, so every client's SLA column follows it on the next pull.
 */
export async function writeSlaPolicy(
  db: Kysely<Database>,
  policy: SlaPolicy,
  now: Date,
): Promise<{ policy: SlaPolicy; changes: RowChange[] }> {
  const parsed = SlaPolicy.parse(policy);
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx);
    const writer = new ChangeWriter(trx, now);
    const seq = await writer.nextSeq();
    const calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR;
    await trx
      .insertInto('business_calendars')
      .values({
        id: DEFAULT_CALENDAR_ID,
        time_zone: calendar.timeZone,
        hours: JSON.stringify(calendar.hours),
        holidays: JSON.stringify(calendar.holidays),
        sla_policy: JSON.stringify(parsed),
        updated_at: now,
        version: seq,
      })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ sla_policy: JSON.stringify(parsed), updated_at: now, version: seq }),
      )
      .execute();
    await writer.record({
      table: 'business_calendars',
      rowId: DEFAULT_CALENDAR_ID,
      seq,
      op: 'upsert',
      organisationId: null,
    });
    return { policy: parsed, changes: writer.changes };
  });
}
