import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  BusinessCalendar,
  businessTimeBetween,
  calendarWeekdays,
  isWorkingInstant,
  nextWorkingInstant,
  type CalendarWeekday,
  type WorkingWindow,
} from '../../../src-shared/calendar/index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// The reference: business time counted minute by minute, straight from the definition (an
// instant works when its wall-clock reading is inside a window of its weekday and its local date
// is not a holiday). Windows and these zones' clock changes fall on whole minutes, so each UTC
// minute is entirely working or entirely not.
// ---------------------------------------------------------------------------------------------

interface Reading {
  date: string;
  weekday: CalendarWeekday;
  minuteOfDay: number;
}

const readers = new Map<string, Intl.DateTimeFormat>();
/** Intl's readings, remembered per zone and minute so the reference stays affordable. */
const readings = new Map<string, Map<number, Reading>>();

function wallClock(timeZone: string, minute: number): Reading {
  let memo = readings.get(timeZone);
  if (!memo) readings.set(timeZone, (memo = new Map()));
  const known = memo.get(minute);
  if (known) return known;
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    readers.set(timeZone, reader);
  }
  const part: Record<string, string> = {};
  for (const p of reader.formatToParts(minute * MINUTE)) part[p.type] = p.value;
  const reading = {
    date: `${part.year}-${part.month}-${part.day}`,
    weekday: part.weekday!.toLowerCase().slice(0, 3) as CalendarWeekday,
    minuteOfDay: Number(part.hour) * 60 + Number(part.minute),
  };
  memo.set(minute, reading);
  return reading;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function minuteWorks(calendar: BusinessCalendar, minute: number): boolean {
  const { date, weekday, minuteOfDay } = wallClock(calendar.timeZone, minute);
  if (calendar.holidays.some((holiday) => holiday.date === date)) return false;
  return calendar.hours[weekday].some(
    (w) => minutesOf(w.start) <= minuteOfDay && minuteOfDay < minutesOf(w.end),
  );
}

function referenceBetween(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  for (let minute = Math.floor(from / MINUTE); minute * MINUTE < to; minute++) {
    if (!minuteWorks(calendar, minute)) continue;
    total += Math.min(to, (minute + 1) * MINUTE) - Math.max(from, minute * MINUTE);
  }
  return total;
}

/** The instant `duration` of working time after `start`, or null if not within `limit` ms. */
function referenceAdd(
  calendar: BusinessCalendar,
  start: number,
  duration: number,
  limit: number,
): number | null {
  let at = start;
  let left = duration;
  while (left > 0) {
    if (at - start > limit) return null;
    const minute = Math.floor(at / MINUTE);
    const minuteEnd = (minute + 1) * MINUTE;
    if (minuteWorks(calendar, minute)) {
      if (minuteEnd - at >= left) return at + left;
      left -= minuteEnd - at;
    }
    at = minuteEnd;
  }
  return at;
}

function referenceNextWorking(
  calendar: BusinessCalendar,
  at: number,
  limit: number,
): number | null {
  for (let minute = Math.floor(at / MINUTE); minute * MINUTE - at <= limit; minute++)
    if (minuteWorks(calendar, minute)) return Math.max(at, minute * MINUTE);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Scenarios: a zone, one of its clock changes, a random calendar with holidays around that
// change, and instants within a few days of it.
// ---------------------------------------------------------------------------------------------

const clockChanges = {
  'America/New_York': ['2025-03-09T07:00:00Z', '2025-11-02T06:00:00Z'],
  'Europe/London': ['2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z'],
  'Australia/Sydney': ['2025-04-05T16:00:00Z', '2025-10-04T16:00:00Z'],
  // no changes in UTC: the same Sundays serve as anchors
  UTC: ['2025-03-09T07:00:00Z', '2025-10-26T01:00:00Z'],
} as const;
type Zone = keyof typeof clockChanges;
const zones = Object.keys(clockChanges) as Zone[];

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Up to three windows a day; half-hour boundaries are common so windows meet the clock changes. */
const dayWindows: fc.Arbitrary<WorkingWindow[]> = fc
  .uniqueArray(
    fc.oneof(
      fc.integer({ min: 0, max: 48 }).map((n) => n * 30),
      fc.integer({ min: 0, max: 1440 }),
    ),
    { maxLength: 6 },
  )
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const windows: WorkingWindow[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      windows.push({ start: hhmm(sorted[i]!), end: hhmm(sorted[i + 1]!) });
    return windows;
  });

