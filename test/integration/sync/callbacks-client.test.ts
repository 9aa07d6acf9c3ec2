import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { createSupportClient } from '../../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.js';
import { recordUserChange } from '../../../src-server/accounts/user-changes.js';
import type { TestAccount } from '../../helpers/accounts.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { ticketInStatus } from '../../helpers/sync-client.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { calm, createFaultyClient, type Faults } from '../../sim/faulty-client.js';
import { createRandom } from '../../sim/prng.js';

// Callbacks through the desktop core, against the real server on real PostgreSQL: a booking made
// offline is tentative until the server confirms it; a clash with a colleague's booking comes
// back as needs-attention with a way forward; free support is refused with how to upgrade.
let f: SupportFixture;
let dir: ReturnType<typeof tempDir>;
const offline: Faults = { ...calm, dropRequest: 1 };
const cores: Core[] = [];

async function client(name: string, account: TestAccount, faults: () => Faults = () => calm) {
  const dataDir = join(dir.path, name);
  const real = createSupportClient({ baseUrl: f.server.url });
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: { info() {}, warn() {}, error() {} },
    store: createInlineStore(),
    demo: {
      serverUrl: f.server.url,
      gatewayUrl: '',
      account: { email: account.email, password: account.password },
      close: async () => {},
    },
    live: false,
    client: createFaultyClient(real, createRandom(1), faults, () => {}),
  });
  cores.push(core);
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
  expect(result.ok, `${name} should be refused`).toBe(false);
  return result.ok ? null : result.error;
}

// Callbacks are booked in the future, on the default calendar's working hours.
const nextWeekday = (hourUtc: number, daysAhead: number) => {
  const at = new Date();
  at.setUTCDate(at.getUTCDate() + daysAhead);
  while (at.getUTCDay() === 0 || at.getUTCDay() === 6) at.setUTCDate(at.getUTCDate() + 1);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at;
};

let techOffline = false;
let techLaptop: Core; // Dana's laptop, about to go offline
let techDesk: Core; // Dana's desk PC
let manager: Core; // organisation A (preferred)
let freeManager: Core; // organisation B (free)

beforeAll(async () => {
  dir = tempDir('callbacks-client');
  f = await startSupportFixture({ label: 'callbacks_client' });
  const tier = await jsonApi(f.server.url).put(
    `/admin/v1/organisations/${f.orgA}/tier`,
    { supportTier: 'preferred', tierExpiresAt: null },
    f.as.admin.token,
  );
  expect(tier.status).toBe(200);
  await f.server.db
    .insertInto('user_phones')
    .values({
      user_id: f.accounts.managerA.id,
      position: 0,
      type: 'mobile',
      number: '+1 617-555-0123',
    })
    .execute();
  // People's names reach clients as synced user rows.
  await f.server.db.transaction().execute(async (trx) => {
    for (const account of Object.values(f.accounts))
      await recordUserChange(
        trx,
        { id: account.id, organisationId: account.organisationId },
        new Date(),
      );
  });
  techLaptop = await client('laptop', f.accounts.tech, () => (techOffline ? offline : calm));
  techDesk = await client('desk', f.accounts.tech);
  manager = await client('manager', f.accounts.managerA);
  freeManager = await client('free-manager', f.accounts.managerB);
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await f?.server.close();
  dir?.remove();
});

const syncAll = async () => {
  for (const core of [techLaptop, techDesk, manager, freeManager]) await call(core, 'sync.now', {});
};

