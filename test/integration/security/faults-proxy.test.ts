import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPtiGateway, type PtiGateway } from '../../../src-pti-gateway/app.js';
import { demoCredentials } from '../../../src-pti-gateway/demo-data.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { callOk, heldClock, openCore, recordingLogger } from './support/client-fixture.js';
import {
  clientView,
  impatientFetch,
  messagesWithBody,
  countOnServer,
  serverView,
  settle,
} from './support/fault-clients.js';
import { startFaultProxy, type FaultMode, type FaultProxy } from './support/fault-proxy.js';

/**
 * A loopback proxy spoils the traffic between the client core and the support server, and between
 * the core and a PTI gateway: delays, answers dropped, connections reset, answers cut short or
 * dripped a few bytes at a time, while bootstrapping, pushing and uploading. After each fault is
 * lifted the client converges with the server, nothing is lost and nothing is applied twice.
 */
const faults: [string, FaultMode][] = [
  ['delayed', { kind: 'delay', ms: 40 }],
  ['dripped', { kind: 'drip', bytes: 512, everyMs: 2 }],
  ['cut short', { kind: 'truncate', bytes: 40 }],
  ['reset', { kind: 'reset' }],
  ['dropped', { kind: 'drop' }],
];
const pass: FaultMode = { kind: 'pass' };
/** The client gives up on a request after this long (a dropped answer is never coming). */
const REQUEST_TIMEOUT_MS = 2_500;

let f: SupportFixture;
let gateway: PtiGateway;
let toServer: FaultProxy;
let toGateway: FaultProxy;
let work: ReturnType<typeof tempDir>;

beforeAll(async () => {
  work = tempDir('faults-proxy');
  f = await startSupportFixture({ label: 'faults_proxy' });
  gateway = await createPtiGateway({ host: '127.0.0.1', port: 0 });
  toServer = await startFaultProxy(f.server.url);
  toGateway = await startFaultProxy(gateway.url);
  // enough tickets for a bootstrap answer of many packets
  const manager = await signedInCore('seed', f.accounts.managerA);
  for (let i = 0; i < 40; i++) await newTicket(manager, `Seeded ticket ${i}`);
  await settle(manager);
  await manager.close();
});
afterAll(async () => {
  await toServer?.close();
  await toGateway?.close();
  await gateway?.close();
  await f?.server.close();
  work?.remove();
});

/** A core in its own data folder, signed in through the proxy to the server. */
async function signedInCore(
  name: string,
  account: { email: string; password: string },
): Promise<Core> {
  const core = await openCore(join(work.path, name), {
    fetch: impatientFetch(REQUEST_TIMEOUT_MS),
    clock: heldClock,
    logger: recordingLogger(),
  });
  const profile = await callOk(core, 'profiles.add', {
    name: 'Support',
    serverUrl: toServer.url,
    account: account.email,
  });
  await callOk(core, 'profiles.activate', { id: profile.id });
  await callOk(core, 'profiles.signIn', { password: account.password });
  return core;
}

function newTicket(core: Core, subject: string) {
  return callOk(core, 'tickets.create', {
    siteId: f.siteA,
    productLine: 'pti_software',
    category: 'technical',
    priority: 'normal',
    subject,
    description: `${subject}. ${'The keypad log shows a timeout. '.repeat(20)}`,
    attachments: [],
  });
}

/** One sync while the fault is on: it may fail, it must not throw, hang or corrupt anything. */
async function syncThrough(core: Core, fault: FaultMode, only: RegExp) {
  toServer.set(fault, only);
  try {
    const result = await core.dispatch('sync.now', {}, { shell: 'test' });
    expect(result.ok, JSON.stringify(result)).toBe(true);
  } finally {
    toServer.set(pass);
  }
}

