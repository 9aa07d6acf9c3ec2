import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { createSupportClient } from '../../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.js';
import { recordChanges, reserveSeqs } from '../../../src-server/sync/clock.js';
import type { TestAccount } from '../../helpers/accounts.js';
import { callJson } from '../../helpers/json-api.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { calm, createFaultyClient, type Faults } from '../../sim/faulty-client.js';
import { createRandom } from '../../sim/prng.js';

// The client core against the real support server on PostgreSQL: the mapping grid's data, a
// conflict between two editors, scopes, and the support PIN from issue to sealed storage.
let f: SupportFixture;
let dir: ReturnType<typeof tempDir>;
const cores: Core[] = [];
const offline = new Set<string>();
const dataDirs = new Map<Core, string>();
let installer: Core;
let admin: Core;
let managerA: Core;
let managerB: Core;
let tech: Core;

const secretsA = {
  siteKey: 'SK-HARBOR-3F9A',
  username: 'storlogix-hps901',
  password: 'Gate-pw-kq83!Lz',
  gatewayUrl: 'http://10.20.0.5:4100',
};
const secretsB = {
  siteKey: 'SK-MESA-77C1',
  username: 'storlogix-rms902',
  password: 'Mesa-pw-2281#x',
};

async function coreFor(name: string, account: TestAccount): Promise<Core> {
  const dataDir = join(dir.path, name);
  const real = createSupportClient({ baseUrl: f.server.url });
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: { info() {}, warn() {}, error() {} },
    store: createInlineStore(),
    // the built-in profile, signed in as this account: the quickest way to a signed-in core
    demo: {
      serverUrl: f.server.url,
      gatewayUrl: '',
      account: { email: account.email, password: account.password },
      close: async () => {},
    },
    live: false,
    client: createFaultyClient(
      real,
      createRandom(1),
      (): Faults => (offline.has(name) ? { ...calm, dropRequest: 1 } : calm),
      () => {},
    ),
  });
  cores.push(core);
  dataDirs.set(core, dataDir);
  await call(core, 'sync.now', {});
  return core;
}

async function call<K extends CallName>(
  core: Core,
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  const result = await core.dispatch(name, input, { shell: 'test' });
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallOutput<K>;
}

async function refusal<K extends CallName>(core: Core, name: K, input: CallInput<K>) {
  const result = await core.dispatch(name, input, { shell: 'test' });
  if (result.ok) throw new Error(`${name} was expected to fail`);
  return result.error;
}

const sync = (core: Core) => call(core, 'sync.now', {});

beforeAll(async () => {
  dir = tempDir('units-core');
  f = await startSupportFixture({ label: 'units_core' });
  // the fixture writes its sites straight to the database; announce them to sync like any change
  await f.server.db.transaction().execute(async (trx) => {
    const seq = await reserveSeqs(trx, 2);
    await recordChanges(trx, [
      { table: 'sites', rowId: f.siteA, seq, op: 'upsert', organisationId: f.orgA },
      { table: 'sites', rowId: f.siteB, seq: seq + 1, op: 'upsert', organisationId: f.orgB },
    ]);
  });
  const store = async (who: keyof SupportFixture['as'], siteId: string, body: object) => {
    const reply = await callJson(f.server.url, 'PUT', `/sites/v1/${siteId}/pti-secrets`, {
      token: f.as[who].token,
      body,
    });
    expect(reply.status).toBe(200);
  };
  await store('installerA', f.siteA, secretsA);
  await store('admin', f.siteB, secretsB);
  installer = await coreFor('installer', f.accounts.installerA);
  admin = await coreFor('admin', f.accounts.admin);
  managerA = await coreFor('managerA', f.accounts.managerA);
  managerB = await coreFor('managerB', f.accounts.managerB);
  tech = await coreFor('tech', f.accounts.tech);
});

afterAll(async () => {
  for (const core of cores) await core.close();
  await f?.server.close();
  dir?.remove();
});

