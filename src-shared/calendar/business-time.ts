import type { BusinessCalendar } from './schema.js';
import { assertSupportedInstant, MS_PER_DAY } from './time-zone.js';
import { workingTimeOf } from './working-time.js';

/**
 * Business-time arithmetic on a calendar. An instant is working time when its wall-clock reading
 * in the calendar's zone falls inside one of that weekday's windows and its local date is not a
 * holiday. Everything else follows from that one rule, including daylight saving:
 *
 * - spring forward: wall-clock readings that never happen are never worked, so a window that
 *   starts in the skipped hour starts at the first valid instant after it, and a window that
 *   spans the change is an hour shorter;
 * - fall back: a repeated reading is worked both times, so a window that spans the change is an
 *   hour longer, as the clock on the wall says.
 *
 * Results are exact to the millisecond. Long spans are crossed arithmetically (weeks, a weekday
 * table, a holiday prefix sum), and the zone's offset table is consulted only where it changes.
 */

function instantOf(value: Date, what: string): number {
  if (!(value instanceof Date)) throw new TypeError(`${what} must be a Date.`);
  const at = value.getTime();
  assertSupportedInstant(at, what);
  return at;
}

function durationOf(ms: number, what: string): number {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError(
      `${what} must be a whole, non-negative number of milliseconds (got ${ms}).`,
    );
  return ms;
}

/** Is `at` inside working time? */
export function isWorkingInstant(calendar: BusinessCalendar, at: Date): boolean {
  const working = workingTimeOf(calendar);
  const instant = instantOf(at, 'the instant');
  return working.isWorkingLocal(working.zone.localOf(instant));
}

/** The first working instant at or after `at` (`at` itself when it is working). */
export function nextWorkingInstant(calendar: BusinessCalendar, at: Date): Date {
  const working = workingTimeOf(calendar);
  const zone = working.zone;
  let instant = instantOf(at, 'the instant');
  for (;;) {
    const offset = zone.offsetAt(instant);
    const candidate = working.nextWorkingLocal(instant + offset) - offset;
    // Valid only if the offset still holds there; otherwise carry on from the change.
    const change = zone.nextTransition(instant, candidate + 1);
    if (change === null) return new Date(candidate);
    instant = change;
  }
}

/**
 * The instant at which `durationMs` of working time has elapsed since `start`: the earliest
 * instant t with businessTimeBetween(start, t) === durationMs. A zero duration gives `start`; a
 * duration that ends exactly at the close of a window gives the close, not the next opening.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, durationMs: number): Date {
  const working = workingTimeOf(calendar);
  const zone = working.zone;
  let instant = instantOf(start, 'the start');
  let left = durationOf(durationMs, 'the duration');
  while (left > 0) {
    const offset = zone.offsetAt(instant);
    const fromLocal = instant + offset;
    const candidate = working.reach(working.cumulative(fromLocal) + left, fromLocal) - offset;
    assertSupportedInstant(candidate, 'the result');
    const change = zone.nextTransition(instant, candidate);
    if (change === null) return new Date(candidate);
    left -= working.cumulative(change + offset) - working.cumulative(fromLocal);
    instant = change;
  }
  return new Date(instant);
}

/** Working time in [from, to), in ms; 0 when `to` is not after `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const working = workingTimeOf(calendar);
  const zone = working.zone;
  let instant = instantOf(from, 'the start');
  const end = instantOf(to, 'the end');
  let total = 0;
  while (instant < end) {
    const offset = zone.offsetAt(instant);
    const stop = zone.nextTransition(instant, end) ?? end;
    total += working.cumulative(stop + offset) - working.cumulative(instant + offset);
    instant = stop;
  }
  return total;
}

/**
 * The instant when `days` working days have elapsed since `start`: the same point of the working
 * day, `days` working days (days with working hours that are not holidays) later. Counting starts
 * from the first working instant at or after `start`; a point at the very start of a working day
 * lands on the close of the previous working day, which is the same amount of working time. When
 * the later day is shorter, the point is capped at that day's close.
 */
export function addBusinessDays(calendar: BusinessCalendar, start: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 0)
    throw new RangeError(`the number of days must be a whole, non-negative number (got ${days}).`);
  const working = workingTimeOf(calendar);
  const zone = working.zone;
  if (days === 0) return new Date(instantOf(start, 'the start'));
  const first = zone.localOf(nextWorkingInstant(calendar, start).getTime());
  const firstDay = Math.floor(first / MS_PER_DAY);
  const intoDay = working.cumulative(first) - working.beforeDay(firstDay);
  const targetDay = working.workingDayAfter(firstDay, days);
  const target = working.beforeDay(targetDay) + Math.min(intoDay, working.workOfDay(targetDay));
  const local = working.reach(target, first);
  // Map the wall-clock point back to an instant, then express it as elapsed working time so that
  // the answer follows addBusinessTime's convention even where the point sits in a clock change.
  const at = new Date(zone.firstInstantAtOrAfterLocal(local));
  return addBusinessTime(calendar, start, businessTimeBetween(calendar, start, at));
}
