import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../src-shared/sla/index.js';
import { DEFAULT_CALENDAR_ID, writeCalendarRow } from '../calendar/business-calendar.js';
import type { Database } from '../db/schema.js';
import type { RowChange } from '../sync/clock.js';

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
  const changes = await writeCalendarRow(db, now, { sla_policy: JSON.stringify(parsed) });
  return { policy: parsed, changes };
}
