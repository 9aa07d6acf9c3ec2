import { z } from 'zod';
import { ptiErrorCodes } from './error-codes.js';
import { PtiLabel, ScheduleNumber } from './access-level.js';

/**
 * Time schedules say when an access level lets a tenant in: weekly windows per day, read on the
 * site's own wall clock (its IANA time zone), so "06:00" means six in the morning at the site in
 * winter and in summer alike.
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(weekdays);
export type Weekday = z.infer<typeof Weekday>;

export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface ScheduleWindow {
  day: Weekday;
  /** "HH:MM", 00:00–23:59; the window includes this minute. */
  start: string;
  /** "HH:MM", 00:01–24:00; the window ends just before this minute. */
  end: string;
}

export const maxWindowsPerDay = 8;

const clock = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes after local midnight for "HH:MM" (24:00 is 1440), or null when it is not a time. */
export function parseClockTime(text: string): number | null {
  const match = clock.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Why one window is not valid, or null when it is. */
export function windowProblem(window: ScheduleWindow): string | null {
  const day = weekdayNames[window.day] ?? window.day;
  const start = parseClockTime(window.start);
  const end = parseClockTime(window.end);
  if (start === null || start === 24 * 60)
    return `${day}: the start "${window.start}" is not a time from 00:00 to 23:59 (write HH:MM).`;
  if (end === null)
    return `${day}: the end "${window.end}" is not a time from 00:01 to 24:00 (write HH:MM).`;
  if (end <= start)
    return (
      `${day}: the window ${window.start}–${window.end} ends before it starts. ` +
      'A window that runs past midnight is two windows: one to 24:00 and one from 00:00 the next day.'
    );
  return null;
}

/** Why a schedule's windows do not fit together, or null when they do. Windows may touch, not overlap. */
export function windowsProblem(windows: readonly ScheduleWindow[]): string | null {
  for (const window of windows) {
    const problem = windowProblem(window);
    if (problem) return problem;
  }
  for (const day of weekdays) {
    const ofDay = windows.filter((w) => w.day === day);
    if (ofDay.length > maxWindowsPerDay)
      return `${weekdayNames[day]}: ${ofDay.length} windows; a day has at most ${maxWindowsPerDay}.`;
    const sorted = ofDay
      .map((w) => ({ w, start: parseClockTime(w.start)!, end: parseClockTime(w.end)! }))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1]!;
      const after = sorted[i]!;
      if (after.start < before.end)
        return (
          `${weekdayNames[day]}: the windows ${before.w.start}–${before.w.end} and ` +
          `${after.w.start}–${after.w.end} overlap; merge them into one.`
        );
    }
  }
  return null;
}

export const ScheduleWindow = z
  .object({ day: Weekday, start: z.string(), end: z.string() })
  .strict()
  .superRefine((window, context) => {
    const problem = windowProblem(window);
    if (problem)
      context.addIssue({
        code: 'custom',
        message: problem,
        params: { ptiCode: ptiErrorCodes.invalidAccessSetup },
      });
  });

export const TimeSchedule = z
  .object({
    id: ScheduleNumber,
    name: PtiLabel,
    windows: z.array(ScheduleWindow),
  })
  .strict()
  .superRefine((schedule, context) => {
    const problem = windowsProblem(schedule.windows);
    if (problem)
      context.addIssue({
        code: 'custom',
        message: problem,
        path: ['windows'],
        params: { ptiCode: ptiErrorCodes.invalidAccessSetup },
      });
  });
export type TimeSchedule = z.infer<typeof TimeSchedule>;

/** A local wall-clock moment: the weekday and minutes after midnight at the site. */
export interface LocalTime {
  day: Weekday;
  minutes: number;
}

/** True when the local moment falls inside one of the windows (start included, end excluded). */
export function isOpenAt(windows: readonly ScheduleWindow[], local: LocalTime): boolean {
  return windows.some((w) => {
    if (w.day !== local.day) return false;
    const start = parseClockTime(w.start);
    const end = parseClockTime(w.end);
    return start !== null && end !== null && local.minutes >= start && local.minutes < end;
  });
}
