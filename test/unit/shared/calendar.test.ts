import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  BusinessCalendar,
  businessTimeBetween,
  DEFAULT_BUSINESS_CALENDAR,
  isWorkingInstant,
  nextWorkingInstant,
  type BusinessCalendarInput,
} from '../../../src-shared/calendar/index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

const none = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
function calendar(input: Partial<BusinessCalendarInput> & Pick<BusinessCalendarInput, 'timeZone'>) {
  return BusinessCalendar.parse({ hours: none, holidays: [], ...input });
}
const sundays = (timeZone: string, windows: { start: string; end: string }[]) =>
  calendar({ timeZone, hours: { ...none, sun: windows } });

describe('the default calendar (PTI support: Monday to Friday, 08:00–20:00 New York time)', () => {
  const cal = DEFAULT_BUSINESS_CALENDAR;

  it('parses with its own schema', () => {
    expect(BusinessCalendar.parse(cal)).toEqual(cal);
  });

  it('works 08:00 to 20:00 on weekdays, New York time, winter and summer alike', () => {
    expect(isWorkingInstant(cal, at('2026-01-14T13:00:00Z'))).toBe(true); // Wed 08:00 EST
    expect(isWorkingInstant(cal, at('2026-01-14T12:59:59.999Z'))).toBe(false);
    expect(isWorkingInstant(cal, at('2026-07-15T12:00:00Z'))).toBe(true); // Wed 08:00 EDT
    expect(isWorkingInstant(cal, at('2026-07-16T00:00:00Z'))).toBe(false); // Wed 20:00 EDT
    expect(isWorkingInstant(cal, at('2026-07-18T15:00:00Z'))).toBe(false); // Saturday
  });

  it('carries a request made on Friday evening over the weekend', () => {
    // Friday 18:00 EST + 4 working hours: 2 on Friday, 2 on Monday from 08:00
    expect(iso(addBusinessTime(cal, at('2026-11-20T23:00:00Z'), 4 * HOUR))).toBe(
      '2026-11-23T15:00:00.000Z',
    );
    expect(iso(nextWorkingInstant(cal, at('2026-11-21T15:00:00Z')))).toBe(
      '2026-11-23T13:00:00.000Z',
    );
  });

  it('counts a whole working week as 60 hours', () => {
    expect(businessTimeBetween(cal, at('2026-11-16T05:00:00Z'), at('2026-11-23T05:00:00Z'))).toBe(
      60 * HOUR,
    );
  });

  it('ends at the close of the day when the time runs out exactly then, not at the next opening', () => {
    // Friday 16:00 EST + 4 h = Friday 20:00 EST
    expect(iso(addBusinessTime(cal, at('2026-11-20T21:00:00Z'), 4 * HOUR))).toBe(
      '2026-11-21T01:00:00.000Z',
    );
  });

  it('gives the start back for a zero duration, and 0 for an empty or reversed span', () => {
    const saturday = at('2026-11-21T15:00:00Z');
    expect(addBusinessTime(cal, saturday, 0)).toEqual(saturday);
    expect(businessTimeBetween(cal, saturday, saturday)).toBe(0);
    expect(businessTimeBetween(cal, at('2026-11-20T20:00:00Z'), at('2026-11-20T15:00:00Z'))).toBe(
      0,
    );
  });
});

