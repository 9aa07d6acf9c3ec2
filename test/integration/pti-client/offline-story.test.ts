import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideKeypadEntry } from '../../../src-shared/pti/keypad.js';
import { connectorFor, value } from '../pti-gateway/gateway-fixture.js';
import { startPtiClient, type PtiClientFixture } from './pti-client-fixture.js';

// Issue 5's story: with the gateway offline, an installer queues a move-in for two units of one
// customer, an overlock and a code regeneration; the gateway comes back; the operations apply
// once and in order; both units share the code; the keypad agrees with the client's view.
const SITE = 'HPS101';
let f: PtiClientFixture;

beforeAll(async () => {
  f = await startPtiClient();
});
afterAll(async () => {
  await f?.close();
});

const rental = async (unit: string) =>
  (await f.call('pti.rentals.list', { siteCode: SITE })).find((r) => r.unit === unit)!;

describe('a site set up online, then worked offline', () => {
  let units: [string, string];
  let customerRef: string;
  let queued: string[];

  it('connects with the installer’s settings and pulls the site', async () => {
    const saved = await f.addSite(SITE);
    expect(saved).toMatchObject({ siteCode: SITE, hasSiteKey: true, hasPassword: true });
    expect(saved).not.toHaveProperty('siteKey');
    expect(saved).not.toHaveProperty('password');

    const test = await f.call('pti.sites.testConnection', { siteCode: SITE });
    expect(test).toMatchObject({ ok: true, status: 'online', code: null });
    expect(test.site?.name).toBe(f.gatewaySite(SITE).name);

    const site = await f.call('pti.sites.syncNow', { siteCode: SITE });
    expect(site).toMatchObject({ status: 'online', timeZone: 'America/New_York', queued: 0 });
    expect(site.lastContactAt).not.toBeNull();
    expect(site.lastPullAt).not.toBeNull();

    const rentals = await f.call('pti.rentals.list', { siteCode: SITE });
    expect(rentals.map((r) => r.unit).sort()).toEqual(
      f
        .gatewaySite(SITE)
        .units.map((u) => u.name)
        .sort(),
    );
    const rented = rentals.filter((r) => !r.vacant);
    expect(rented.length).toBeGreaterThan(0);
    for (const r of rented) {
      expect(r.state).toBe('applied');
      expect(r.ptiSyncedAt).toBe(site.lastPullAt);
      expect(r.accessCodeMasked).toMatch(/^•+\d\d$/);
    }
    const vacant = rentals.filter((r) => r.vacant).map((r) => r.unit);
    expect(vacant.length).toBeGreaterThanOrEqual(2);
    units = [vacant[0]!, vacant[1]!];
  });

  it('queues a move-in of two units, an overlock and a new code while the gateway is offline', async () => {
    await f.faults({ offline: true });
    const test = await f.call('pti.sites.testConnection', { siteCode: SITE });
    expect(test).toMatchObject({ ok: false, status: 'offline', code: -503 });

    const moveIn = await f.call('pti.rentals.moveIn', {
      siteCode: SITE,
      units,
      customerName: 'Ana Chen',
    });
    customerRef = moveIn.customerRef;
    expect(moveIn.operationIds).toHaveLength(2);
    const lock = await f.call('pti.rentals.overlock', { siteCode: SITE, unit: units[0] });
    const regenerate = await f.call('pti.rentals.regenerateCode', {
      siteCode: SITE,
      unit: units[1],
    });
    queued = [...moveIn.operationIds, ...lock.operationIds, ...regenerate.operationIds];

    // The client shows the intended state at once, marked as queued.
    const [first, second] = [await rental(units[0]), await rental(units[1])];
    for (const r of [first, second]) {
      expect(r).toMatchObject({
        vacant: false,
        customerRef,
        customerName: 'Ana Chen',
        userId: null,
        codePending: true,
        accessCodeMasked: null,
        state: 'queued',
      });
    }
    expect(first.overlocked).toBe(true);
    expect(second.overlocked).toBe(false);

    const pending = await f.call('sync.pending', {});
    expect(pending.map((p) => p.id)).toEqual(queued);
    expect(pending.map((p) => p.name)).toEqual([
      'pti.moveIn',
      'pti.moveIn',
      'pti.lock',
      'pti.regenerateCode',
    ]);

    // Nothing reached the gateway's state.
    const site = f.gatewaySite(SITE);
    expect(site.units.filter((u) => units.includes(u.name)).every((u) => u.userId === null)).toBe(
      true,
    );
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    expect((await f.call('pti.sites.list', {}))[0]).toMatchObject({ status: 'offline', queued: 4 });
  });

  it('applies them once and in order when the gateway is back', async () => {
    await f.faults({ offline: false });
    const site = await f.call('pti.sites.syncNow', { siteCode: SITE });
    expect(site).toMatchObject({ status: 'online', queued: 0, needsAttention: 0 });

    const gatewaySite = f.gatewaySite(SITE);
    // The gateway stored one answer per key, in the order they were queued.
    const applied = gatewaySite.replies.map((r) => r.key).filter((k) => queued.includes(k));
    expect(applied).toEqual(queued);
    for (const key of queued)
      expect(f.requests.filter((r) => r.idempotencyKey === key && r.status === 200)).toHaveLength(
        1,
      );

    const user = gatewaySite.users.find((u) => u.customerRef === customerRef)!;
    expect(user.customerName).toBe('Ana Chen');
    const rentedUnits = gatewaySite.units.filter((u) => u.userId === user.userId);
    expect(rentedUnits.map((u) => u.name).sort()).toEqual([...units].sort());
    expect(rentedUnits.find((u) => u.name === units[0])!.overlocked).toBe(true);
    expect(rentedUnits.find((u) => u.name === units[1])!.overlocked).toBe(false);

    // Both units share the one code, the regenerated one, and it is announced once.
    const [first, second] = [await rental(units[0]), await rental(units[1])];
    for (const r of [first, second])
      expect(r).toMatchObject({
        userId: user.userId,
        state: 'applied',
        codePending: false,
        newCode: true,
        accessCodeMasked: `${'•'.repeat(user.accessCode.length - 2)}${user.accessCode.slice(-2)}`,
      });
    expect(first.ptiSyncedAt).not.toBeNull();
    const revealed = await f.call('pti.rentals.revealCode', { siteCode: SITE, unit: units[0] });
    expect(revealed.accessCode).toBe(user.accessCode);
    expect(
      (await f.call('pti.rentals.revealCode', { siteCode: SITE, unit: units[1] })).accessCode,
    ).toBe(user.accessCode);
    expect((await rental(units[1])).newCode).toBe(false);
  });

  it('predicts what the keypad answers, and the gateway’s keypad agrees', async () => {
    const keypads = (await f.call('pti.sites.access', { siteCode: SITE })).keypads;
    const entry = keypads.find((k) => k.areaId === 1)!;
    const connector = connectorFor(f.gateway, SITE);
    const { accessCode } = await f.call('pti.rentals.revealCode', {
      siteCode: SITE,
      unit: units[0],
    });
    // Gate hours are 06:00–22:00 at the site (New York): 14:00 UTC is 09:00 or 10:00 there.
    const daytime = new Date('2026-03-04T14:00:00Z');
    const night = new Date('2026-03-04T07:30:00Z');
    const compare = async (at: Date) => {
      const predicted = await f.call('pti.keypads.check', {
        siteCode: SITE,
        unit: units[1],
        keypadId: entry.id,
        at: at.toISOString(),
      });
      const actual = value(await connector.enterCode!(entry.id, accessCode, at)).event;
      expect(predicted.answer).toBe(actual.answer);
      expect(predicted.localTime).toBe(actual.localTime);
      return predicted;
    };

    expect((await compare(daytime)).answer).toBe('ACCESS SUSPENDED');
    await f.call('pti.rentals.unlock', { siteCode: SITE, unit: units[0] });
    // Before the unlock applies, the client already predicts the state it will bring.
    expect(
      (
        await f.call('pti.keypads.check', {
          siteCode: SITE,
          unit: units[0],
          keypadId: entry.id,
          at: daytime.toISOString(),
        })
      ).pending,
    ).toBe(true);
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    expect((await compare(daytime)).answer).toBe('ACCESS GRANTED');
    expect((await compare(night)).answer).toBe('AREA CLOSED');

    // The shared rule on the client's pulled copy reads the same as the emulator's state.
    const local = await f.call('pti.rentals.list', { siteCode: SITE });
    const access = await f.call('pti.sites.access', { siteCode: SITE });
    const codes = new Map<string, string>();
    for (const r of local.filter((x) => !x.vacant && x.customerRef && !codes.has(x.customerRef)))
      codes.set(
        r.customerRef!,
        (await f.call('pti.rentals.revealCode', { siteCode: SITE, unit: r.unit })).accessCode,
      );
    const clientSite = {
      timeZone: access.timeZone!,
      defaults: access.defaults,
      accessLevels: access.accessLevels,
      schedules: access.schedules,
      users: [...codes].map(([ref, code]) => {
        const r = local.find((x) => x.customerRef === ref)!;
        return {
          userId: ref,
          accessCode: code,
          accessLevel: r.accessLevelOverride,
          zone: r.zoneOverride,
        };
      }),
      units: local.map((r) => ({ userId: r.customerRef, overlocked: r.overlocked })),
    };
    await connector.close();
    for (const [ref, code] of codes)
      for (const at of [daytime, night]) {
        const client = decideKeypadEntry(clientSite, entry.areaId, code, at);
        const gateway = decideKeypadEntry(f.gatewaySite(SITE), entry.areaId, code, at);
        expect({ ref, answer: client.answer }).toEqual({ ref, answer: gateway.answer });
      }
  });

  it('retries an answer lost after the gateway committed with the same key, applied once', async () => {
    await f.faults({ offline: true });
    const { operationIds } = await f.call('pti.rentals.regenerateCode', {
      siteCode: SITE,
      unit: units[0],
    });
    const [key] = operationIds;
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    const before = f.gatewaySite(SITE).users.find((u) => u.customerRef === customerRef)!;

    // The gateway is back, applies the new code, and the answer is lost on the way.
    await f.faults({ offline: false, failAfterCommit: true });
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    const afterCommit = f.gatewaySite(SITE).users.find((u) => u.customerRef === customerRef)!;
    expect(afterCommit.accessCode).not.toBe(before.accessCode);
    const pending = await f.call('sync.pending', {});
    expect(pending).toEqual([expect.objectContaining({ id: key })]);
    expect(pending[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect((await rental(units[0])).state).toBe('queued');

    await f.faults({ failAfterCommit: false });
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    const sent = f.requests.filter((r) => r.idempotencyKey === key && r.status !== 503);
    expect(sent.map((r) => [r.status, r.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
    const now = f.gatewaySite(SITE).users.find((u) => u.customerRef === customerRef)!;
    // Applied once: the code the first attempt set is still the code.
    expect(now.accessCode).toBe(afterCommit.accessCode);
    expect(f.gatewaySite(SITE).replies.filter((r) => r.key === key)).toHaveLength(1);
    expect(
      (await f.call('pti.rentals.revealCode', { siteCode: SITE, unit: units[1] })).accessCode,
    ).toBe(now.accessCode);
    expect(await f.call('sync.pending', {})).toEqual([]);
  });

  it('puts a refused unlock in needs-attention with PTI’s words, and lets a person settle it', async () => {
    await f.call('pti.rentals.overlock', { siteCode: SITE, unit: units[1] });
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    expect((await rental(units[1])).overlocked).toBe(true);
    // Someone unlocks it at the PTI dashboard; the client has not pulled since.
    const elsewhere = connectorFor(f.gateway, SITE);
    value(await elsewhere.unlock(units[1], { idempotencyKey: crypto.randomUUID() }));
    await elsewhere.close();

    const { operationIds } = await f.call('pti.rentals.unlock', { siteCode: SITE, unit: units[1] });
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    const attention = await f.call('sync.attention.list', {});
    const item = attention.find((a) => a.id === operationIds[0])!;
    expect(item).toMatchObject({ name: 'pti.unlock', code: '-22' });
    expect(item.message.toLowerCase()).toContain('this unit is not locked');
    expect(item.message).toContain(units[1]);
    const failed = await rental(units[1]);
    expect(failed).toMatchObject({ state: 'failed', overlocked: false });
    expect(failed.problem).toMatchObject({ attentionId: item.id, code: -22 });
    expect((await f.call('pti.sites.list', {}))[0]!.needsAttention).toBe(1);

    // Sending it again unchanged is refused at once: the client now knows the unit is unlocked.
    const again = await f.attempt('pti.attention.resolve', { id: item.id, action: 'retry' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message.toLowerCase()).toContain('this unit is not locked');
    // the general needs-attention panel routes PTI items to the PTI queue's own retry
    const viaPanel = await f.attempt('sync.attention.resolve', { id: item.id, action: 'retry' });
    expect(viaPanel.ok).toBe(false);
    if (!viaPanel.ok)
      expect(viaPanel.error.message.toLowerCase()).toContain('this unit is not locked');
    await f.call('sync.attention.resolve', { id: item.id, action: 'discard' });
    expect(await f.call('sync.attention.list', {})).toEqual([]);
    expect((await rental(units[1])).state).toBe('applied');
  });
});

describe('secrets', () => {
  it('never appear in a result, an event, a log line, or the database in clear', async () => {
    const { siteKey, password } = f.credentials(SITE);
    // A save without secrets keeps the stored ones.
    const saved = await f.call('pti.sites.save', {
      siteCode: SITE,
      gatewayUrl: f.gateway.url,
      username: f.credentials(SITE).username,
    });
    expect(saved).toMatchObject({ hasSiteKey: true, hasPassword: true });
    expect((await f.call('pti.sites.testConnection', { siteCode: SITE })).ok).toBe(true);

    // A wrong password is refused in words, without echoing it.
    const wrong = 'not-the-password-9f3a';
    await f.call('pti.sites.save', { ...sitePayload(), password: wrong });
    const refused = await f.call('pti.sites.testConnection', { siteCode: SITE });
    expect(refused).toMatchObject({ ok: false, status: 'unauthorized', code: -1 });
    expect(refused.message).toMatch(/site key, username or password/);
    await f.call('pti.sites.save', { ...sitePayload(), password });
    expect((await f.call('pti.sites.testConnection', { siteCode: SITE })).status).toBe('online');

    const said = [...f.results, ...f.events, ...f.logLines].join('\n');
    for (const secret of [siteKey, password, wrong]) expect(said).not.toContain(secret);
    expect(f.logLines.length).toBeGreaterThan(0);
    const database = f.profileDatabase();
    for (const secret of [siteKey, password, wrong])
      expect(database.includes(Buffer.from(secret))).toBe(false);
  });
});

function sitePayload() {
  const site = f.credentials(SITE);
  return { siteCode: SITE, gatewayUrl: f.gateway.url, username: site.username };
}
