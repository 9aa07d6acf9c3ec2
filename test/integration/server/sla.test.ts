import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priority } from '../../../src-shared/domain/ticket.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../src-shared/calendar/index.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../../src-shared/sla/index.js';
import { ticketSla } from '../../../src-server/sla/ticket-sla.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, upserts } from '../../helpers/sync-client.js';
import type { SyncSession } from '../../helpers/sync-client.js';

// The server's SLA clocks on real PostgreSQL, with the server's clock under the test's control.
// Times in comments are New York wall-clock times; the default calendar is Monday to Friday,
// 08:00–20:00 there (EST, UTC−5, in late November).
const day = 24 * 60 * 60 * 1000;
const FRIDAY_3PM = '2026-11-20T20:00:00.000Z';
let clock = new Date(FRIDAY_3PM);
let f: SupportFixture;
let api: ReturnType<typeof jsonApi>;

beforeAll(async () => {
  f = await startSupportFixture({
    label: 'sla',
    now: () => clock,
    sessions: { accessTokenTtlMs: 365 * day, refreshTokenTtlMs: 366 * day },
  });
  api = jsonApi(f.server.url);
  // Organisation A has preferred support, B free support.
  await f.server.db
    .updateTable('organisations')
    .set({ support_tier: 'preferred', tier_expires_at: null })
    .where('id', '=', f.orgA)
    .execute();
});
afterAll(async () => {
  await f?.server.close();
});

async function raise(session: SyncSession, priority: Priority): Promise<string> {
  const ticketId = randomUUID();
  const [result] = await session.push([
    mutation('ticket.create', {
      ticketId,
      productLine: 'pti_hardware',
      category: 'technical',
      priority,
      subject: `Gate keypad offline (${priority})`,
      description: 'The keypad at the main gate shows OFFLINE.',
    }),
  ]);
  expect(result).toMatchObject({ status: 'applied' });
  return ticketId;
}