describe('holidays', () => {
  const cal = BusinessCalendar.parse({
    ...DEFAULT_BUSINESS_CALENDAR,
    holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }, { date: '2026-11-27' }],
  });

  it('are skipped as whole local days', () => {
    // Wednesday 18:00 EST + 4 h: 2 on Wednesday, then Thursday and Friday are off, 2 on Monday
    expect(iso(addBusinessTime(cal, at('2026-11-25T23:00:00Z'), 4 * HOUR))).toBe(
      '2026-11-30T15:00:00.000Z',
    );
    expect(isWorkingInstant(cal, at('2026-11-26T15:00:00Z'))).toBe(false);
    expect(businessTimeBetween(cal, at('2026-11-23T05:00:00Z'), at('2026-11-30T05:00:00Z'))).toBe(
      36 * HOUR,
    );
  });

  it('follow the calendar zone’s date, not UTC’s', () => {
    // 2026-11-27T03:00Z is still Thursday the 26th in New York (22:00), a holiday there
    const nightShift = BusinessCalendar.parse({
      timeZone: 'America/New_York',
      hours: {
        ...none,
        thu: [{ start: '00:00', end: '24:00' }],
        fri: [{ start: '00:00', end: '24:00' }],
      },
      holidays: [{ date: '2026-11-26' }],
    });
    expect(isWorkingInstant(nightShift, at('2026-11-27T03:00:00Z'))).toBe(false);
    expect(isWorkingInstant(nightShift, at('2026-11-27T05:00:00Z'))).toBe(true);
  });
});

