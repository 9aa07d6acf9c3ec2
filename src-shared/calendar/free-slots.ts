import { businessTimeBetween } from './business-time.js';
import { type BusinessCalendar, dayNumberOfDate } from './schema.js';
import { MS_PER_DAY, MS_PER_MINUTE, zoneOffsets } from './time-zone.js';

/** The instants a local date spans on a zone's wall clock: [midnight, next midnight). */
export function localDayBounds(timeZone: string, day: string): { start: Date; end: Date } {
  const number = dayNumberOfDate(day);
  if (number === null) throw new RangeError(`"${day}" is not a date; write YYYY-MM-DD.`);
  const zone = zoneOffsets(timeZone);
  return {
    start: new Date(zone.firstInstantAtOrAfterLocal(number * MS_PER_DAY)),
    end: new Date(zone.firstInstantAtOrAfterLocal((number + 1) * MS_PER_DAY)),
  };
}

/** The local date (YYYY-MM-DD) of an instant on a zone's wall clock. */
export function localDateOf(timeZone: string, at: Date): string {
  return new Date(zoneOffsets(timeZone).localOf(at.getTime())).toISOString().slice(0, 10);
}

export interface FreeSlotArgs {
  /** YYYY-MM-DD on the calendar's wall clock. */
  day: string;
  durationMinutes: number;
  /** Starts fall on multiples of this many minutes (epoch-aligned). */
  gridMinutes: number;
  /** Time already taken, e.g. the technician's other bookings. */
  busy: readonly { start: Date; end: Date }[];
  /** No slot starts before this instant (e.g. now). */
  notBefore?: Date;
}

/**
 * The slots of a day in which a call of `durationMinutes` fits entirely inside working time and
 * clashes with nothing busy: every grid start from the day's first working minute to its last.
 */
export function freeSlots(
  calendar: BusinessCalendar,
  args: FreeSlotArgs,
): { startsAt: Date; endsAt: Date }[] {
  const grid = args.gridMinutes * MS_PER_MINUTE;
  const length = args.durationMinutes * MS_PER_MINUTE;
  const { start, end } = localDayBounds(calendar.timeZone, args.day);
  const earliest = Math.max(start.getTime(), args.notBefore?.getTime() ?? -Infinity);
  const busy = args.busy.map((b) => [b.start.getTime(), b.end.getTime()] as const);
  const slots: { startsAt: Date; endsAt: Date }[] = [];
  for (let at = Math.ceil(earliest / grid) * grid; at < end.getTime(); at += grid) {
    const from = new Date(at);
    const to = new Date(at + length);
    if (businessTimeBetween(calendar, from, to) !== length) continue;
    if (busy.some(([s, e]) => s < at + length && e > at)) continue;
    slots.push({ startsAt: from, endsAt: to });
  }
  return slots;
}
