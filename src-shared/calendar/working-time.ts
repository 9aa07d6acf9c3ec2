import {
  BusinessCalendar,
  calendarWeekdays,
  dayNumberOfDate,
  minutesOfClockTime,
} from './schema.js';
import { MS_PER_DAY, MS_PER_MINUTE, zoneOffsets, type ZoneOffsets } from './time-zone.js';

/**
 * A business calendar compiled for arithmetic on the local timeline (wall-clock readings as
 * milliseconds, see time-zone.ts). `cumulative(local)` is the working time from a fixed origin up
 * to a wall-clock reading; it is computed from whole weeks, a weekday table and a prefix sum over
 * the holidays, never by stepping through days, so any span costs O(log holidays).
 */
export class WorkingTime {
  readonly zone: ZoneOffsets;
  /** Working windows per weekday (0 = Monday), as [start, end) ms after local midnight. */
  private readonly windows: (readonly (readonly [number, number])[])[];
  private readonly dayTotal: number[];
  private readonly weekTotal: number;
  /** Working time of the first r days from day 0 (1970-01-01, a Thursday), r = 0..7. */
  private readonly weekPrefix: number[];
  /** Holiday day numbers, sorted, and the working time each one removes, as a prefix sum. */
  private readonly holidays: number[];
  private readonly holidayPrefix: number[];

  constructor(calendar: BusinessCalendar) {
    this.zone = zoneOffsets(calendar.timeZone);
    this.windows = calendarWeekdays.map((day) =>
      calendar.hours[day]
        .map(
          (w) =>
            [
              minutesOfClockTime(w.start)! * MS_PER_MINUTE,
              minutesOfClockTime(w.end)! * MS_PER_MINUTE,
            ] as const,
        )
        .sort((a, b) => a[0] - b[0]),
    );
    this.dayTotal = this.windows.map((ws) => ws.reduce((sum, [s, e]) => sum + e - s, 0));
    this.weekTotal = this.dayTotal.reduce((a, b) => a + b, 0);
    this.weekPrefix = [0];
    for (let r = 0; r < 7; r++)
      this.weekPrefix.push(this.weekPrefix[r]! + this.dayTotal[weekdayOf(r)]!);
    this.holidays = [...new Set(calendar.holidays.map((h) => dayNumberOfDate(h.date)!))].sort(
      (a, b) => a - b,
    );
    this.holidayPrefix = [0];
    for (const day of this.holidays)
      this.holidayPrefix.push(this.holidayPrefix.at(-1)! + this.dayTotal[weekdayOf(day)]!);
  }

  private isHoliday(day: number): boolean {
    const i = lowerBound(this.holidays, day);
    return this.holidays[i] === day;
  }

  /** Working time of one local day. */
  workOfDay(day: number): number {
    return this.isHoliday(day) ? 0 : this.dayTotal[weekdayOf(day)]!;
  }

  /** Working time of the local days before `day`, from the origin (negative before 1970). */
  beforeDay(day: number): number {
    const weeks = Math.floor(day / 7);
    const weekly = weeks * this.weekTotal + this.weekPrefix[day - weeks * 7]!;
    return weekly - this.holidayPrefix[lowerBound(this.holidays, day)]!;
  }

  /** Working time from the origin up to (not including) a wall-clock reading. */
  cumulative(local: number): number {
    const day = Math.floor(local / MS_PER_DAY);
    let total = this.beforeDay(day);
    if (this.isHoliday(day)) return total;
    const ms = local - day * MS_PER_DAY;
    for (const [start, end] of this.windows[weekdayOf(day)]!) {
      if (ms <= start) break;
      total += Math.min(ms, end) - start;
    }
    return total;
  }

  isWorkingLocal(local: number): boolean {
    const day = Math.floor(local / MS_PER_DAY);
    if (this.isHoliday(day)) return false;
    const ms = local - day * MS_PER_DAY;
    return this.windows[weekdayOf(day)]!.some(([start, end]) => ms >= start && ms < end);
  }

  /**
   * The earliest wall-clock reading at which `cumulative` reaches `target`, searching from `from`,
   * where cumulative(from) < target. It ends a working stretch, never begins the next one.
   */
  reach(target: number, from: number): number {
    // The day holding the crossing is the first day d with beforeDay(d + 1) >= target.
    let lo = Math.floor(from / MS_PER_DAY); // beforeDay(lo) <= cumulative(from) < target
    let step = 7;
    let hi = lo + step;
    while (this.beforeDay(hi + 1) < target) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    while (hi > lo) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.beforeDay(mid + 1) >= target) hi = mid;
      else lo = mid + 1;
    }
    const day = lo;
    let left = target - this.beforeDay(day);
    for (const [start, end] of this.windows[weekdayOf(day)]!) {
      if (left <= end - start) return day * MS_PER_DAY + start + left;
      left -= end - start;
    }
    throw new Error('working time arithmetic went past the end of a day'); // unreachable
  }

  /** The first working wall-clock reading at or after `local`. */
  nextWorkingLocal(local: number): number {
    return this.reach(this.cumulative(local) + 1, local) - 1;
  }

  /** The n-th day after `day` with working time, counting holidays and empty days as skipped. */
  workingDayAfter(day: number, n: number): number {
    let found = 0;
    let candidate = day;
    while (found < n) {
      candidate++;
      if (this.workOfDay(candidate) > 0) found++;
    }
    return candidate;
  }
}

/** 0 = Monday … 6 = Sunday, for a day number counted from 1970-01-01 (a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const compiled = new WeakMap<object, WorkingTime>();

/**
 * The compiled form of a calendar, made once per calendar object (calendars are treated as
 * immutable: edit a copy). The calendar is checked with its schema on first use, so a malformed
 * one fails with a message that says what to fix.
 */
export function workingTimeOf(calendar: BusinessCalendar): WorkingTime {
  let working = compiled.get(calendar);
  if (!working) {
    const parsed = BusinessCalendar.safeParse(calendar);
    if (!parsed.success)
      throw new TypeError(
        `The business calendar is not valid: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'calendar'}: ${issue.message}`)
          .join('; ')}`,
      );
    working = new WorkingTime(parsed.data);
    compiled.set(calendar, working);
  }
  return working;
}