describe('daylight saving changes', () => {
  it('spring forward in New York: a window that spans the skipped hour is an hour shorter', () => {
    // Sunday 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z)
    const cal = sundays('America/New_York', [{ start: '01:00', end: '04:00' }]);
    expect(businessTimeBetween(cal, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(
      2 * HOUR,
    );
  });

  it('a window that starts in the skipped hour starts at the first valid instant after it', () => {
    const cal = sundays('America/New_York', [{ start: '02:30', end: '04:00' }]);
    expect(iso(nextWorkingInstant(cal, at('2026-03-08T05:00:00Z')))).toBe(
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
    );
    expect(businessTimeBetween(cal, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(
      1 * HOUR,
    );
  });

  it('fall back in New York: the repeated hour is worked twice', () => {
    // Sunday 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z)
    const cal = sundays('America/New_York', [{ start: '00:00', end: '03:00' }]);
    expect(businessTimeBetween(cal, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'))).toBe(
      4 * HOUR,
    );
    const halfHour = sundays('America/New_York', [{ start: '01:00', end: '01:30' }]);
    expect(isWorkingInstant(halfHour, at('2026-11-01T05:15:00Z'))).toBe(true); // 01:15 EDT
    expect(isWorkingInstant(halfHour, at('2026-11-01T05:45:00Z'))).toBe(false); // 01:45 EDT
    expect(isWorkingInstant(halfHour, at('2026-11-01T06:15:00Z'))).toBe(true); // 01:15 EST
    expect(iso(addBusinessTime(halfHour, at('2026-11-01T05:00:00Z'), 45 * MINUTE))).toBe(
      '2026-11-01T06:15:00.000Z',
    );
  });

  it('Sydney (southern hemisphere) falls back in April and springs forward in October', () => {
    // 2026-04-05 03:00 AEDT becomes 02:00 AEST; 2026-10-04 02:00 AEST becomes 03:00 AEDT
    const cal = sundays('Australia/Sydney', [{ start: '01:00', end: '04:00' }]);
    const sundayApril = businessTimeBetween(
      cal,
      at('2026-04-04T10:00:00Z'),
      at('2026-04-05T10:00:00Z'),
    );
    const sundayOctober = businessTimeBetween(
      cal,
      at('2026-10-03T10:00:00Z'),
      at('2026-10-04T10:00:00Z'),
    );
    expect([sundayApril, sundayOctober]).toEqual([4 * HOUR, 2 * HOUR]);
  });

  it('London: the working day after the change starts at 08:00 BST, an hour earlier in UTC', () => {
    const cal = calendar({
      timeZone: 'Europe/London',
      hours: {
        ...none,
        fri: [{ start: '08:00', end: '20:00' }],
        mon: [{ start: '08:00', end: '20:00' }],
      },
    });
    // Friday 19:00 GMT + 2 h: 1 h on Friday, then Monday 08:00 BST (07:00Z) + 1 h
    expect(iso(addBusinessTime(cal, at('2026-03-27T19:00:00Z'), 2 * HOUR))).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });
});

describe('addBusinessDays', () => {
  const cal = DEFAULT_BUSINESS_CALENDAR;

  it('lands on the same point of the working day, that many working days later', () => {
    // Monday 10:00 EST + 5 working days = next Monday 10:00 EST
    expect(iso(addBusinessDays(cal, at('2026-11-16T15:00:00Z'), 5))).toBe(
      '2026-11-23T15:00:00.000Z',
    );
    // across the change to summer time: Monday 10:00 EST → Monday 10:00 EDT
    expect(iso(addBusinessDays(cal, at('2026-03-02T15:00:00Z'), 5))).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });

  it('counts from the next opening when started outside hours, ending at a close', () => {
    // Friday 21:00 EST: counting starts Monday 08:00, five full days end Friday 20:00 EST
    expect(iso(addBusinessDays(cal, at('2026-11-21T02:00:00Z'), 5))).toBe(
      '2026-11-28T01:00:00.000Z',
    );
  });

  it('skips holidays and caps at the close of a shorter day', () => {
    const halfFriday = BusinessCalendar.parse({
      ...DEFAULT_BUSINESS_CALENDAR,
      hours: { ...DEFAULT_BUSINESS_CALENDAR.hours, fri: [{ start: '08:00', end: '12:00' }] },
      holidays: [{ date: '2026-11-19' }],
    });
    // Wednesday 18:00 EST (10 h into the day) + 1 working day: Thursday is a holiday, Friday
    // has only 4 h, so it ends at Friday's close, 12:00 EST
    expect(iso(addBusinessDays(halfFriday, at('2026-11-18T23:00:00Z'), 1))).toBe(
      '2026-11-20T17:00:00.000Z',
    );
  });
});

describe('calendar validation says what to fix', () => {
  const base = {
    timeZone: 'America/New_York',
    hours: { ...none, mon: [{ start: '08:00', end: '20:00' }] },
  };
  const problems = (input: unknown) => {
    const result = BusinessCalendar.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it('accepts a valid calendar and fills in an empty holiday list', () => {
    expect(BusinessCalendar.parse(base).holidays).toEqual([]);
  });

  it('refuses an unknown time zone', () => {
    expect(problems({ ...base, timeZone: 'Mars/Olympus' }).join()).toMatch(/IANA name/);
  });

  it('refuses windows that end before they start, overlap, or are not times', () => {
    const day = (windows: { start: string; end: string }[]) => ({
      ...base,
      hours: { ...none, mon: windows },
    });
    expect(problems(day([{ start: '20:00', end: '08:00' }])).join()).toMatch(/two windows/);
    expect(
      problems(
        day([
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '14:00' },
        ]),
      ).join(),
    ).toMatch(/overlap/);
    expect(problems(day([{ start: '8am', end: '12:00' }])).join()).toMatch(/HH:MM/);
  });

  it('refuses a week with no working time, and dates that do not exist', () => {
    expect(problems({ ...base, hours: none }).join()).toMatch(/at least one working window/);
    expect(problems({ ...base, holidays: [{ date: '2026-02-30' }] }).join()).toMatch(/YYYY-MM-DD/);
  });

  it('refuses a calendar that was not checked, when it is used', () => {
    const unchecked = { ...base, hours: none, holidays: [] } as BusinessCalendar;
    expect(() => isWorkingInstant(unchecked, at('2026-01-01T00:00:00Z'))).toThrow(
      /at least one working window/,
    );
  });

  it('refuses negative or fractional durations and invalid dates', () => {
    const cal = DEFAULT_BUSINESS_CALENDAR;
    expect(() => addBusinessTime(cal, at('2026-01-01T00:00:00Z'), -1)).toThrow(/non-negative/);
    expect(() => addBusinessTime(cal, at('2026-01-01T00:00:00Z'), 0.5)).toThrow(/whole/);
    expect(() => businessTimeBetween(cal, new Date(Number.NaN), new Date())).toThrow(
      /not a valid date/,
    );
  });
});
