import { describe, expect, it } from 'vitest';
import { decideKeypadEntry, effectiveAccess } from '../../../src-shared/pti/keypad.js';
import type { KeypadSite } from '../../../src-shared/pti/keypad.js';
import { weekdays } from '../../../src-shared/pti/schedule.js';

const every = (start: string, end: string) => weekdays.map((day) => ({ day, start, end }));

/** A site in America/Los_Angeles: the gate is area 1, the office area 2. */
function site(overrides: Partial<KeypadSite> = {}): KeypadSite {
  return {
    timeZone: 'America/Los_Angeles',
    defaults: { accessLevel: 1, zone: null },
    accessLevels: [
      { number: 1, areaId: 1, scheduleId: 1 },
      { number: 2, areaId: 1, scheduleId: 2 },
      { number: 3, areaId: 2, scheduleId: 2 },
    ],
    schedules: [
      { id: 1, windows: every('06:00', '22:00') },
      { id: 2, windows: every('00:00', '24:00') },
      { id: 3, windows: [{ day: 'sat', start: '09:00', end: '12:00' }] },
    ],
    users: [{ userId: 'U1', accessCode: '2468', accessLevel: null, zone: null }],
    units: [{ userId: 'U1', overlocked: false }],
    ...overrides,
  };
}

const noon = new Date('2026-01-14T20:00:00Z'); // Wednesday 12:00 in Los Angeles
const user = (fields: Partial<KeypadSite['users'][number]>) => [
  { userId: 'U1', accessCode: '2468', accessLevel: null, zone: null, ...fields },
];

describe('effective access', () => {
  it('takes the user’s level over the site default, and the user’s zone over both schedules', () => {
    const s = site({ defaults: { accessLevel: 1, zone: 3 } });
    expect(effectiveAccess(s, { accessLevel: null, zone: null })).toEqual({
      accessLevel: 1,
      accessLevelFrom: 'site',
      scheduleId: 3,
      scheduleFrom: 'site',
      areaId: 1,
    });
    expect(effectiveAccess(s, { accessLevel: 2, zone: 1 })).toMatchObject({
      accessLevel: 2,
      accessLevelFrom: 'user',
      scheduleId: 1,
      scheduleFrom: 'user',
    });
    expect(effectiveAccess(site(), { accessLevel: 2, zone: null })).toMatchObject({
      scheduleId: 2,
      scheduleFrom: 'level',
    });
    expect(
      effectiveAccess(site({ defaults: { accessLevel: null, zone: null } }), {
        accessLevel: null,
        zone: null,
      }),
    ).toMatchObject({ accessLevel: null, accessLevelFrom: 'none', scheduleFrom: 'none' });
  });
});

describe('keypad decision', () => {
  it('grants a known code inside its schedule', () => {
    expect(decideKeypadEntry(site(), 1, '2468', noon)).toEqual({
      answer: 'ACCESS GRANTED',
      reason: 'granted',
      userId: 'U1',
      local: { day: 'wed', minutes: 720 },
    });
  });

  it('denies an unknown code', () => {
    expect(decideKeypadEntry(site(), 1, '1357', noon)).toMatchObject({
      answer: 'ACCESS DENIED',
      reason: 'unknown_code',
      userId: null,
    });
  });

  it('suspends an overlocked tenant before anything else, on any of their units', () => {
    const s = site({
      units: [
        { userId: 'U1', overlocked: false },
        { userId: 'U1', overlocked: true },
      ],
      defaults: { accessLevel: null, zone: null },
    });
    expect(decideKeypadEntry(s, 2, '2468', new Date('2026-01-14T10:00:00Z'))).toMatchObject({
      answer: 'ACCESS SUSPENDED',
      reason: 'suspended',
    });
  });

  it('stores but denies a user without an access level', () => {
    const s = site({ defaults: { accessLevel: null, zone: null } });
    expect(decideKeypadEntry(s, 1, '2468', noon)).toMatchObject({
      answer: 'ACCESS DENIED',
      reason: 'no_access_level',
    });
    const unknownLevel = site({ users: user({ accessLevel: 9 }) });
    expect(decideKeypadEntry(unknownLevel, 1, '2468', noon).reason).toBe('unknown_access_level');
  });

  it('denies a keypad outside the user’s area', () => {
    expect(
      decideKeypadEntry(site({ users: user({ accessLevel: 3 }) }), 1, '2468', noon),
    ).toMatchObject({
      answer: 'ACCESS DENIED',
      reason: 'wrong_area',
    });
  });

  it('closes the area outside the schedule, at 05:59 but not 06:00 local time', () => {
    expect(decideKeypadEntry(site(), 1, '2468', new Date('2026-01-14T13:59:00Z'))).toMatchObject({
      answer: 'AREA CLOSED',
      reason: 'outside_schedule',
      local: { day: 'wed', minutes: 359 },
    });
    expect(decideKeypadEntry(site(), 1, '2468', new Date('2026-01-14T14:00:00Z')).answer).toBe(
      'ACCESS GRANTED',
    );
  });

  it('moves the opening with daylight saving: 06:00 is 13:00 UTC on 8 March 2026', () => {
    expect(decideKeypadEntry(site(), 1, '2468', new Date('2026-03-08T12:59:00Z')).answer).toBe(
      'AREA CLOSED',
    );
    expect(decideKeypadEntry(site(), 1, '2468', new Date('2026-03-08T13:00:00Z')).answer).toBe(
      'ACCESS GRANTED',
    );
  });

  it('reads the repeated hour when clocks fall back as the same wall time both times', () => {
    const early = site({
      schedules: [{ id: 1, windows: [{ day: 'sun', start: '01:00', end: '02:00' }] }],
    });
    // 1 November 2026, 01:30 happens at 08:30 UTC (PDT) and again at 09:30 UTC (PST).
    for (const at of ['2026-11-01T08:30:00Z', '2026-11-01T09:30:00Z'])
      expect(decideKeypadEntry(early, 1, '2468', new Date(at)).answer, at).toBe('ACCESS GRANTED');
    expect(decideKeypadEntry(early, 1, '2468', new Date('2026-11-01T10:00:00Z')).answer).toBe(
      'AREA CLOSED',
    );
  });

  it('uses the zone override instead of the level’s schedule', () => {
    const s = site({ users: user({ accessLevel: 2, zone: 3 }) });
    expect(decideKeypadEntry(s, 1, '2468', noon).answer).toBe('AREA CLOSED');
    const saturday = new Date('2026-01-17T18:00:00Z'); // Saturday 10:00
    expect(decideKeypadEntry(s, 1, '2468', saturday).answer).toBe('ACCESS GRANTED');
  });
});