const localDate = (timeZone: string, at: number) =>
  wallClock(timeZone, Math.floor(at / MINUTE)).date;

interface Scenario {
  calendar: BusinessCalendar;
  anchor: number;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...zones),
    change: fc.constantFrom(0, 1),
    week: fc.array(dayWindows, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: -5, max: 8 }), { maxLength: 4 }),
  })
  .map(({ zone, change, week, holidays }) => {
    const anchor = Date.parse(clockChanges[zone][change]);
    if (week.every((windows) => windows.length === 0)) week[2] = [{ start: '09:00', end: '17:00' }];
    const hours = Object.fromEntries(calendarWeekdays.map((day, i) => [day, week[i]!]));
    const calendar = BusinessCalendar.parse({
      timeZone: zone,
      hours,
      holidays: holidays.map((days, i) => ({
        date: localDate(zone, anchor + days * DAY),
        name: `holiday ${i + 1}`,
      })),
    });
    return { calendar, anchor };
  });

/** An offset from the anchor: any millisecond, or a whole quarter-hour, within three days. */
const nearOffset = fc.oneof(
  fc.integer({ min: -3 * DAY, max: 3 * DAY }),
  fc.integer({ min: -3 * 96, max: 3 * 96 }).map((n) => n * 15 * MINUTE),
);
const span = fc.oneof(
  fc.integer({ min: 0, max: 36 * HOUR }),
  fc.integer({ min: 0, max: 8 * 4 }).map((n) => n * 15 * MINUTE),
);

const runs = { numRuns: 120 };
const at = (ms: number) => new Date(ms);

