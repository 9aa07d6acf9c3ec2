import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtiClient, type PtiClientFixture } from './pti-client-fixture.js';

// The keypad tester against the real emulator over HTTP: the gateway's own answer next to the
// local prediction, the site's gate event log with masked codes, and a gateway that is away.
const SITE = 'RMS201';
// Zone 3 is office hours at this Phoenix site: Saturday 09:00–16:00, closed on Sundays.
const saturdayMorning = '2026-03-07T16:30:00Z';
const sunday = '2026-03-08T17:00:00Z';

let f: PtiClientFixture;
let unit: string;
let accessCode: string;

const sync = () => f.call('pti.sites.syncNow', { siteCode: SITE });
const tryAt = (at: string, keypadId = 1) =>
  f.call('pti.keypads.tryAtGateway', { siteCode: SITE, unit, keypadId, at });
const predict = (at: string) =>
  f.call('pti.keypads.check', { siteCode: SITE, unit, keypadId: 1, at });

beforeAll(async () => {
  f = await startPtiClient();
  await f.addSite(SITE);
  await sync();
  const target = (await f.call('pti.rentals.list', { siteCode: SITE })).find(
    (r) => !r.vacant && !r.overlocked && r.accessLevel === 1,
  )!;
  unit = target.unit;
  await f.call('pti.rentals.setZone', { siteCode: SITE, unit, zone: 3 });
  await sync();
  accessCode = (await f.call('pti.rentals.revealCode', { siteCode: SITE, unit })).accessCode;
});
afterAll(async () => {
  await f?.close();
});

describe('the keypad tester at the gateway', () => {
  it('answers as the gateway decides, inside and outside the schedule and after overlock', async () => {
    const inside = await tryAt(saturdayMorning);
    expect(inside).toMatchObject({ ok: true, answer: 'ACCESS GRANTED', reason: 'granted' });
    expect((await predict(saturdayMorning)).answer).toBe('ACCESS GRANTED');

    const outside = await tryAt(sunday);
    expect(outside).toMatchObject({
      ok: true,
      answer: 'AREA CLOSED',
      reason: 'outside_schedule',
      reasonText: 'the user’s time schedule is closed at this local time',
    });
    expect(outside.ok && outside.localTime).toMatch(/^Sunday 10:00/);

    await f.call('pti.rentals.overlock', { siteCode: SITE, unit });
    await sync();
    expect(await tryAt(saturdayMorning)).toMatchObject({
      ok: true,
      answer: 'ACCESS SUSPENDED',
      reason: 'suspended',
    });
    expect((await predict(saturdayMorning)).answer).toBe('ACCESS SUSPENDED');
  });

  it('shows where the local copy is out of date: the gateway answers otherwise', async () => {
    // Someone lifts the overlock at the site itself; Gatedesk has not pulled since.
    const gatewayUnit = f.gatewaySite(SITE).units.find((u) => u.name === unit)!;
    gatewayUnit.overlocked = false;
    expect((await predict(saturdayMorning)).answer).toBe('ACCESS SUSPENDED');
    expect(await tryAt(saturdayMorning)).toMatchObject({ ok: true, answer: 'ACCESS GRANTED' });
    gatewayUnit.overlocked = true;
  });

  it('tries a code typed in instead of a tenant, and wants one of the two', async () => {
    const known = new Set(f.gatewaySite(SITE).users.map((u) => u.accessCode));
    const nobodys = ['9081726354', '8172635490', '7263549081'].find((c) => !known.has(c))!;
    const input = { siteCode: SITE, keypadId: 1, at: saturdayMorning, code: nobodys };
    expect(await f.call('pti.keypads.check', input)).toMatchObject({
      answer: 'ACCESS DENIED',
      reason: 'unknown_code',
    });
    expect(await f.call('pti.keypads.tryAtGateway', input)).toMatchObject({
      ok: true,
      answer: 'ACCESS DENIED',
      reason: 'unknown_code',
      codeHint: `••••••••${nobodys.slice(-2)}`,
    });
    for (const wrong of [
      { siteCode: SITE, keypadId: 1 },
      { siteCode: SITE, keypadId: 1, unit, code: nobodys },
    ]) {
      const refused = await f.attempt('pti.keypads.tryAtGateway', wrong);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error.message).toContain('pick a unit’s tenant or type a code');
    }
  });

  it('refuses a keypad the gateway does not know, in words', async () => {
    const answer = await tryAt(saturdayMorning, 99);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.message).toContain('PTI does not know keypad 99');
  });

  it('lists the site’s gate log newest first, with the tenant and the code masked', async () => {
    const log = await f.call('pti.events.list', { siteCode: SITE, limit: 10 });
    expect(log).toMatchObject({ ok: true, message: null, timeZone: 'America/Phoenix' });
    const ours = log.events.filter((e) => e.customerRef !== null);
    expect(log.events[0]).toMatchObject({ answer: 'ACCESS DENIED', customerRef: null, units: [] });
    expect(ours.map((e) => [e.answer, e.at])).toEqual([
      ['ACCESS GRANTED', saturdayMorning.replace('Z', '.000Z')],
      ['ACCESS SUSPENDED', saturdayMorning.replace('Z', '.000Z')],
      ['AREA CLOSED', sunday.replace('Z', '.000Z')],
      ['ACCESS GRANTED', saturdayMorning.replace('Z', '.000Z')],
    ]);
    const seqs = log.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    for (const event of ours) {
      expect(event.units).toContain(unit);
      expect(event.keypadId).toBe(1);
      expect(event.keypadName).not.toBeNull();
      expect(event.codeHint).toBe('•'.repeat(accessCode.length - 2) + accessCode.slice(-2));
    }
    for (const event of log.events) expect(event.codeHint).toMatch(/^•*\d{0,2}$/);

    // Only what is new after a sequence number; the limit keeps the newest.
    const newest = await f.call('pti.events.list', { siteCode: SITE, limit: 1 });
    expect(newest.events.map((e) => e.seq)).toEqual([seqs[0]]);
    const after = await f.call('pti.events.list', { siteCode: SITE, after: seqs[1]!, limit: 10 });
    expect(after.events.map((e) => e.seq)).toEqual([seqs[0]]);
    expect(after.next).toBe(seqs[0]);
  });

  it('says the gateway is away when it is, and the prediction still answers', async () => {
    await f.faults({ offline: true });
    try {
      const answer = await tryAt(saturdayMorning);
      expect(answer).toMatchObject({ ok: false, status: 'offline', code: -503 });
      expect(!answer.ok && answer.message).toMatch(/^The gateway could not be asked: .*offline/);
      const log = await f.call('pti.events.list', { siteCode: SITE, limit: 10 });
      expect(log).toMatchObject({ ok: false, events: [] });
      expect(log.message).toMatch(/event log could not be read: .*offline/);
      expect((await predict(saturdayMorning)).answer).toBe('ACCESS SUSPENDED');
    } finally {
      await f.faults({ offline: false });
    }
  });

  it('refuses a site that is not set up, and never logs or echoes a code', async () => {
    const missing = await f.attempt('pti.events.list', { siteCode: 'NOPE1', limit: 5 });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.message).toContain('not set up for PTI');
    const tried = f.logLines.filter((line) => line.includes('PTI keypad tried at the gateway'));
    expect(tried.length).toBeGreaterThan(0);
    expect(tried.join('\n')).not.toContain(accessCode);
  });
});