describe('callbacks on the desktop core', () => {
  it('a customer asks, a technician books offline: tentative, then confirmed', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    await syncAll();

    const ticketForCustomer = await call(manager, 'tickets.get', { id: created.id });
    expect(ticketForCustomer).toMatchObject({ supportTier: 'preferred', callback: null });
    const windowStart = nextWeekday(14, 2);
    const windowEnd = new Date(windowStart.getTime() + 3 * 3_600_000);
    const { callbackId } = await call(manager, 'callbacks.request', {
      ticketId: created.id,
      windowStart: windowStart.toISOString(),
      windowEnd: windowEnd.toISOString(),
      note: 'Afternoons please.',
    });
    expect((await call(manager, 'tickets.get', { id: created.id }))?.callback).toMatchObject({
      id: callbackId,
      status: 'requested',
      pending: true,
      tentative: false,
    });
    await call(manager, 'sync.now', {});
    await call(techLaptop, 'sync.now', {});

    // The technician sees the request, goes offline and books it from the ticket.
    const request = (await call(techLaptop, 'tickets.get', { id: created.id }))?.callback;
    expect(request).toMatchObject({
      id: callbackId,
      status: 'requested',
      phone: '+1 617-555-0123',
      customerTimeZone: 'America/New_York',
      requesterName: 'Jordan Ellis',
      pending: false,
    });
    techOffline = true;
    const day = windowStart.toISOString().slice(0, 10);
    const before = await call(techLaptop, 'callbacks.freeSlots', {
      technicianId: f.accounts.tech.id,
      day,
      durationMinutes: 30,
    });
    const slot = before.slots.find((s) => s.startsAt === windowStart.toISOString());
    expect(slot).toBeTruthy();
    await call(techLaptop, 'callbacks.book', {
      ticketId: created.id,
      startsAt: slot!.startsAt,
      durationMinutes: 30,
    });
    expect((await call(techLaptop, 'sync.now', {})).status).toBe('offline');

    const tentative = await call(techLaptop, 'callbacks.list', {
      from: windowStart.toISOString(),
      to: windowEnd.toISOString(),
      technicianId: f.accounts.tech.id,
    });
    expect(tentative).toEqual([
      expect.objectContaining({
        id: callbackId,
        status: 'booked',
        startsAt: slot!.startsAt,
        tentative: true,
        ticketNumber: created.number,
        technicianName: 'Dana Whitfield',
      }),
    ]);
    expect(await call(techLaptop, 'tickets.get', { id: created.id })).toMatchObject({
      status: 'SCHEDULED',
      pending: true,
    });
    // The booked slot is no longer offered.
    const after = await call(techLaptop, 'callbacks.freeSlots', {
      technicianId: f.accounts.tech.id,
      day,
      durationMinutes: 30,
    });
    expect(after.slots.map((s) => s.startsAt)).not.toContain(slot!.startsAt);

    // Back online: confirmed, on this device and the customer's.
    techOffline = false;
    await call(techLaptop, 'sync.now', {});
    await call(techLaptop, 'sync.now', {});
    const confirmed = await call(techLaptop, 'tickets.get', { id: created.id });
    expect(confirmed).toMatchObject({ status: 'SCHEDULED', pending: false });
    expect(confirmed?.callback).toMatchObject({ id: callbackId, tentative: false, pending: false });
    await call(manager, 'sync.now', {});
    expect(await call(manager, 'tickets.get', { id: created.id })).toMatchObject({
      status: 'SCHEDULED',
      callback: { status: 'booked', startsAt: slot!.startsAt, technicianName: 'Dana Whitfield' },
    });

    // Done: the callback closes and the ticket is OPEN again.
    await call(techLaptop, 'callbacks.complete', { callbackId, outcome: 'done' });
    expect(await call(techLaptop, 'tickets.get', { id: created.id })).toMatchObject({
      status: 'OPEN',
      callback: null,
    });
    await call(techLaptop, 'sync.now', {});
    expect(
      (
        await f.server.db
          .selectFrom('tickets')
          .select('status')
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('OPEN');
  });

  it('a clash with a booking made meanwhile lands in needs attention and is retried with another slot', async () => {
    const [mine, theirs] = await Promise.all([
      ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' }),
      ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'NEW' }),
    ]);
    await syncAll();
    const at = nextWeekday(15, 3).toISOString();

    // The laptop books offline; the desk PC books the same slot and syncs first.
    techOffline = true;
    const { callbackId } = await call(techLaptop, 'callbacks.book', {
      ticketId: mine.id,
      startsAt: at,
      durationMinutes: 30,
    });
    await call(techDesk, 'callbacks.book', {
      ticketId: theirs.id,
      startsAt: at,
      durationMinutes: 30,
    });
    await call(techDesk, 'sync.now', {});

    techOffline = false;
    const state = await call(techLaptop, 'sync.now', {});
    expect(state).toMatchObject({ needsAttentionCount: 1 });
    const [item] = await call(techLaptop, 'sync.attention.list', {});
    expect(item).toMatchObject({
      name: 'callback.book',
      code: 'slot_taken',
      ticketId: mine.id,
      message: expect.stringMatching(/Dana Whitfield already has a callback .* Pick another slot/),
      actions: ['retry', 'discard'],
    });
    // The refused booking is undone here: the ticket is OPEN again and the calendar shows only
    // the confirmed booking.
    await call(techLaptop, 'sync.now', {});
    expect(await call(techLaptop, 'tickets.get', { id: mine.id })).toMatchObject({
      status: 'OPEN',
      callback: null,
    });
    const day = { from: at, to: new Date(Date.parse(at) + 30 * 60_000).toISOString() };
    expect(
      (await call(techLaptop, 'callbacks.list', day)).map((c) => [c.ticketId, c.tentative]),
    ).toEqual([[theirs.id, false]]);

    // The way forward: the same booking, half an hour later.
    const later = new Date(Date.parse(at) + 30 * 60_000).toISOString();
    await call(techLaptop, 'sync.attention.resolve', {
      id: item!.id,
      action: 'retry',
      args: { ...(item!.args as object), startsAt: later },
    });
    expect((await call(techLaptop, 'tickets.get', { id: mine.id }))?.callback).toMatchObject({
      id: callbackId,
      tentative: true,
    });
    await call(techLaptop, 'sync.now', {});
    await call(techLaptop, 'sync.now', {});
    expect(await call(techLaptop, 'sync.attention.list', {})).toEqual([]);
    expect(await call(techLaptop, 'tickets.get', { id: mine.id })).toMatchObject({
      status: 'SCHEDULED',
      callback: { id: callbackId, startsAt: later, tentative: false },
    });
  });

  it('the core refuses at once what cannot work: a taken slot, and callbacks without preferred support', async () => {
    const free = await ticketInStatus(f.server.db, { organisationId: f.orgB, status: 'OPEN' });
    const open = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    await syncAll();

    const freeTicket = await call(freeManager, 'tickets.get', { id: free.id });
    expect(freeTicket).toMatchObject({ supportTier: 'free' });
    const asked = await refusal(freeManager, 'callbacks.request', {
      ticketId: free.id,
      windowStart: nextWeekday(14, 2).toISOString(),
      windowEnd: nextWeekday(16, 2).toISOString(),
    });
    expect(asked).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/Free Support.*Upgrade to Preferred Support/),
    });
    const booked = await refusal(techDesk, 'callbacks.book', {
      ticketId: free.id,
      startsAt: nextWeekday(14, 4).toISOString(),
    });
    expect(booked).toMatchObject({ code: 'forbidden', message: /does not include callbacks/ });

    // A slot this device already knows is taken is refused before anything is queued.
    const busy = (
      await call(techDesk, 'callbacks.list', {
        from: new Date().toISOString(),
        to: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        technicianId: f.accounts.tech.id,
      })
    ).find((c) => c.status === 'booked');
    expect(busy).toBeTruthy();
    const clash = await refusal(techDesk, 'callbacks.book', {
      ticketId: open.id,
      startsAt: busy!.startsAt!,
    });
    expect(clash).toMatchObject({ code: 'conflict', message: /already taken/ });
    expect((await call(techDesk, 'sync.state', {})).pendingCount).toBe(0);
  });

  it("a customer's cancel frees the ticket from SCHEDULED at once, as the server then agrees", async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    await syncAll();
    const windowStart = nextWeekday(15, 6);
    const { callbackId } = await call(manager, 'callbacks.request', {
      ticketId: created.id,
      windowStart: windowStart.toISOString(),
      windowEnd: new Date(windowStart.getTime() + 2 * 3_600_000).toISOString(),
    });
    await call(manager, 'sync.now', {});
    await call(techDesk, 'sync.now', {});
    await call(techDesk, 'callbacks.book', {
      ticketId: created.id,
      startsAt: windowStart.toISOString(),
      durationMinutes: 30,
    });
    await call(techDesk, 'sync.now', {});
    await call(manager, 'sync.now', {});
    expect(await call(manager, 'tickets.get', { id: created.id })).toMatchObject({
      status: 'SCHEDULED',
      pending: false,
    });

    // Before any sync, the customer's own view has the ticket back at work.
    await call(manager, 'callbacks.complete', { callbackId, outcome: 'cancelled' });
    expect(await call(manager, 'tickets.get', { id: created.id })).toMatchObject({
      status: 'OPEN',
      pending: true,
      callback: null,
    });
    // A customer still cannot say a call took place.
    expect(
      await refusal(manager, 'callbacks.complete', { callbackId, outcome: 'done' }),
    ).toMatchObject({ code: 'forbidden' });

    await call(manager, 'sync.now', {});
    const server = await f.server.db
      .selectFrom('tickets')
      .select('status')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(server.status).toBe('OPEN');
    expect(await call(manager, 'tickets.get', { id: created.id })).toMatchObject({
      status: 'OPEN',
      pending: false,
    });
  });

  it('shows the SLA column as the server computes it', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgB, status: 'NEW' });
    await f.server.db
      .updateTable('tickets')
      .set({ priority: 'critical' })
      .where('id', '=', created.id)
      .execute();
    await call(techDesk, 'sync.now', {});
    const server = await jsonApi(f.server.url).get(
      `/tickets/v1/${created.id}/sla`,
      f.as.tech.token,
    );
    const { rows } = await call(techDesk, 'tickets.list', { limit: 500 });
    expect(rows.find((r) => r.id === created.id)?.sla).toMatchObject({
      dueAt: server.body.summary.dueAt,
      state: server.body.summary.state,
    });
  });
});