describe('the mapping grid on two clients', () => {
  it("keeps a refused edit with the user's value when someone else changed the unit first", async () => {
    const { id } = await call(installer, 'units.create', {
      siteId: f.siteA,
      label: 'A101',
      ptiUnitName: 'A101',
      building: 'North',
    });
    expect((await call(installer, 'units.list', { siteId: f.siteA }))[0]).toMatchObject({
      id,
      version: '0',
      syncState: 'pending',
    });
    await sync(installer);
    const [synced] = await call(installer, 'units.list', { siteId: f.siteA });
    expect(synced).toMatchObject({ id, ptiUnitName: 'A101', syncState: 'synced' });
    expect(synced!.version).not.toBe('0');

    // both editors see the same version; the installer edits offline, the admin online
    await sync(admin);
    offline.add('installer');
    await call(installer, 'units.setMapping', { unitId: id, ptiUnitName: 'INS1' });
    expect((await call(installer, 'units.list', { siteId: f.siteA }))[0]).toMatchObject({
      ptiUnitName: 'INS1',
      syncState: 'pending',
      pendingFields: ['ptiUnitName'],
    });
    await call(admin, 'units.setMapping', { unitId: id, ptiUnitName: 'ADM1', accessArea: 2 });
    expect((await sync(admin)).pendingCount).toBe(0);

    offline.delete('installer');
    await sync(installer);
    expect(await sync(installer)).toMatchObject({ pendingCount: 0, needsAttentionCount: 1 });
    const [row] = await call(installer, 'units.list', { siteId: f.siteA });
    expect(row).toMatchObject({
      ptiUnitName: 'ADM1',
      accessArea: 2,
      syncState: 'failed',
      failure: {
        code: 'version_mismatch',
        fields: ['ptiUnitName'],
        attempted: { unitId: id, ptiUnitName: 'INS1' },
      },
    });
    const [item] = await call(installer, 'sync.attention.list', {});
    expect(item).toMatchObject({ name: 'unit.setMapping', code: 'version_mismatch' });
    expect(item!.args).toMatchObject({ ptiUnitName: 'INS1' });
    expect(item!.actions).toEqual(['retry', 'discard']);

    // the way forward: having seen the admin's value, the installer applies theirs anyway
    await call(installer, 'sync.attention.resolve', { id: item!.id, action: 'retry' });
    await sync(installer);
    await sync(admin);
    for (const core of [installer, admin]) {
      expect((await call(core, 'units.list', { siteId: f.siteA }))[0]).toMatchObject({
        ptiUnitName: 'INS1',
        accessArea: 2,
        syncState: 'synced',
        failure: null,
      });
    }
  });

  it('refuses a duplicate PTI name or label at once, before anything is queued', async () => {
    const { id } = await call(installer, 'units.create', { siteId: f.siteA, label: 'A102' });
    const taken = await refusal(installer, 'units.setMapping', { unitId: id, ptiUnitName: 'INS1' });
    expect(taken).toMatchObject({ code: 'conflict' });
    expect(taken.message).toBe(
      'ptiUnitName: "INS1" is already the PTI name of unit A101 at this site. Each unit needs its own PTI unit name.',
    );
    const label = await refusal(installer, 'units.create', { siteId: f.siteA, label: 'A101' });
    expect(label.message).toMatch(/already has a unit A101/);
    const invalid = await refusal(installer, 'units.setMapping', {
      unitId: id,
      ptiUnitName: 'TOO-LONG-NAME',
    });
    expect(invalid).toMatchObject({ code: 'invalid_input' });
    expect(invalid.message).toMatch(/1–10 characters/);
    await sync(installer);
    expect((await call(installer, 'sync.state', {})).pendingCount).toBe(0);
  });

  it("keeps another organisation's units away, and lets only installers and admins edit", async () => {
    await sync(managerA);
    await sync(managerB);
    const ofA = await call(managerA, 'units.list', { siteId: f.siteA });
    expect(ofA.map((u) => u.label)).toEqual(['A101', 'A102']);
    expect(await call(managerB, 'units.list', { siteId: f.siteA })).toEqual([]);
    expect(
      await refusal(managerB, 'units.setMapping', { unitId: ofA[0]!.id, ptiUnitName: 'X' }),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await refusal(managerA, 'units.setMapping', { unitId: ofA[0]!.id, ptiUnitName: 'X' }),
    ).toMatchObject({
      code: 'forbidden',
      message: 'Only installers and admins can change unit mappings.',
    });
  });
});

