import { z } from 'zod';
import { TimeZoneName } from '../accounts.js';

/**
 * A business calendar: when support is working, on the wall clock of one time zone. Admins edit
 * it as a server setting; server and client read it with this schema (DESIGN.md, "Tickets").
 */

export const calendarWeekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const CalendarWeekday = z.enum(calendarWeekdays);
export type CalendarWeekday = z.infer<typeof CalendarWeekday>;

export const calendarWeekdayNames: Record<CalendarWeekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const clockTime = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes after local midnight for "HH:MM" (00:00–24:00), or null when it is not such a time. */
export function minutesOfClockTime(text: string): number | null {
  const match = clockTime.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** One stretch of working time in a day: from `start` (included) to `end` (excluded), "HH:MM". */
export const WorkingWindow = z
  .object({ start: z.string(), end: z.string() })
  .strict()
  .superRefine((window, context) => {
    const start = minutesOfClockTime(window.start);
    const end = minutesOfClockTime(window.end);
    if (start === null || start === 24 * 60)
      context.addIssue({
        code: 'custom',
        path: ['start'],
        message: `"${window.start}" is not a start time; write HH:MM from 00:00 to 23:59`,
      });
    else if (end === null)
      context.addIssue({
        code: 'custom',
        path: ['end'],
        message: `"${window.end}" is not an end time; write HH:MM from 00:01 to 24:00`,
      });
    else if (end <= start)
      context.addIssue({
        code: 'custom',
        message:
          `${window.start}–${window.end} ends before it starts; a shift past midnight is two ` +
          'windows, one to 24:00 and one from 00:00 on the next day',
      });
  });
export type WorkingWindow = z.infer<typeof WorkingWindow>;

const DayWindows = z
  .array(WorkingWindow)
  .max(8, 'a day has at most 8 working windows')
  .superRefine((windows, context) => {
    const sorted = windows
      .map((w) => ({ w, start: minutesOfClockTime(w.start), end: minutesOfClockTime(w.end) }))
      .filter((w) => w.start !== null && w.end !== null)
      .sort((a, b) => a.start! - b.start!);
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1]!;
      const after = sorted[i]!;
      if (after.start! < before.end!)
        context.addIssue({
          code: 'custom',
          message: `${before.w.start}–${before.w.end} and ${after.w.start}–${after.w.end} overlap; merge them into one window`,
        });
    }
  });

export const WeeklyHours = z
  .object({
    mon: DayWindows,
    tue: DayWindows,
    wed: DayWindows,
    thu: DayWindows,
    fri: DayWindows,
    sat: DayWindows,
    sun: DayWindows,
  })
  .strict();
export type WeeklyHours = z.infer<typeof WeeklyHours>;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real "YYYY-MM-DD" date (years 1000–9999), or null. */
export function dayNumberOfDate(text: string): number | null {
  const match = isoDate.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  return Math.round(date.getTime() / 86_400_000);
}

/** A day off, as a date on the calendar's own wall clock. */
export const Holiday = z
  .object({
    date: z.string().refine((text) => dayNumberOfDate(text) !== null, {
      message: 'is not a date; write YYYY-MM-DD, e.g. 2026-12-25',
    }),
    name: z.string().trim().max(100).optional(),
  })
  .strict();
export type Holiday = z.infer<typeof Holiday>;

export const BusinessCalendar = z
  .object({
    /** IANA name; the windows and holidays are read on this zone's wall clock. */
    timeZone: TimeZoneName,
    hours: WeeklyHours,
    holidays: z.array(Holiday).max(2000, 'keep at most 2000 holidays').default([]),
  })
  .strict()
  .refine((calendar) => calendarWeekdays.some((day) => calendar.hours[day].length > 0), {
    message: 'a business calendar needs at least one working window in the week',
    path: ['hours'],
  });
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
export type BusinessCalendarInput = z.input<typeof BusinessCalendar>;

const officeHours = [{ start: '08:00', end: '20:00' }];

/** PTI's support centre: Monday to Friday, 08:00–20:00 in New York (seed 000), no holidays yet. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = Object.freeze({
  timeZone: 'America/New_York',
  hours: {
    mon: officeHours,
    tue: officeHours,
    wed: officeHours,
    thu: officeHours,
    fri: officeHours,
    sat: [],
    sun: [],
  },
  holidays: [],
});
