import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor, value } from '../pti-gateway/gateway-fixture.js';
import { startPtiClient, type PtiClientFixture } from './pti-client-fixture.js';

// Every operation through the real core against the real emulator over HTTP: what the client
// shows, what the gateway ends up with, and the refusals a person gets before anything queues.
const SITE = 'RMS201';
let f: PtiClientFixture;

beforeAll(async () => {
  f = await startPtiClient();
  await f.addSite(SITE);
  await f.call('pti.sites.syncNow', { siteCode: SITE });
});
afterAll(async () => {
  await f?.close();
});

const rentals = () => f.call('pti.rentals.list', { siteCode: SITE });
const rental = async (unit: string) => (await rentals()).find((r) => r.unit === unit)!;
const sync = () => f.call('pti.sites.syncNow', { siteCode: SITE });
const gatewayUnit = (unit: string) => f.gatewaySite(SITE).units.find((u) => u.name === unit)!;
const gatewayUserOf = (unit: string) => {
  const site = f.gatewaySite(SITE);
  return site.users.find((u) => u.userId === gatewayUnit(unit).userId) ?? null;
};
const refusal = async (
  result: Promise<{ ok: boolean; error?: { code: string; message: string } }>,
) => {
  const r = await result;
  expect(r.ok).toBe(false);
  return r.error!;
};

