import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accessCodeProblem,
  isValidAccessCode,
  maskAccessCode,
  PtiAccessCode,
} from '../../../src-shared/pti/access-code.js';
import { AccessLevel, ptiNumberProblem } from '../../../src-shared/pti/access-level.js';
import {
  allPtiErrors,
  ptiCodeOfIssue,
  ptiErrorCodes,
  ptiErrorInfo,
} from '../../../src-shared/pti/error-codes.js';
import { isOpenAt, TimeSchedule, windowsProblem } from '../../../src-shared/pti/schedule.js';
import type { ScheduleWindow } from '../../../src-shared/pti/schedule.js';
import { isValidTimeZone, siteLocalTime } from '../../../src-shared/pti/site-time.js';
import {
  isValidUnitName,
  PtiUnitName,
  unitNameProblem,
} from '../../../src-shared/pti/unit-name.js';

describe('PTI unit names', () => {
  it('accepts 1–10 characters without spaces', () => {
    for (const name of ['A', 'A101', 'DU01', 'RV-01', 'ABCDEFGHIJ', 'Bldg.C/12'])
      expect(isValidUnitName(name), name).toBe(true);
  });

  it('refuses empty, spaced, over-long and control-character names, saying why', () => {
    expect(unitNameProblem('')).toMatch(/1–10 characters with no spaces; this one is empty/);
    expect(unitNameProblem('A 101')).toMatch(/"A 101" contains a space/);
    expect(unitNameProblem('A\t1')).toMatch(/contains a space/);
    expect(unitNameProblem('ABCDEFGHIJK')).toMatch(/has 11 characters/);
    expect(unitNameProblem('A\u00001')).toMatch(/control character/);
  });

  it('counts characters as a person sees them', () => {
    expect(isValidUnitName('ÉÉÉÉÉÉÉÉÉÉ')).toBe(true);
    expect(isValidUnitName('🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒')).toBe(true);
    expect(isValidUnitName('🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒')).toBe(false);
  });

  it('agrees with the schema, which carries PTI code −3', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), (name) => {
        const parsed = PtiUnitName.safeParse(name);
        expect(parsed.success).toBe(isValidUnitName(name));
        if (!parsed.success) expect(ptiCodeOfIssue(parsed.error.issues[0]!)).toBe(-3);
      }),
    );
  });
});

describe('access codes', () => {
  it('are 4–10 digits', () => {
    for (const code of ['0000', '1234', '123456', '0123456789'])
      expect(isValidAccessCode(code)).toBe(true);
    expect(accessCodeProblem('123')).toMatch(/4 to 10 digits.*has 3 digits/);
    expect(accessCodeProblem('12345678901')).toMatch(/has 11 digits/);
    expect(accessCodeProblem('12a4')).toMatch(/contains other characters/);
    expect(accessCodeProblem('١٢٣٤')).toMatch(/contains other characters/);
  });

  it('never echo the code in a problem, and carry PTI code −4', () => {
    const parsed = PtiAccessCode.safeParse('98x7654');
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(parsed.error.issues[0]!.message).not.toContain('98x7654');
      expect(ptiCodeOfIssue(parsed.error.issues[0]!)).toBe(ptiErrorCodes.invalidAccessCode);
    }
  });

  it('are masked but for their last two digits', () => {
    expect(maskAccessCode('246810')).toBe('••••10');
    expect(maskAccessCode('12')).toBe('••');
  });
});

describe('access level numbers', () => {
  it('are whole numbers from 1 to 255', () => {
    expect(ptiNumberProblem(1, 'Access level')).toBeNull();
    expect(ptiNumberProblem(255, 'Access level')).toBeNull();
    expect(ptiNumberProblem(0, 'Access level')).toMatch(
      /Access level numbers are whole numbers from 1 to 255; 0/,
    );
    expect(ptiNumberProblem(1.5, 'Keypad')).toMatch(/Keypad numbers/);
    expect(ptiNumberProblem(256, 'Time schedule')).not.toBeNull();
  });

  it('name an area and a schedule', () => {
    expect(
      AccessLevel.safeParse({ number: 3, name: 'Office', areaId: 1, scheduleId: 2 }).success,
    ).toBe(true);
    expect(AccessLevel.safeParse({ number: 3, name: ' ', areaId: 1, scheduleId: 2 }).success).toBe(
      false,
    );
    expect(AccessLevel.safeParse({ number: 3, name: 'Office', areaId: 1 }).success).toBe(false);
  });
});

