import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonApi } from '../../helpers/json-api.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, signInSession, ticketInStatus, upserts } from '../../helpers/sync-client.js';
import type { SyncSession } from '../../helpers/sync-client.js';

// Callbacks on the server, on real PostgreSQL: preferred support only, booking is
// compare-and-set on the technician's grid slots, and the ticket is SCHEDULED while one is booked.
const MONDAY_9AM = new Date('2026-11-23T14:00:00.000Z'); // New York wall clock
let f: SupportFixture;
let techAgain: SyncSession; // the same technician on a second device

beforeAll(async () => {
  f = await startSupportFixture({ label: 'callbacks', now: () => MONDAY_9AM });
  techAgain = await signInSession(f.server.url, f.accounts.tech);
  await f.server.db
    .updateTable('organisations')
    .set({ support_tier: 'preferred', tier_expires_at: null })
    .where('id', '=', f.orgA)
    .execute();
  // Organisation A's manager lives in Chicago and has a number in "My settings".
  await f.server.db
    .updateTable('users')
    .set({ timezone: 'America/Chicago' })
    .where('id', '=', f.accounts.managerA.id)
    .execute();
  await f.server.db
    .insertInto('user_phones')
    .values({
      user_id: f.accounts.managerA.id,
      position: 0,
      type: 'work',
      number: '+1 312-555-0142',
    })
    .execute();
});
afterAll(async () => {
  await f?.server.close();
});

const callbacks = (ticketId: string) =>
  f.server.db.selectFrom('callbacks').selectAll().where('ticket_id', '=', ticketId).execute();
const ticket = (id: string) =>
  f.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const systemBodies = async (ticketId: string) =>
  (
    await f.server.db
      .selectFrom('messages')
      .select('body')
      .where('ticket_id', '=', ticketId)
      .where('kind', '=', 'system')
      .orderBy('version')
      .execute()
  ).map((m) => m.body);

const request = (ticketId: string, extra: Record<string, unknown> = {}) =>
  mutation('callback.request', {
    callbackId: randomUUID(),
    ticketId,
    windowStart: '2026-11-24T15:00:00.000Z', // Tuesday 09:00–11:00 in Chicago
    windowEnd: '2026-11-24T17:00:00.000Z',
    ...extra,
  });
const book = (
  ticketId: string,
  startsAt: string,
  extra: Record<string, unknown> = {},
  baseVersion: string | null = null,
) =>
  mutation(
    'callback.book',
    { callbackId: randomUUID(), ticketId, startsAt, durationMinutes: 30, ...extra },
    baseVersion,
  );

describe('preferred support only', () => {
  it('tells a free-support customer how to upgrade, and changes nothing', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgB, status: 'OPEN' });
    const [asked] = await f.as.managerB.push([request(created.id, { phone: '+1 505-555-0100' })]);
    expect(asked).toMatchObject({
      status: 'rejected',
      code: 'preferred_support_required',
      message: expect.stringMatching(/Free Support.*Upgrade to Preferred Support/),
    });
    const [booked] = await f.as.tech.push([book(created.id, '2026-11-24T15:00:00.000Z')]);
    expect(booked).toMatchObject({
      status: 'rejected',
      code: 'preferred_support_required',
      message: expect.stringMatching(/does not include callbacks/),
    });
    expect(await callbacks(created.id)).toEqual([]);
    expect(await systemBodies(created.id)).toEqual([]);
    expect((await ticket(created.id)).status).toBe('OPEN');
  });

  it('treats preferred support that has ended as free', async () => {
    await f.server.db
      .updateTable('organisations')
      .set({ tier_expires_at: new Date(MONDAY_9AM.getTime() - 60_000) })
      .where('id', '=', f.orgA)
      .execute();
    try {
      const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
      const [asked] = await f.as.managerA.push([request(created.id)]);
      expect(asked).toMatchObject({
        code: 'preferred_support_required',
        message: expect.stringMatching(/ended on 2026-11-23/),
      });
    } finally {
      await f.server.db
        .updateTable('organisations')
        .set({ tier_expires_at: null })
        .where('id', '=', f.orgA)
        .execute();
    }
  });
});