describe('between the client and the support server', () => {
  it.each(faults)('bootstraps when the pull answers are %s', async (label, fault) => {
    const core = await signedInCore(`bootstrap-${label}`, f.accounts.tech);
    try {
      const spoiledBefore = toServer.spoiled();
      await syncThrough(core, fault, /^\/sync\/v1\/pull/);
      if (fault.kind === 'drop' || fault.kind === 'reset' || fault.kind === 'truncate')
        expect(toServer.spoiled()).toBeGreaterThan(spoiledBefore);
      await settle(core);
      expect(await clientView(core)).toEqual(await serverView(f.server.db));
    } finally {
      await core.close();
    }
  });

  it('pushes every change exactly once whatever happens to the answers', async () => {
    const core = await signedInCore('push', f.accounts.tech);
    try {
      await settle(core);
      const [ticket] = (await callOk(core, 'tickets.list', { limit: 1 })).rows;
      const bodies: string[] = [];
      for (const [label, fault] of faults) {
        const body = `Push through a ${label} answer`;
        bodies.push(body);
        await callOk(core, 'tickets.reply', { ticketId: ticket!.id, body });
        await newTicket(core, `Raised while answers are ${label}`);
        await callOk(core, 'tickets.setPriority', {
          ticketId: ticket!.id,
          priority: bodies.length % 2 ? 'high' : 'low',
        });
        await syncThrough(core, fault, /^\/sync\/v1\/push/);
      }
      await settle(core);
      for (const body of bodies) expect(await messagesWithBody(f.server.db, body), body).toBe(1);
      for (const [label] of faults)
        expect(
          await countOnServer(
            f.server.db,
            sql<{
              n: string | number;
            }>`SELECT COUNT(*) AS n FROM tickets WHERE subject = ${`Raised while answers are ${label}`}`,
          ),
        ).toBe(1);
      expect(await callOk(core, 'sync.attention.list', {})).toEqual([]);
      expect(await clientView(core)).toEqual(await serverView(f.server.db));
    } finally {
      await core.close();
    }
  });

  it('uploads an attachment once whatever happens to the upload', async () => {
    const core = await signedInCore('upload', f.accounts.tech);
    try {
      await settle(core);
      const [ticket] = (await callOk(core, 'tickets.list', { limit: 1 })).rows;
      for (const [label, fault] of faults) {
        const bytes = Buffer.concat([
          Buffer.from('%PDF-1.4\n'),
          Buffer.alloc(96 * 1024, label.charCodeAt(0)),
          Buffer.from(label),
        ]);
        const file = join(work.path, `wiring-${label.replace(/\W/g, '-')}.pdf`);
        writeFileSync(file, bytes);
        const attachment = await callOk(core, 'attachments.stageFile', { path: file });
        const body = `Wiring diagram, upload ${label}`;
        await callOk(core, 'tickets.reply', {
          ticketId: ticket!.id,
          body,
          attachments: [attachment],
        });
        await syncThrough(core, fault, /^\/blobs\//);
        await settle(core);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        expect(attachment.sha256).toBe(sha256);
        const stored = await fetch(`${f.server.url}/blobs/${sha256}`, {
          headers: { authorization: `Bearer ${f.as.tech.token}` },
        });
        expect(stored.status, label).toBe(200);
        expect(Buffer.from(await stored.arrayBuffer()).equals(bytes)).toBe(true);
        expect(await messagesWithBody(f.server.db, body), label).toBe(1);
      }
      expect(await callOk(core, 'sync.attention.list', {})).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

describe('between the client and a PTI gateway', () => {
  const SITE = 'RMS201';
  let core: Core;

  beforeAll(async () => {
    core = await signedInCore('pti', f.accounts.installerA);
    const site = demoCredentials(gateway.state).find((s) => s.siteCode === SITE)!;
    await callOk(core, 'pti.sites.save', {
      siteCode: SITE,
      gatewayUrl: toGateway.url,
      username: site.username,
      siteKey: site.siteKey,
      password: site.password,
    });
  });
  afterAll(async () => {
    await core?.close();
  });

  const gatewaySite = () => gateway.state.sites.find((s) => s.code === SITE)!;

  /** Syncs the site until its queue is empty, with the fault lifted. */
  async function settleSite() {
    for (let round = 0; round < 10; round++) {
      const site = await callOk(core, 'pti.sites.syncNow', { siteCode: SITE });
      if (site.queued === 0 && site.lastError === null) return site;
    }
    throw new Error(
      `the site did not settle: ${JSON.stringify(await callOk(core, 'pti.sites.syncNow', { siteCode: SITE }))}`,
    );
  }

  it.each(faults)('pulls the site when its answers are %s', async (label, fault) => {
    const [seenBefore, spoiledBefore] = [toGateway.requests.length, toGateway.spoiled()];
    toGateway.set(fault);
    try {
      expect(
        (await core.dispatch('pti.sites.syncNow', { siteCode: SITE }, { shell: 'test' })).ok,
      ).toBe(true);
    } finally {
      toGateway.set(pass);
    }
    expect(toGateway.requests.length).toBeGreaterThan(seenBefore);
    if (fault.kind === 'drop' || fault.kind === 'reset' || fault.kind === 'truncate')
      expect(toGateway.spoiled()).toBeGreaterThan(spoiledBefore);
    await settleSite();
    const units = (await callOk(core, 'pti.rentals.list', { siteCode: SITE })).map((r) => r.unit);
    expect(units.sort(), label).toEqual(
      gatewaySite()
        .units.map((u) => u.name)
        .sort(),
    );
  });

  it('applies every operation once whatever happens to the answers', async () => {
    await settleSite();
    const vacant = (await callOk(core, 'pti.rentals.list', { siteCode: SITE }))
      .filter((r) => r.vacant && r.knownToPti)
      .map((r) => r.unit);
    expect(vacant.length).toBeGreaterThanOrEqual(faults.length);
    const repliesBefore = gatewaySite().replies.length;
    const customers: string[] = [];
    for (const [index, [label, fault]] of faults.entries()) {
      const customerName = `Tenant ${label}`;
      customers.push(customerName);
      await callOk(core, 'pti.rentals.moveIn', {
        siteCode: SITE,
        units: [vacant[index]!],
        customerName,
      });
      toGateway.set(fault);
      try {
        await core.dispatch('pti.sites.syncNow', { siteCode: SITE }, { shell: 'test' });
      } finally {
        toGateway.set(pass);
      }
    }
    expect((await settleSite()).needsAttention).toBe(0);
    const site = gatewaySite();
    for (const [index, name] of customers.entries()) {
      const users = site.users.filter((u) => u.customerName === name);
      expect(users, name).toHaveLength(1);
      expect(site.units.find((u) => u.name === vacant[index])?.userId).toBe(users[0]!.userId);
    }
    // one stored reply per operation: none was applied twice under a new key
    expect(site.replies.length - repliesBefore).toBe(customers.length);
    const rentals = await callOk(core, 'pti.rentals.list', { siteCode: SITE });
    for (const [index, name] of customers.entries())
      expect(rentals.find((r) => r.unit === vacant[index])).toMatchObject({
        customerName: name,
        vacant: false,
        codePending: false,
      });
  });
});
