import { dayNumberOfDate } from './schema.js';
import { MS_PER_DAY, MS_PER_MINUTE, zoneOffsets } from './time-zone.js';

/**
 * Wall-clock readings and local dates, for screens that let a person pick a day and a time on
 * their own clock. The same zone tables as the business-time arithmetic, so a time picked on a
 * screen and a due time computed on the server agree across clock changes.
 */

function dayNumber(day: string): number {
  const number = dayNumberOfDate(day);
  if (number === null) throw new RangeError(`"${day}" is not a date; write YYYY-MM-DD.`);
  return number;
}

/** The date `days` days after (or before) a local date, YYYY-MM-DD. */
export function addLocalDays(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the week of a local date: 0 Monday … 6 Sunday. */
export function weekdayOfDate(day: string): number {
  // Day 0 of the epoch, 1970-01-01, was a Thursday.
  return (((dayNumber(day) + 3) % 7) + 7) % 7;
}

/**
 * The instant a zone's wall clock reads `minuteOfDay` minutes after midnight on `day`. A reading
 * skipped when clocks go forward gives the first valid instant after it (02:30 → 03:00); a
 * reading that happens twice when they go back gives the first one.
 */
export function instantAtLocal(timeZone: string, day: string, minuteOfDay: number): Date {
  const local = dayNumber(day) * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  return new Date(zoneOffsets(timeZone).firstInstantAtOrAfterLocal(local));
}

/** Minutes after local midnight that the zone's wall clock reads at an instant. */
export function localMinuteOfDay(timeZone: string, at: Date): number {
  const local = zoneOffsets(timeZone).localOf(at.getTime());
  return Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE);
}