describe('request, book, complete', () => {
  it('books a request on the calendar, SCHEDULED with the time in the history, then back to OPEN', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const asked = request(created.id, { note: 'Mornings suit us best.' });
    const callbackId = (asked.args as { callbackId: string }).callbackId;
    expect(await f.as.managerA.push([asked])).toMatchObject([{ status: 'applied' }]);
    // Asking leaves the status alone; the window is kept in the customer's zone, with their number.
    expect((await ticket(created.id)).status).toBe('OPEN');
    const [requested] = await callbacks(created.id);
    expect(requested).toMatchObject({
      id: callbackId,
      status: 'requested',
      customer_time_zone: 'America/Chicago',
      phone: '+1 312-555-0142',
      note: 'Mornings suit us best.',
    });

    // Customers ask; only staff book, and only staff close a callback.
    expect(
      await f.as.managerA.push([book(created.id, '2026-11-24T15:00:00.000Z', { callbackId })]),
    ).toMatchObject([{ status: 'rejected', code: 'not_allowed_for_role' }]);
    expect(await f.as.tech.push([request(created.id)])).toMatchObject([
      { status: 'rejected', code: 'not_allowed_for_role' },
    ]);

    // 10:00–10:30 in New York is 09:00–09:30 for the customer in Chicago.
    const booking = book(
      created.id,
      '2026-11-24T15:00:00.000Z',
      { callbackId },
      String(requested!.version),
    );
    expect(await f.as.tech.push([booking])).toMatchObject([{ status: 'applied' }]);
    const scheduled = await ticket(created.id);
    expect(scheduled.status).toBe('SCHEDULED');
    const [bookedRow] = await callbacks(created.id);
    expect(bookedRow).toMatchObject({
      status: 'booked',
      technician_id: f.accounts.tech.id,
      duration_minutes: 30,
      booked_by: f.accounts.tech.id,
    });
    expect(bookedRow!.starts_at?.toISOString()).toBe('2026-11-24T15:00:00.000Z');

    // The customer's client receives the callback and the ticket's new status and history.
    const { changes } = await f.as.managerA.pullAll(null);
    expect(upserts(changes, 'callbacks').find((c) => c.id === callbackId)).toMatchObject({
      status: 'booked',
      startsAt: '2026-11-24T15:00:00.000Z',
      customerTimeZone: 'America/Chicago',
      technicianId: f.accounts.tech.id,
    });
    expect(
      upserts(changes, 'tickets')
        .find((t) => t.id === created.id)
        ?.statusHistory.map((s) => s.status),
    ).toEqual(['NEW', 'OPEN', 'SCHEDULED']);

    expect(
      await f.as.tech.push([
        mutation('callback.complete', {
          callbackId,
          ticketId: created.id,
          outcome: 'done',
          note: 'Replaced the keypad fuse over the phone.',
        }),
      ]),
    ).toMatchObject([{ status: 'applied' }]);
    expect((await ticket(created.id)).status).toBe('OPEN');
    expect((await callbacks(created.id))[0]).toMatchObject({ status: 'done' });
    expect(await systemBodies(created.id)).toEqual([
      'Callback requested for Tue, 24 Nov 2026, 09:00–11:00 (America/Chicago) on +1 312-555-0142. “Mornings suit us best.”',
      'Callback booked with Dana Whitfield for Tue, 24 Nov 2026, 10:00–10:30 (America/New_York); Tue, 24 Nov 2026, 09:00–09:30 (America/Chicago) for the customer.',
      'Status changed from OPEN to SCHEDULED.',
      'Callback done. “Replaced the keypad fuse over the phone.”',
      'Status changed from SCHEDULED to OPEN.',
    ]);
  });

  it('asks for a number when the customer has none in their settings', async () => {
    const installer = f.as.installerA; // no phone in settings
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'NEW' });
    expect(await installer.push([request(created.id)])).toMatchObject([
      { status: 'rejected', code: 'invalid_args', message: expect.stringMatching(/^phone: /) },
    ]);
    expect(await installer.push([request(created.id, { phone: '+1 617-555-0199' })])).toMatchObject(
      [{ status: 'applied' }],
    );
  });

  it('a missed or cancelled call also closes the callback and moves the ticket on', async () => {
    for (const outcome of ['missed', 'cancelled'] as const) {
      const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
      const booking = book(created.id, `2026-11-25T1${outcome === 'missed' ? 4 : 5}:00:00.000Z`);
      const callbackId = (booking.args as { callbackId: string }).callbackId;
      expect(await f.as.tech.push([booking])).toMatchObject([{ status: 'applied' }]);
      expect((await ticket(created.id)).status).toBe('SCHEDULED');
      expect(
        await f.as.tech.push([
          mutation('callback.complete', { callbackId, ticketId: created.id, outcome }),
        ]),
      ).toMatchObject([{ status: 'applied' }]);
      expect((await ticket(created.id)).status).toBe('OPEN');
      expect((await callbacks(created.id))[0]).toMatchObject({ status: outcome });
    }
    // The cancelled call's slot is free again; the missed one's was used.
    const again = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    expect(await f.as.tech.push([book(again.id, '2026-11-25T15:00:00.000Z')])).toMatchObject([
      { status: 'applied' },
    ]);
    expect(await f.as.tech.push([book(again.id, '2026-11-25T14:00:00.000Z')])).toMatchObject([
      { status: 'rejected', code: 'not_allowed_in_status' },
    ]);
  });
});