async function sla(ticketId: string, token = f.as.tech.token) {
  const reply = await api.get(`/tickets/v1/${ticketId}/sla`, token);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

function reply(session: SyncSession, ticketId: string, body: string) {
  return session.push([mutation('ticket.reply', { ticketId, messageId: randomUUID(), body })]);
}

describe('first-response due times on the server, for each tier and priority', () => {
  // Raised on Friday at 15:00.
  const cases: ['preferred' | 'free', Priority, string, 'tier' | 'priority'][] = [
    // critical: 1 hour around the clock → Friday 16:00
    ['free', 'critical', '2026-11-20T21:00:00.000Z', 'priority'],
    ['preferred', 'critical', '2026-11-20T21:00:00.000Z', 'priority'],
    // high: 4 business hours → Friday 19:00
    ['free', 'high', '2026-11-21T00:00:00.000Z', 'priority'],
    ['preferred', 'high', '2026-11-21T00:00:00.000Z', 'priority'],
    // normal: 24 business hours (5 on Friday, 12 on Monday, 7 on Tuesday) → Tuesday 15:00
    ['free', 'normal', '2026-11-24T20:00:00.000Z', 'priority'],
    ['preferred', 'normal', '2026-11-24T20:00:00.000Z', 'priority'],
    // low: 5 business days → next Friday 15:00 on free support, but preferred's 24 business
    // hours come first (Tuesday 15:00)
    ['free', 'low', '2026-11-27T20:00:00.000Z', 'priority'],
    ['preferred', 'low', '2026-11-24T20:00:00.000Z', 'tier'],
  ];

  it.each(cases)(
    '%s support, %s priority: due %s, set by the %s',
    async (tier, priority, due, by) => {
      clock = new Date(FRIDAY_3PM);
      const ticketId = await raise(tier === 'preferred' ? f.as.managerA : f.as.managerB, priority);
      const body = await sla(ticketId);
      expect(body.firstResponse).toMatchObject({ state: 'ok', dueAt: due, binding: by });
      expect(body.summary).toMatchObject({ state: 'ok', clock: 'first_response', dueAt: due });
      // The customer reads the same clock for their own ticket; another organisation cannot.
      const customer = tier === 'preferred' ? f.as.managerA : f.as.managerB;
      const other = tier === 'preferred' ? f.as.managerB : f.as.managerA;
      expect((await sla(ticketId, customer.token)).summary.dueAt).toBe(due);
      expect((await api.get(`/tickets/v1/${ticketId}/sla`, other.token)).status).toBe(404);
    },
  );

  it('counts a preferred tier that has expired as free support', async () => {
    clock = new Date(FRIDAY_3PM);
    await f.server.db
      .updateTable('organisations')
      .set({ tier_expires_at: new Date(Date.parse(FRIDAY_3PM) - day) })
      .where('id', '=', f.orgA)
      .execute();
    try {
      const ticketId = await raise(f.as.managerA, 'low');
      expect((await sla(ticketId)).firstResponse).toMatchObject({
        dueAt: '2026-11-27T20:00:00.000Z',
        binding: 'priority',
      });
    } finally {
      await f.server.db
        .updateTable('organisations')
        .set({ tier_expires_at: null })
        .where('id', '=', f.orgA)
        .execute();
    }
  });

  it('follows the business calendar an admin sets: a holiday moves the due time', async () => {
    clock = new Date(FRIDAY_3PM);
    const put = (calendar: unknown) =>
      api.put('/admin/v1/business-calendar', calendar, f.as.admin.token);
    expect(
      (await put({ ...DEFAULT_BUSINESS_CALENDAR, holidays: [{ date: 'Monday' }] })).body,
    ).toMatchObject({ error: { code: 'invalid_input', issues: [{ path: 'holidays.0.date' }] } });
    expect(
      (await api.put('/admin/v1/business-calendar', DEFAULT_BUSINESS_CALENDAR, f.as.tech.token))
        .status,
    ).toBe(403);

    const holiday = await put({
      ...DEFAULT_BUSINESS_CALENDAR,
      holidays: [{ date: '2026-11-23', name: 'Staff day' }],
    });
    expect(holiday.status, JSON.stringify(holiday.body)).toBe(200);
    try {
      // 24 business hours: 5 on Friday, Monday off, 12 on Tuesday, 7 on Wednesday → Wed 15:00
      const ticketId = await raise(f.as.managerA, 'normal');
      expect((await sla(ticketId)).firstResponse.dueAt).toBe('2026-11-25T20:00:00.000Z');

      // Clients receive the calendar like any synced row.
      const { changes } = await f.as.managerA.pullAll(null);
      expect(upserts(changes, 'business_calendars')).toEqual([
        expect.objectContaining({
          id: 'default',
          timeZone: 'America/New_York',
          holidays: [{ date: '2026-11-23', name: 'Staff day' }],
        }),
      ]);
    } finally {
      expect((await put(DEFAULT_BUSINESS_CALENDAR)).status).toBe(200);
    }
    expect((await api.get('/admin/v1/business-calendar', f.as.admin.token)).body).toEqual(
      DEFAULT_BUSINESS_CALENDAR,
    );
  });
});

describe('at risk, breach and a late first response', () => {
  it('is at risk with less than a fifth left, breached after the due time, missed once answered', async () => {
    clock = new Date(FRIDAY_3PM);
    const ticketId = await raise(f.as.managerB, 'critical'); // due at 16:00

    clock = new Date('2026-11-20T20:30:00.000Z');
    expect((await sla(ticketId)).summary).toMatchObject({ state: 'ok', text: '30m left' });
    clock = new Date('2026-11-20T20:50:00.000Z');
    expect((await sla(ticketId)).summary).toMatchObject({ state: 'at_risk', text: '10m left' });
    clock = new Date('2026-11-20T21:05:00.000Z');
    expect((await sla(ticketId)).summary).toMatchObject({
      state: 'breached',
      text: 'breached 5m ago',
      dueAt: '2026-11-20T21:00:00.000Z',
    });

    await reply(f.as.tech, ticketId, 'Sorry for the wait: a technician is on the way.');
    clock = new Date('2026-11-21T15:00:00.000Z');
    const late = await sla(ticketId);
    expect(late.firstResponse).toMatchObject({
      state: 'breached',
      completedAt: '2026-11-20T21:05:00.000Z',
    });
    expect(late.summary).toMatchObject({ state: 'breached', text: 'missed by 5m', dueAt: null });
  });

  it('is met when the first public reply comes in time', async () => {
    clock = new Date(FRIDAY_3PM);
    const ticketId = await raise(f.as.managerA, 'high');
    clock = new Date('2026-11-20T21:00:00.000Z');
    await reply(f.as.tech, ticketId, 'Please power-cycle the keypad.');
    expect((await sla(ticketId)).summary).toMatchObject({ state: 'met', text: 'met' });
  });
});

describe('the resolution clock pauses while the ticket waits on the customer', () => {
  // The default policy has no resolution target (the sources promise response times only), so
  // this clock is checked with one: normal priority, 16 business hours.
  const policy: SlaPolicy = {
    ...DEFAULT_SLA_POLICY,
    resolution: {
      ...DEFAULT_SLA_POLICY.resolution,
      priorities: {
        ...DEFAULT_SLA_POLICY.resolution.priorities,
        normal: { clock: 'business_hours', hours: 16 },
      },
    },
  };
  const tech = () => ({
    userId: f.accounts.tech.id,
    role: 'technician' as const,
    organisationId: null,
  });

  it('pauses on a staff reply (ANSWERED), resumes on the customer reply, and the due time moves back', async () => {
    clock = new Date('2026-11-23T14:00:00.000Z'); // Monday 09:00
    const ticketId = await raise(f.as.managerB, 'normal');
    // Without a pause: 11 hours on Monday, 5 on Tuesday → Tuesday 13:00.
    const fresh = await ticketSla(f.server.db, tech(), ticketId, clock, policy);
    expect(fresh?.resolution).toMatchObject({ state: 'ok', dueAt: '2026-11-24T18:00:00.000Z' });

    clock = new Date('2026-11-23T15:00:00.000Z'); // Monday 10:00: answered
    await reply(f.as.tech, ticketId, 'Can you send a photo of the keypad?');
    const paused = await ticketSla(
      f.server.db,
      tech(),
      ticketId,
      new Date('2026-11-23T20:00:00.000Z'),
      policy,
    );
    expect(paused?.resolution).toMatchObject({ state: 'paused', elapsedMs: 60 * 60_000 });
    // First response was given; the queue now shows the resolution clock, paused.
    expect(paused?.firstResponse).toMatchObject({ state: 'met' });
    expect(paused?.summary).toMatchObject({ state: 'paused', clock: 'resolution' });

    clock = new Date('2026-11-24T15:00:00.000Z'); // Tuesday 10:00: the customer answers
    await reply(f.as.managerB, ticketId, 'Photo attached; the display is blank.');
    const resumed = await ticketSla(
      f.server.db,
      tech(),
      ticketId,
      new Date('2026-11-24T16:00:00.000Z'),
      policy,
    );
    // 12 paused business hours (Monday 10–20, Tuesday 08–10) push the due time from Tuesday
    // 13:00 to Wednesday 13:00; two hours have been counted.
    expect(resumed?.resolution).toMatchObject({
      state: 'ok',
      elapsedMs: 2 * 60 * 60_000,
      dueAt: '2026-11-25T18:00:00.000Z',
    });

    // The history the clocks read travels with the ticket.
    const { changes } = await f.as.managerB.pullAll(null);
    const row = upserts(changes, 'tickets').find((t) => t.id === ticketId);
    expect(row?.statusHistory).toEqual([
      { status: 'NEW', at: '2026-11-23T14:00:00.000Z' },
      { status: 'ANSWERED', at: '2026-11-23T15:00:00.000Z' },
      { status: 'OPEN', at: '2026-11-24T15:00:00.000Z' },
    ]);
  });
});