describe('move-in and move-out', () => {
  let vacant: string[];
  let tenant: { unit: string; customerRef: string; customerName: string | null };

  beforeAll(async () => {
    const all = await rentals();
    vacant = all.filter((r) => r.vacant).map((r) => r.unit);
    const rented = all.find((r) => !r.vacant && r.accessLevelFrom === 'site')!;
    tenant = {
      unit: rented.unit,
      customerRef: rented.customerRef!,
      customerName: rented.customerName,
    };
    expect(vacant.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses what PTI would refuse, before anything is queued', async () => {
    const occupied = await refusal(
      f.attempt('pti.rentals.moveIn', {
        siteCode: SITE,
        units: [tenant.unit],
        customerName: 'Ben Brooks',
      }),
    );
    expect(occupied.code).toBe('conflict');
    expect(occupied.message).toContain('Move them out first');

    const unknown = await refusal(
      f.attempt('pti.rentals.moveIn', {
        siteCode: SITE,
        units: ['Z999'],
        customerName: 'Ben Brooks',
      }),
    );
    expect(unknown).toMatchObject({ code: 'not_found' });
    expect(unknown.message).toContain('PTI does not know this unit');

    const badName = await refusal(
      f.attempt('pti.rentals.moveIn', {
        siteCode: SITE,
        units: ['A 101'],
        customerName: 'Ben Brooks',
      }),
    );
    expect(badName).toMatchObject({ code: 'invalid_input' });
    expect(badName.message).toContain('no spaces');

    const { accessCode: taken } = await f.call('pti.rentals.revealCode', {
      siteCode: SITE,
      unit: tenant.unit,
    });
    const duplicate = await refusal(
      f.attempt('pti.rentals.moveIn', {
        siteCode: SITE,
        units: [vacant[0]!],
        customerName: 'Ben Brooks',
        accessCode: taken,
      }),
    );
    expect(duplicate.message).toContain('Another user at this site already has this access code');
    expect(duplicate.message).not.toContain(taken);

    const level = await refusal(
      f.attempt('pti.rentals.moveIn', {
        siteCode: SITE,
        units: [vacant[0]!],
        customerName: 'Ben Brooks',
        accessLevel: 99,
      }),
    );
    expect(level.message).toContain('This access level is not set up at the site');
    expect(await f.call('sync.pending', {})).toEqual([]);
  });

  it('moves an existing customer into another unit on the same code', async () => {
    await f.call('pti.rentals.moveIn', {
      siteCode: SITE,
      units: [vacant[0]!],
      customerRef: tenant.customerRef,
    });
    // Known customer: the code is known at once, no need to wait for PTI.
    const queued = await rental(vacant[0]!);
    expect(queued).toMatchObject({
      state: 'queued',
      codePending: false,
      customerName: tenant.customerName,
    });
    await sync();
    const [a, b] = [await rental(tenant.unit), await rental(vacant[0]!)];
    expect(b).toMatchObject({
      state: 'applied',
      customerRef: tenant.customerRef,
      userId: a.userId,
    });
    expect(b.accessCodeMasked).toBe(a.accessCodeMasked);
    expect(gatewayUserOf(vacant[0]!)!.customerRef).toBe(tenant.customerRef);
  });

  it('moves a new customer in with a chosen code and level, and out again', async () => {
    const code = '73915046';
    const { customerRef } = await f.call('pti.rentals.moveIn', {
      siteCode: SITE,
      units: [vacant[1]!],
      customerName: 'Carla Dubois',
      accessCode: code,
      accessLevel: 2,
    });
    expect(customerRef).toMatch(/^[0-9a-f]{24}$/);
    expect(await rental(vacant[1]!)).toMatchObject({
      accessCodeMasked: '••••••46',
      accessLevel: 2,
      accessLevelFrom: 'user',
    });
    await sync();
    expect(gatewayUserOf(vacant[1]!)).toMatchObject({
      customerRef,
      accessCode: code,
      accessLevel: 2,
    });

    await f.call('pti.rentals.moveOut', { siteCode: SITE, unit: vacant[1]! });
    expect(await rental(vacant[1]!)).toMatchObject({ vacant: true, state: 'queued' });
    await sync();
    expect(gatewayUnit(vacant[1]!).userId).toBeNull();
    expect(f.gatewaySite(SITE).users.find((u) => u.customerRef === customerRef)).toBeUndefined();
    expect(await rental(vacant[1]!)).toMatchObject({
      vacant: true,
      state: 'applied',
      accessCodeMasked: null,
    });
  });
});

describe('access level and zone overrides', () => {
  it('overrides the site default per customer and returns to it with null', async () => {
    const target = (await rentals()).find((r) => !r.vacant && r.accessLevelFrom === 'site')!;
    await f.call('pti.rentals.setAccessLevel', {
      siteCode: SITE,
      unit: target.unit,
      accessLevel: 2,
    });
    await sync();
    expect(await rental(target.unit)).toMatchObject({ accessLevel: 2, accessLevelFrom: 'user' });
    expect(gatewayUserOf(target.unit)!.accessLevel).toBe(2);

    await f.call('pti.rentals.setAccessLevel', {
      siteCode: SITE,
      unit: target.unit,
      accessLevel: null,
    });
    await sync();
    expect(await rental(target.unit)).toMatchObject({
      accessLevel: f.gatewaySite(SITE).defaults.accessLevel,
      accessLevelFrom: 'site',
      accessLevelOverride: null,
    });
    expect(gatewayUserOf(target.unit)!.accessLevel).toBeNull();
  });

  it('sets a zone whose schedule the keypad then follows, on the site’s clock', async () => {
    const target = (await rentals()).find(
      (r) => !r.vacant && !r.overlocked && r.accessLevel === 1,
    )!;
    const refused = await refusal(
      f.attempt('pti.rentals.setZone', { siteCode: SITE, unit: target.unit, zone: 42 }),
    );
    expect(refused.message).toContain('This zone (time schedule) is not set up at the site');

    // Zone 3 is office hours: 09:00–16:00 on Saturdays, closed on Sundays (Phoenix time).
    await f.call('pti.rentals.setZone', { siteCode: SITE, unit: target.unit, zone: 3 });
    await sync();
    expect(await rental(target.unit)).toMatchObject({
      zoneOverride: 3,
      schedule: 3,
      scheduleFrom: 'user',
    });
    const { accessCode } = await f.call('pti.rentals.revealCode', {
      siteCode: SITE,
      unit: target.unit,
    });
    const keypad = connectorFor(f.gateway, SITE);
    for (const at of ['2026-03-07T16:30:00Z', '2026-03-07T23:30:00Z', '2026-03-08T17:00:00Z']) {
      const predicted = await f.call('pti.keypads.check', {
        siteCode: SITE,
        unit: target.unit,
        keypadId: 1,
        at,
      });
      const actual = value(await keypad.enterCode!(1, accessCode, new Date(at))).event;
      expect([at, predicted.answer]).toEqual([at, actual.answer]);
    }
    // Saturday 09:30 in Phoenix is open; 16:30 and Sunday are closed.
    expect(
      (
        await f.call('pti.keypads.check', {
          siteCode: SITE,
          unit: target.unit,
          keypadId: 1,
          at: '2026-03-07T16:30:00Z',
        })
      ).answer,
    ).toBe('ACCESS GRANTED');
    expect(
      (
        await f.call('pti.keypads.check', {
          siteCode: SITE,
          unit: target.unit,
          keypadId: 1,
          at: '2026-03-08T17:00:00Z',
        })
      ).answer,
    ).toBe('AREA CLOSED');
    await keypad.close();
  });
});

describe('overdue, overlock and resync', () => {
  it('locks an overdue rental and unlocks it as soon as the payment clears it', async () => {
    const target = (await rentals()).find((r) => !r.vacant && !r.overlocked)!;
    await f.call('pti.rentals.setOverdue', { siteCode: SITE, unit: target.unit, overdue: true });
    expect(await rental(target.unit)).toMatchObject({
      overdue: true,
      overlocked: true,
      state: 'queued',
    });
    await sync();
    expect(gatewayUnit(target.unit).overlocked).toBe(true);

    // Marking it overdue again queues nothing more.
    expect(
      (await f.call('pti.rentals.setOverdue', { siteCode: SITE, unit: target.unit, overdue: true }))
        .operationIds,
    ).toEqual([]);
    const paid = await f.call('pti.rentals.setOverdue', {
      siteCode: SITE,
      unit: target.unit,
      overdue: false,
    });
    expect(paid.operationIds).toHaveLength(1);
    expect((await f.call('sync.pending', {}))[0]).toMatchObject({ name: 'pti.unlock' });
    await sync();
    expect(gatewayUnit(target.unit).overlocked).toBe(false);
    expect(await rental(target.unit)).toMatchObject({
      overdue: false,
      overlocked: false,
      state: 'applied',
    });
  });

  it('refuses a second overlock and an unlock of an unlocked unit before queueing', async () => {
    const target = (await rentals()).find((r) => !r.vacant && !r.overlocked)!;
    const unlock = await refusal(
      f.attempt('pti.rentals.unlock', { siteCode: SITE, unit: target.unit }),
    );
    expect(unlock.message).toContain('This unit is not locked');
    const vacant = (await rentals()).find((r) => r.vacant)!;
    const lock = await refusal(
      f.attempt('pti.rentals.overlock', { siteCode: SITE, unit: vacant.unit }),
    );
    expect(lock.message).toContain('This unit has no tenant in PTI');
  });

  it('resyncs one rental and the whole site from the client’s view', async () => {
    const target = (await rentals()).find((r) => !r.vacant && !r.overlocked)!;
    const before = target.ptiSyncedAt!;
    await f.call('pti.rentals.resync', { siteCode: SITE, unit: target.unit });
    await sync();
    expect((await rental(target.unit)).ptiSyncedAt! > before).toBe(true);

    // Someone overlocks a unit at the PTI dashboard; the client pushes its own state back.
    const elsewhere = connectorFor(f.gateway, SITE);
    value(await elsewhere.lock(target.unit, { idempotencyKey: randomUUID() }));
    await elsewhere.close();
    const { operationIds } = await f.call('pti.rentals.resyncSite', { siteCode: SITE });
    expect((await f.call('sync.pending', {})).map((p) => p.name)).toEqual(['pti.resyncSite']);
    expect((await rentals()).filter((r) => !r.vacant).every((r) => r.state === 'queued')).toBe(
      true,
    );
    await sync();
    expect(gatewayUnit(target.unit).overlocked).toBe(false);
    expect(f.gatewaySite(SITE).replies.map((r) => r.key)).toContain(operationIds[0]);
    const after = await rentals();
    expect(after.filter((r) => !r.vacant).every((r) => r.state === 'applied')).toBe(true);
    // Same tenants, same codes: the resync changed nothing else.
    for (const r of after.filter((x) => !x.vacant))
      expect(gatewayUserOf(r.unit)!.customerRef).toBe(r.customerRef);
  });
});

describe('site settings', () => {
  it('pushes new defaults to the gateway and keeps them in the site list', async () => {
    const refused = await refusal(
      f.attempt('pti.sites.save', { ...settings(), defaultAccessLevel: 77 }),
    );
    expect(refused.message).toContain('This access level is not set up at the site');
    const saved = await f.call('pti.sites.save', {
      ...settings(),
      defaultAccessLevel: 2,
      defaultZone: 1,
    });
    expect(saved.defaults).toEqual({ accessLevel: 2, zone: 1 });
    expect(saved.queued).toBe(1);
    await sync();
    expect(f.gatewaySite(SITE).defaults).toEqual({ accessLevel: 2, zone: 1 });
    const inherited = (await rentals()).find(
      (r) => !r.vacant && r.accessLevelFrom === 'site' && r.zoneOverride === null,
    )!;
    expect(inherited).toMatchObject({ accessLevel: 2, schedule: 1, scheduleFrom: 'site' });
  });

  it('refuses a bad address or site code with what to fix', async () => {
    const url = await refusal(
      f.attempt('pti.sites.save', { ...settings(), gatewayUrl: 'ftp://gw' }),
    );
    expect(url.message).toContain('http://');
    const code = await refusal(f.attempt('pti.sites.save', { ...settings(), siteCode: 'HPS 101' }));
    expect(code.message).toContain('site codes are');
    const newSite = await refusal(
      f.attempt('pti.sites.save', { ...settings(), siteCode: 'CVS401' }),
    );
    expect(newSite.message).toContain('needs its PTI site key and password');
  });

  it('keeps a site with queued operations unless they are discarded on purpose', async () => {
    await f.faults({ offline: true });
    const target = (await rentals()).find((r) => !r.vacant && !r.overlocked)!;
    await f.call('pti.rentals.overlock', { siteCode: SITE, unit: target.unit });
    const kept = await refusal(f.attempt('pti.sites.remove', { siteCode: SITE }));
    expect(kept.message).toContain('queued or need attention');
    await f.call('pti.sites.remove', { siteCode: SITE, discardQueued: true });
    await f.faults({ offline: false });
    expect(await f.call('pti.sites.list', {})).toEqual([]);
    expect(await f.call('sync.pending', {})).toEqual([]);
    expect((await f.attempt('pti.rentals.list', { siteCode: SITE })).ok).toBe(false);
  });
});

function settings() {
  const site = f.credentials(SITE);
  return { siteCode: SITE, gatewayUrl: f.gateway.url, username: site.username };
}
