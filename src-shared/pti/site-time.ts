import { z } from 'zod';
import { formatClockTime, weekdayNames } from './schedule.js';
import type { LocalTime, Weekday } from './schedule.js';

/**
 * A site's schedules run on its own wall clock. Intl knows every IANA zone and its daylight-saving
 * rules, so the local weekday and time come from the platform, not from a hand-kept table.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export const SiteTimeZone = z.string().refine(isValidTimeZone, {
  message: 'must be an IANA time zone such as America/New_York',
});

const shortDays: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

/** The weekday and minutes after midnight at the site at instant `at`. */
export function siteLocalTime(at: Date, timeZone: string): LocalTime {
  let day: Weekday | undefined;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'weekday') day = shortDays[part.value];
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  if (!day) throw new Error(`could not read the weekday in time zone ${timeZone}`);
  return { day, minutes: hour * 60 + minute };
}

/** "Sunday 06:00", for event logs and keypad answers. */
export function describeLocalTime(local: LocalTime): string {
  return `${weekdayNames[local.day]} ${formatClockTime(local.minutes)}`;
}
