import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
  type BusinessCalendarInput,
} from '../../src-shared/calendar/index.js';
import { SlaPolicy } from '../../src-shared/sla/policy.js';
import type { BusinessCalendarRow } from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { BusinessCalendarsTable, Database } from '../db/schema.js';
import { lockWriters } from '../sync/clock.js';
import type { RowChange } from '../sync/clock.js';
import { ChangeWriter } from '../sync/writer.js';

type Reader = Kysely<Database> | Transaction<Database>;

/** The calendar in force: the row 'default' (migration 4 creates it). */
export const DEFAULT_CALENDAR_ID = 'default';

const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

function calendarOf(row: Selectable<BusinessCalendarsTable>): BusinessCalendar {
  return BusinessCalendar.parse({
    timeZone: row.time_zone,
    hours: json(row.hours),
    holidays: json(row.holidays),
  });
}

/** Support's business calendar as a server setting; PTI's default if the row is missing. */
export async function readBusinessCalendar(db: Reader): Promise<BusinessCalendar> {
  const row = await db
    .selectFrom('business_calendars')
    .selectAll()
    .where('id', '=', DEFAULT_CALENDAR_ID)
    .executeTakeFirst();
  return row ? calendarOf(row) : DEFAULT_BUSINESS_CALENDAR;
}

export function toBusinessCalendarRow(
  row: Selectable<BusinessCalendarsTable>,
): BusinessCalendarRow {
  const calendar = calendarOf(row);
  return {
    id: row.id,
    ...calendar,
    // what no longer parses travels as null: clients then count with the default policy
    slaPolicy: SlaPolicy.safeParse(json(row.sla_policy)).data ?? null,
    version: String(toSeq(row.version)),
  };
}

export async function businessCalendarRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, BusinessCalendarRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('business_calendars')
    .selectAll()
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, toBusinessCalendarRow(row)]));
}

/**
 * Replaces the calendar (already validated by the caller) and records the change, so every
 * client's SLA clocks and free slots follow it on their next pull. Returns the changes to
 * announce once committed.
 */
export async function writeBusinessCalendar(
  db: Kysely<Database>,
  calendar: BusinessCalendarInput,
  now: Date,
): Promise<{ calendar: BusinessCalendar; changes: RowChange[] }> {
  const parsed = BusinessCalendar.parse(calendar);
  const changes = await writeCalendarRow(db, now, {
    time_zone: parsed.timeZone,
    hours: JSON.stringify(parsed.hours),
    holidays: JSON.stringify(parsed.holidays),
  });
  return { calendar: parsed, changes };
}

type CalendarColumns = Pick<
  Updateable<BusinessCalendarsTable>,
  'time_zone' | 'hours' | 'holidays' | 'sla_policy'
>;

/**
 * Writes some columns of the calendar row (creating it with PTI's defaults when missing) as a
 * new version, and records the change: the calendar and the SLA policy travel on this one row.
 */
export async function writeCalendarRow(
  db: Kysely<Database>,
  now: Date,
  columns: CalendarColumns,
): Promise<RowChange[]> {
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx);
    const writer = new ChangeWriter(trx, now);
    const seq = await writer.nextSeq();
    const changed = { ...columns, updated_at: now, version: seq };
    await trx
      .insertInto('business_calendars')
      .values({
        id: DEFAULT_CALENDAR_ID,
        time_zone: DEFAULT_BUSINESS_CALENDAR.timeZone,
        hours: JSON.stringify(DEFAULT_BUSINESS_CALENDAR.hours),
        holidays: JSON.stringify(DEFAULT_BUSINESS_CALENDAR.holidays),
        ...changed,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet(changed))
      .execute();
    await writer.record({
      table: 'business_calendars',
      rowId: DEFAULT_CALENDAR_ID,
      seq,
      op: 'upsert',
      organisationId: null,
    });
    return writer.changes;
  });
}
