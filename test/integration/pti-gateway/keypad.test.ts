import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PtiGateway } from '../../../src-pti-gateway/app.js';
import type { PtiConnector } from '../../../src-main/core/pti/pti-connector.js';
import { decideKeypadEntry } from '../../../src-shared/pti/keypad.js';
import type { KeypadAnswer } from '../../../src-shared/pti/keypad.js';
import { connectorFor, newKey, raw, signIn, startGateway, value } from './gateway-fixture.js';

// Cascade Vault Tacoma runs on America/Los_Angeles: UTC−8 in winter, UTC−7 in summer.
const siteCode = 'CVS401';
let gateway: PtiGateway;
let pti: PtiConnector;
let gateKeypad: number;

const codes = {
  standard: '246810',
  suspended: '135790',
  noLevel: '11223344',
  otherArea: '5555',
  nightZone: '777000',
};

beforeAll(async () => {
  gateway = await startGateway();
  pti = connectorFor(gateway, siteCode);
  const access = value(await pti.listAccess());
  gateKeypad = access.keypads.find((k) => k.name === 'Entry gate')!.id;
  const vacant = value(await pti.listUnits()).map((u) => u.name);
  const tenant = (
    customerRef: string,
    accessCode: string,
    accessLevel: number | null,
    unit: string,
    extra: { zone?: number; overlocked?: boolean } = {},
  ) => ({
    customerRef,
    accessCode,
    accessLevel,
    zone: extra.zone ?? null,
    units: [{ name: unit, overlocked: extra.overlocked ?? false }],
  });
  // Level 1 is area 1 on "Gate hours" (06:00–22:00 every day); level 2 is area 1 around the
  // clock; level 8 is an office area no gate keypad belongs to. No site default level.
  value(
    await pti.resyncSite(
      {
        defaults: { accessLevel: null, zone: null },
        access: {
          areas: [...access.areas, { id: 8, name: 'Office' }],
          schedules: access.schedules,
          accessLevels: [
            ...access.accessLevels,
            { number: 8, name: 'Office staff', areaId: 8, scheduleId: 2 },
          ],
        },
        tenants: [
          tenant('t-standard', codes.standard, 1, vacant[0]!),
          tenant('t-suspended', codes.suspended, 2, vacant[1]!, { overlocked: true }),
          tenant('t-no-level', codes.noLevel, null, vacant[2]!),
          tenant('t-other-area', codes.otherArea, 8, vacant[3]!),
          tenant('t-night-zone', codes.nightZone, 2, vacant[4]!, { zone: 1 }),
        ],
      },
      newKey(),
    ),
  );
});
afterAll(async () => {
  await pti?.close();
  await gateway?.close();
});

async function enter(code: string, at: string, keypad = gateKeypad) {
  return value(await pti.enterCode!(keypad, code, new Date(at))).event;
}