describe('schedule windows', () => {
  const w = (day: ScheduleWindow['day'], start: string, end: string): ScheduleWindow => ({
    day,
    start,
    end,
  });

  it('accept windows up to 24:00, touching but not overlapping', () => {
    expect(windowsProblem([w('mon', '00:00', '24:00')])).toBeNull();
    expect(windowsProblem([w('mon', '06:00', '12:00'), w('mon', '12:00', '18:00')])).toBeNull();
    expect(windowsProblem([w('mon', '06:00', '12:00'), w('tue', '11:00', '18:00')])).toBeNull();
  });

  it('explain what is wrong and how to fix it', () => {
    expect(windowsProblem([w('mon', '6:00', '12:00')])).toMatch(
      /Monday: the start "6:00" is not a time.*HH:MM/,
    );
    expect(windowsProblem([w('tue', '06:00', '24:30')])).toMatch(/Tuesday: the end "24:30"/);
    expect(windowsProblem([w('fri', '22:00', '02:00')])).toMatch(
      /Friday: the window 22:00–02:00 ends before it starts.*one to 24:00 and one from 00:00/,
    );
    expect(windowsProblem([w('sat', '06:00', '12:00'), w('sat', '11:00', '14:00')])).toMatch(
      /Saturday: the windows 06:00–12:00 and 11:00–14:00 overlap; merge them/,
    );
    expect(windowsProblem([w('sun', '24:00', '24:00')])).toMatch(/Sunday: the start "24:00"/);
    const many = Array.from({ length: 9 }, (_, i) => w('wed', `0${i}:00`, `0${i}:30`));
    expect(windowsProblem(many)).toMatch(/Wednesday: 9 windows; a day has at most 8/);
  });

  it('carry PTI code −12 in the schedule schema', () => {
    const parsed = TimeSchedule.safeParse({
      id: 1,
      name: 'Bad',
      windows: [w('mon', '10:00', '09:00')],
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(ptiCodeOfIssue(parsed.error.issues[0]!)).toBe(-12);
  });

  it('include the start minute and exclude the end minute', () => {
    const windows = [w('mon', '06:00', '22:00')];
    expect(isOpenAt(windows, { day: 'mon', minutes: 6 * 60 - 1 })).toBe(false);
    expect(isOpenAt(windows, { day: 'mon', minutes: 6 * 60 })).toBe(true);
    expect(isOpenAt(windows, { day: 'mon', minutes: 22 * 60 - 1 })).toBe(true);
    expect(isOpenAt(windows, { day: 'mon', minutes: 22 * 60 })).toBe(false);
    expect(isOpenAt(windows, { day: 'tue', minutes: 12 * 60 })).toBe(false);
  });
});

describe('site time', () => {
  it('reads the weekday and time on the site’s own clock, across daylight saving', () => {
    expect(siteLocalTime(new Date('2026-01-14T14:00:00Z'), 'America/Los_Angeles')).toEqual({
      day: 'wed',
      minutes: 360,
    });
    expect(siteLocalTime(new Date('2026-03-08T13:00:00Z'), 'America/Los_Angeles')).toEqual({
      day: 'sun',
      minutes: 360,
    });
    expect(siteLocalTime(new Date('2026-03-08T10:00:00Z'), 'America/Los_Angeles')).toEqual({
      day: 'sun',
      minutes: 180,
    });
    expect(siteLocalTime(new Date('2026-07-01T12:00:00Z'), 'America/Phoenix')).toEqual({
      day: 'wed',
      minutes: 300,
    });
    expect(siteLocalTime(new Date('2026-01-04T23:30:00Z'), 'UTC')).toEqual({
      day: 'sun',
      minutes: 1410,
    });
  });

  it('knows an IANA zone from a typo', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('America/New_Yrok')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('PTI error codes', () => {
  it('say what PTI’s known codes mean in words a site manager understands', () => {
    expect(ptiErrorInfo(-1).message).toMatch(/site key, username or password was not accepted/);
    expect(ptiErrorInfo(-3).message).toMatch(/1–10 characters with no spaces/);
    expect(ptiErrorInfo(-22).message).toMatch(/not locked/);
    expect(ptiErrorInfo(-404).message).toMatch(/PTI does not know this unit/);
    expect(ptiErrorInfo(-7).message).toMatch(/already has this access code/);
  });

  it('mark only gateway trouble as worth retrying unchanged', () => {
    const retryable = allPtiErrors()
      .filter((e) => e.retryable)
      .map((e) => e.code);
    expect(retryable.sort()).toEqual([-503, -502, -500, -2].sort());
  });

  it('fall back to a general sentence for a code from another gateway', () => {
    expect(ptiErrorInfo(-77)).toMatchObject({
      name: 'other',
      retryable: false,
      message: expect.stringContaining('-77'),
    });
  });

  it('are distinct, each with a message', () => {
    const all = allPtiErrors();
    expect(new Set(all.map((e) => e.code)).size).toBe(all.length);
    expect(new Set(all.map((e) => e.name)).size).toBe(all.length);
    for (const error of all) expect(error.message.length).toBeGreaterThan(10);
  });
});