describe('a slot is never booked twice', () => {
  it('two devices booking the same slot at once: exactly one booking and one clear conflict', async () => {
    for (let round = 0; round < 6; round++) {
      const startsAt = new Date(Date.parse('2026-11-30T13:00:00.000Z') + round * 3_600_000);
      const [one, two] = await Promise.all([
        ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' }),
        ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'NEW' }),
      ]);
      // Half an hour, and the same technician's slot overlapped from 15 minutes in.
      const a = book(one.id, startsAt.toISOString());
      const b = book(two.id, new Date(startsAt.getTime() + 15 * 60_000).toISOString());
      const [[first], [second]] = await Promise.all([f.as.tech.push([a]), techAgain.push([b])]);
      const results = [first!, second!];
      expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
      const conflict = results.find((r) => r.status === 'conflict');
      expect(conflict).toMatchObject({
        code: 'slot_taken',
        message: expect.stringMatching(
          /^Dana Whitfield already has a callback .* Pick another slot/,
        ),
        serverRow: {
          technicianId: f.accounts.tech.id,
          durationMinutes: 30,
          startsAt: expect.any(String),
        },
      });
      // The loser's ticket and timeline are untouched.
      const loser = conflict === first ? one : two;
      expect((await ticket(loser.id)).status).toBe(conflict === first ? 'OPEN' : 'NEW');
      expect(await callbacks(loser.id)).toEqual([]);
      expect(await systemBodies(loser.id)).toEqual([]);
    }
  });

  it('two technicians racing for one request: one books it, the other hears who did', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const asked = request(created.id);
    await f.as.managerA.push([asked]);
    const callbackId = (asked.args as { callbackId: string }).callbackId;
    const [seen] = await callbacks(created.id);
    const base = String(seen!.version);
    const [[a], [b]] = await Promise.all([
      f.as.tech.push([book(created.id, '2026-12-01T15:00:00.000Z', { callbackId }, base)]),
      f.as.tech2.push([book(created.id, '2026-12-01T15:00:00.000Z', { callbackId }, base)]),
    ]);
    const results = [a!, b!];
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'conflict']);
    expect(results.find((r) => r.status === 'conflict')).toMatchObject({
      code: 'version_mismatch',
      serverRow: { id: callbackId, status: 'booked' },
    });
    expect(await callbacks(created.id)).toHaveLength(1);
  });

  it("a colleague can book on a technician's calendar, but not over a booking", async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const other = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const onDana = { technicianId: f.accounts.tech.id };
    expect(
      await f.as.tech2.push([book(created.id, '2026-12-02T15:00:00.000Z', onDana)]),
    ).toMatchObject([{ status: 'applied' }]);
    expect(
      await f.as.tech2.push([
        book(other.id, '2026-12-02T14:45:00.000Z', { ...onDana, durationMinutes: 60 }),
      ]),
    ).toMatchObject([{ status: 'conflict', code: 'slot_taken' }]);
    // Marcus's own calendar is free at that time.
    expect(await f.as.tech2.push([book(other.id, '2026-12-02T15:00:00.000Z')])).toMatchObject([
      { status: 'applied' },
    ]);
  });

  it('refuses slots off the grid and odd lengths, saying what to send', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const [offGrid, tooLong] = await f.as.tech.push([
      book(created.id, '2026-12-03T15:10:00.000Z'),
      book(created.id, '2026-12-03T15:00:00.000Z', { durationMinutes: 300 }),
    ]);
    expect(offGrid).toMatchObject({ code: 'invalid_args', message: /15-minute mark/ });
    expect(tooLong).toMatchObject({ code: 'invalid_args', message: /at most 240 minutes/ });
  });

  it('leaves no technician with two bookings at one time', async () => {
    const rows = await f.server.db
      .selectFrom('callbacks')
      .select(['technician_id', 'starts_at', 'duration_minutes'])
      .where('status', '=', 'booked')
      .execute();
    expect(rows.length).toBeGreaterThan(5);
    for (const [i, a] of rows.entries())
      for (const b of rows.slice(i + 1)) {
        if (a.technician_id !== b.technician_id) continue;
        const aStart = a.starts_at!.getTime();
        const bStart = b.starts_at!.getTime();
        const overlap =
          aStart < bStart + b.duration_minutes! * 60_000 &&
          bStart < aStart + a.duration_minutes! * 60_000;
        expect(overlap).toBe(false);
      }
  });
});