describe('business time agrees with a minute-by-minute reference around clock changes', () => {
  it('checks its own anchors: each is a real clock change of its zone', () => {
    for (const zone of zones.filter((z) => z !== 'UTC'))
      for (const change of clockChanges[zone]) {
        const t = Date.parse(change);
        const before = wallClock(zone, t / MINUTE - 1).minuteOfDay;
        const after = wallClock(zone, t / MINUTE).minuteOfDay;
        // an hour jump either way instead of the usual minute
        expect([59, 61]).toContain(Math.abs(after - before));
      }
  });

  it('businessTimeBetween equals the reference', () => {
    fc.assert(
      fc.property(scenario, nearOffset, span, ({ calendar, anchor }, offset, length) => {
        const from = anchor + offset;
        expect(businessTimeBetween(calendar, at(from), at(from + length))).toBe(
          referenceBetween(calendar, from, from + length),
        );
      }),
      runs,
    );
  });

  it('addBusinessTime equals the reference', () => {
    fc.assert(
      fc.property(
        scenario,
        nearOffset,
        span,
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ calendar, anchor }, offset, length, share) => {
          const start = anchor + offset;
          // a duration the reference can reach within the span
          const duration = Math.floor(referenceBetween(calendar, start, start + length) * share);
          expect(addBusinessTime(calendar, at(start), duration).getTime()).toBe(
            referenceAdd(calendar, start, duration, length),
          );
        },
      ),
      runs,
    );
  });

  it('isWorkingInstant and nextWorkingInstant equal the reference', () => {
    fc.assert(
      fc.property(scenario, nearOffset, ({ calendar, anchor }, offset) => {
        const instant = anchor + offset;
        expect(isWorkingInstant(calendar, at(instant))).toBe(
          minuteWorks(calendar, Math.floor(instant / MINUTE)),
        );
        const limit = 3 * DAY;
        const expected = referenceNextWorking(calendar, instant, limit);
        const next = nextWorkingInstant(calendar, at(instant)).getTime();
        if (expected === null) expect(next - instant).toBeGreaterThan(limit);
        else expect(next).toBe(expected);
      }),
      runs,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Algebraic properties over long spans (months of business time, many clock changes), where a
// minute-by-minute reference would be too slow.
// ---------------------------------------------------------------------------------------------

const anywhere = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
const duration = fc.oneof(
  fc.integer({ min: 0, max: 8 * HOUR }),
  fc.integer({ min: 0, max: 2000 * HOUR }),
  fc.integer({ min: 0, max: 200 }).map((n) => n * 15 * MINUTE),
);

describe('business time is monotonic, additive and self-consistent', () => {
  it('businessTimeBetween(start, addBusinessTime(start, d)) === d, and the result is the earliest such instant', () => {
    fc.assert(
      fc.property(scenario, anywhere, duration, ({ calendar }, start, d) => {
        const end = addBusinessTime(calendar, at(start), d).getTime();
        expect(businessTimeBetween(calendar, at(start), at(end))).toBe(d);
        if (d > 0) expect(businessTimeBetween(calendar, at(start), at(end - 1))).toBe(d - 1);
      }),
      runs,
    );
  });

  it('a later start or a longer duration never gives an earlier result', () => {
    fc.assert(
      fc.property(
        scenario,
        anywhere,
        fc.integer({ min: 0, max: 30 * DAY }),
        duration,
        duration,
        ({ calendar }, start, later, d1, d2) => {
          const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const add = (s: number, d: number) => addBusinessTime(calendar, at(s), d).getTime();
          expect(add(start + later, short)).toBeGreaterThanOrEqual(add(start, short));
          expect(add(start, long)).toBeGreaterThanOrEqual(add(start, short));
        },
      ),
      runs,
    );
  });

  it('adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(scenario, anywhere, duration, duration, ({ calendar }, start, a, b) => {
        const afterA = addBusinessTime(calendar, at(start), a);
        expect(addBusinessTime(calendar, afterA, b).getTime()).toBe(
          addBusinessTime(calendar, at(start), a + b).getTime(),
        );
      }),
      runs,
    );
  });

  it('working time splits at any instant in between, and grows with the end', () => {
    fc.assert(
      fc.property(
        scenario,
        anywhere,
        fc.integer({ min: 0, max: 120 * DAY }),
        fc.integer({ min: 0, max: 120 * DAY }),
        ({ calendar }, from, x, y) => {
          const [a, b] = x <= y ? [x, y] : [y, x];
          const between = (p: number, q: number) => businessTimeBetween(calendar, at(p), at(q));
          expect(between(from, from + a) + between(from + a, from + b)).toBe(
            between(from, from + b),
          );
          expect(between(from, from + b)).toBeGreaterThanOrEqual(between(from, from + a));
        },
      ),
      runs,
    );
  });

  it('addBusinessDays: with the same hours on each working day, n days are n days of working time', () => {
    fc.assert(
      fc.property(
        dayWindows.filter((windows) => windows.length > 0),
        fc.subarray([...calendarWeekdays], { minLength: 1 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
        anywhere,
        fc.integer({ min: 1, max: 20 }),
        (windows, workdays, holidayOffsets, start, days) => {
          const calendar = BusinessCalendar.parse({
            timeZone: 'UTC',
            hours: Object.fromEntries(
              calendarWeekdays.map((day) => [day, workdays.includes(day) ? windows : []]),
            ),
            holidays: holidayOffsets.map((n) => ({
              date: new Date(start + n * DAY).toISOString().slice(0, 10),
            })),
          });
          const perDay = windows.reduce((sum, w) => sum + minutesOf(w.end) - minutesOf(w.start), 0);
          const end = addBusinessDays(calendar, at(start), days);
          expect(businessTimeBetween(calendar, at(start), end)).toBe(days * perDay * MINUTE);
        },
      ),
      runs,
    );
  });

  it('nextWorkingInstant is a working instant with no working time before it', () => {
    fc.assert(
      fc.property(scenario, anywhere, ({ calendar }, instant) => {
        const next = nextWorkingInstant(calendar, at(instant));
        expect(isWorkingInstant(calendar, next)).toBe(true);
        expect(businessTimeBetween(calendar, at(instant), next)).toBe(0);
      }),
      runs,
    );
  });
});