describe('keypad entry simulation', () => {
  it('grants a valid code inside its schedule, on the site’s clock', async () => {
    const event = await enter(codes.standard, '2026-01-14T20:00:00Z');
    expect(event).toMatchObject({
      answer: 'ACCESS GRANTED',
      reason: 'granted',
      localTime: 'Wednesday 12:00',
      keypadId: gateKeypad,
      customerRef: 't-standard',
    });
  });

  it('opens at 06:00 and not at 05:59 Los Angeles time, in winter (UTC−8)', async () => {
    expect((await enter(codes.standard, '2026-01-14T13:59:00Z')).answer).toBe('AREA CLOSED');
    expect((await enter(codes.standard, '2026-01-14T14:00:00Z')).answer).toBe('ACCESS GRANTED');
    // 21:59 is inside, 22:00 is the end of the window.
    expect((await enter(codes.standard, '2026-01-15T05:59:00Z')).answer).toBe('ACCESS GRANTED');
    const closed = await enter(codes.standard, '2026-01-15T06:00:00Z');
    expect(closed).toMatchObject({ answer: 'AREA CLOSED', reason: 'outside_schedule' });
    expect(closed.localTime).toBe('Wednesday 22:00');
  });

  it('follows the clock change on the day daylight saving starts', async () => {
    // Sunday 8 March 2026: clocks jump from 02:00 to 03:00, so 06:00 local is 13:00 UTC.
    const before = await enter(codes.standard, '2026-03-08T12:59:00Z');
    expect(before).toMatchObject({ answer: 'AREA CLOSED', localTime: 'Sunday 05:59' });
    const opening = await enter(codes.standard, '2026-03-08T13:00:00Z');
    expect(opening).toMatchObject({ answer: 'ACCESS GRANTED', localTime: 'Sunday 06:00' });
    // The same UTC time the day before was still 05:00 local (UTC−8): closed.
    const dayBefore = await enter(codes.standard, '2026-03-07T13:00:00Z');
    expect(dayBefore).toMatchObject({ answer: 'AREA CLOSED', localTime: 'Saturday 05:00' });
  });

  it('follows the clock change on the day daylight saving ends', async () => {
    // Sunday 1 November 2026: clocks fall back from 02:00 to 01:00, so 06:00 local is 14:00 UTC.
    expect((await enter(codes.standard, '2026-11-01T13:59:00Z')).answer).toBe('AREA CLOSED');
    expect((await enter(codes.standard, '2026-11-01T14:00:00Z')).answer).toBe('ACCESS GRANTED');
  });

  it('shows ACCESS SUSPENDED for an overlocked tenant, whatever their schedule', async () => {
    const event = await enter(codes.suspended, '2026-01-14T20:00:00Z');
    expect(event).toMatchObject({ answer: 'ACCESS SUSPENDED', reason: 'suspended' });
  });

  it('stores a user without an access level but denies them', async () => {
    const users = value(await pti.listUsers());
    expect(users.find((u) => u.customerRef === 't-no-level')).toMatchObject({ accessLevel: null });
    const event = await enter(codes.noLevel, '2026-01-14T20:00:00Z');
    expect(event).toMatchObject({ answer: 'ACCESS DENIED', reason: 'no_access_level' });
  });

  it('denies an unknown code and a level for another area', async () => {
    expect(await enter('9999', '2026-01-14T20:00:00Z')).toMatchObject({
      answer: 'ACCESS DENIED',
      reason: 'unknown_code',
      userId: null,
    });
    expect(await enter(codes.otherArea, '2026-01-14T20:00:00Z')).toMatchObject({
      answer: 'ACCESS DENIED',
      reason: 'wrong_area',
    });
  });

  it('lets a per-user zone override the schedule of the access level', async () => {
    // Level 2 is around the clock, but this user's zone is "Gate hours".
    expect((await enter(codes.nightZone, '2026-01-15T07:00:00Z')).answer).toBe('AREA CLOSED');
    value(await pti.setZone('t-night-zone', null, newKey()));
    expect((await enter(codes.nightZone, '2026-01-15T07:00:00Z')).answer).toBe('ACCESS GRANTED');
  });

  it('applies the site default access level to users without their own', async () => {
    value(await pti.setDefaults({ accessLevel: 1, zone: null }, newKey()));
    expect((await enter(codes.noLevel, '2026-01-14T20:00:00Z')).answer).toBe('ACCESS GRANTED');
    value(await pti.setDefaults({ accessLevel: null, zone: null }, newKey()));
    expect((await enter(codes.noLevel, '2026-01-14T20:00:00Z')).answer).toBe('ACCESS DENIED');
  });

  it('answers as the client predicts from its pulled copy of the site', async () => {
    const snapshot = value(await pti.pullSite());
    const site = {
      ...snapshot,
      timeZone: snapshot.site.timeZone,
      defaults: snapshot.site.defaults,
    };
    const instants = ['2026-01-14T13:59:00Z', '2026-03-08T13:00:00Z', '2026-01-15T07:00:00Z'];
    const seen = new Set<KeypadAnswer>();
    for (const code of [...Object.values(codes), '0000'])
      for (const at of instants) {
        const predicted = decideKeypadEntry(site, 1, code, new Date(at));
        const event = await enter(code, at);
        expect(event.answer, `${code} at ${at}`).toBe(predicted.answer);
        seen.add(event.answer);
      }
    expect(seen.size).toBe(4);
  });

  it('answers −10 for a keypad the site does not have, and −400 for a non-digit code', async () => {
    const failure = await pti.enterCode!(99, codes.standard);
    expect(failure).toMatchObject({ ok: false, code: -10 });
    const letters = await pti.enterCode!(gateKeypad, '12ab');
    expect(letters).toMatchObject({ ok: false, code: -400 });
  });

  it('keeps an event log, in order and paged, with codes masked', async () => {
    const token = await signIn(gateway, siteCode);
    const first = value(await pti.listEvents!(0, 3));
    expect(first.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.next).toBe(3);
    const rest = value(await pti.listEvents!(first.next, 1000));
    expect(rest.events[0]!.seq).toBe(4);
    const all = [...first.events, ...rest.events];
    expect(all.every((e, i) => i === 0 || e.seq > all[i - 1]!.seq)).toBe(true);
    expect(all[0]).toMatchObject({ answer: 'ACCESS GRANTED', codeHint: '••••10' });
    const logText = JSON.stringify(
      (await raw(gateway, 'GET', `/v1/sites/${siteCode}/events?limit=1000`, { token })).body,
    );
    expect(logText).not.toContain(codes.standard);
    expect(logText).not.toContain(codes.noLevel);
    const end = value(await pti.listEvents!(rest.next));
    expect(end).toEqual({ events: [], next: rest.next });
  });
});