describe('what clients receive', () => {
  it('organisations sync with their tier: customers get their own, staff every one', async () => {
    const customer = upserts((await f.as.managerA.pullAll(null)).changes, 'organisations');
    expect(customer.map((o) => o.id)).toEqual([f.orgA]);
    const staff = upserts((await f.as.tech.pullAll(null)).changes, 'organisations');
    expect(staff.map((o) => o.id).sort()).toEqual([f.orgA, f.orgB].sort());

    // An admin's tier change reaches the organisation's members on their next pull.
    const { cursor } = await f.as.managerB.pullAll(null);
    const set = await jsonApi(f.server.url).put(
      `/admin/v1/organisations/${f.orgB}/tier`,
      { supportTier: 'preferred', tierExpiresAt: '2027-06-30T00:00:00.000Z' },
      f.as.admin.token,
    );
    expect(set.status).toBe(200);
    const later = upserts((await f.as.managerB.pullAll(cursor)).changes, 'organisations');
    expect(later).toEqual([
      expect.objectContaining({
        id: f.orgB,
        supportTier: 'preferred',
        tierExpiresAt: '2027-06-30T00:00:00.000Z',
      }),
    ]);
  });

  it("customers receive their own organisation's callbacks only", async () => {
    const bookedForA = upserts((await f.as.managerA.pullAll(null)).changes, 'callbacks');
    expect(bookedForA.length).toBeGreaterThan(0);
    expect(bookedForA.every((c) => c.organisationId === f.orgA)).toBe(true);
    const forB = upserts((await f.as.managerB.pullAll(null)).changes, 'callbacks');
    expect(forB).toEqual([]);
  });
});