describe('the support PIN through the client core', () => {
  it('lets a technician in once; the configuration is stored sealed and never returned', async () => {
    const issued = await call(managerA, 'supportPin.issue', { siteId: f.siteA });
    expect(issued.pin).toMatch(/^\d{6}$/);

    const stored = await call(tech, 'supportPin.redeem', { siteId: f.siteA, pin: issued.pin });
    expect(stored).toMatchObject({ siteId: f.siteA, siteCode: 'HPS901', storedAs: 'pti_site' });
    const answer = JSON.stringify(stored);
    for (const secret of [secretsA.password, secretsA.siteKey])
      expect(answer).not.toContain(secret);

    // stored as the site's PTI connection for the connector, its secrets sealed
    const file = readdirSync(join(dataDirs.get(tech)!, 'profiles')).find((n) =>
      n.endsWith('.sqlite'),
    )!;
    const db = new Database(join(dataDirs.get(tech)!, 'profiles', file), { readonly: true });
    const site = db
      .prepare(
        'SELECT gateway_url, username, site_key_sealed, password_sealed FROM pti_sites WHERE site_code = ?',
      )
      .get('HPS901') as {
      gateway_url: string;
      username: string;
      site_key_sealed: Buffer;
      password_sealed: Buffer;
    };
    db.close();
    expect(site).toMatchObject({ gateway_url: secretsA.gatewayUrl, username: secretsA.username });
    expect(site.password_sealed.toString('latin1')).not.toContain(secretsA.password);
    const bytes = readFileSync(join(dataDirs.get(tech)!, 'profiles', file)).toString('latin1');
    expect(bytes).not.toContain(secretsA.password);
    expect(bytes).not.toContain(secretsA.siteKey);

    const again = await refusal(tech, 'supportPin.redeem', { siteId: f.siteA, pin: issued.pin });
    expect(again).toMatchObject({ code: 'forbidden' });
    expect(again.message).toMatch(/works once/);

    const status = await call(managerA, 'supportPin.status', { siteId: f.siteA });
    expect(status.active).toBeNull();
    expect(status.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['support_pin_issued', 'support_pin_redeemed', 'support_pin_refused']),
    );
  });

  it('keeps a configuration without a gateway address sealed until the site is set up', async () => {
    const issued = await call(managerB, 'supportPin.issue', { siteId: f.siteB, ttlMinutes: 10 });
    expect(Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)).toBe(10 * 60_000);
    const stored = await call(tech, 'supportPin.redeem', { siteId: f.siteB, pin: issued.pin });
    expect(stored).toMatchObject({ siteCode: 'RMS902', storedAs: 'credentials' });
    const file = readdirSync(join(dataDirs.get(tech)!, 'profiles')).find((n) =>
      n.endsWith('.sqlite'),
    )!;
    const bytes = readFileSync(join(dataDirs.get(tech)!, 'profiles', file)).toString('latin1');
    expect(bytes).not.toContain(secretsB.password);
    const db = new Database(join(dataDirs.get(tech)!, 'profiles', file), { readonly: true });
    expect(db.prepare('SELECT site_code FROM site_credentials').all()).toEqual([
      { site_code: 'RMS902' },
    ]);
    db.close();
  });

  it('says plainly when it is offline, and clears a PIN once back', async () => {
    offline.add('managerA');
    const error = await refusal(managerA, 'supportPin.issue', { siteId: f.siteA });
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(
      /^You are offline. To issue a support PIN, Gatedesk needs the support server/,
    );
    offline.delete('managerA');
    await call(managerA, 'supportPin.issue', { siteId: f.siteA });
    expect(await call(managerA, 'supportPin.clear', { siteId: f.siteA })).toEqual({
      cleared: true,
    });
    expect(await refusal(tech, 'supportPin.issue', { siteId: f.siteA })).toMatchObject({
      code: 'forbidden',
    });
  });
});
