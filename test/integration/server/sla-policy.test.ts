import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../../src-shared/sla/index.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, ticketInStatus, upserts } from '../../helpers/sync-client.js';

// The admin's SLA policy on real PostgreSQL: a server setting that the server's SLA answers use
// at once and that clients pull with the business calendar. Times in comments are New York's.
const MONDAY_9AM = new Date('2026-11-23T14:00:00.000Z');
let f: SupportFixture;
let api: ReturnType<typeof jsonApi>;

beforeAll(async () => {
  f = await startSupportFixture({ label: 'sla-policy', now: () => MONDAY_9AM });
  api = jsonApi(f.server.url);
  await f.server.db
    .updateTable('organisations')
    .set({ support_tier: 'preferred', tier_expires_at: null })
    .where('id', '=', f.orgA)
    .execute();
});
afterAll(async () => {
  await f?.server.close();
});

describe('the SLA policy as a server setting', () => {
  it('is the default until an admin sets one, and only admins may see or change it', async () => {
    expect((await api.get('/admin/v1/sla-policy', f.as.admin.token)).body).toEqual(
      DEFAULT_SLA_POLICY,
    );
    expect((await api.get('/admin/v1/sla-policy', f.as.tech.token)).status).toBe(403);
    expect(
      (await api.put('/admin/v1/sla-policy', DEFAULT_SLA_POLICY, f.as.managerA.token)).status,
    ).toBe(403);
  });

  it('refuses a wrong target naming the field', async () => {
    const wrong = structuredClone(DEFAULT_SLA_POLICY) as unknown as {
      resolution: { priorities: { high: unknown } };
    };
    wrong.resolution.priorities.high = { clock: 'business_hours', hours: -4 };
    const reply = await api.put('/admin/v1/sla-policy', wrong, f.as.admin.token);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      error: { code: 'invalid_input', issues: [{ path: 'resolution.priorities.high.hours' }] },
    });
  });

  it('moves the server’s due times at once and reaches clients with the calendar', async () => {
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      firstResponse: {
        ...DEFAULT_SLA_POLICY.firstResponse,
        priorities: {
          ...DEFAULT_SLA_POLICY.firstResponse.priorities,
          high: { clock: 'business_hours', hours: 2 },
        },
      },
      resolution: {
        tiers: { free: null, preferred: { clock: 'business_days', days: 3 } },
        priorities: {
          low: null,
          normal: null,
          high: { clock: 'business_hours', hours: 8 },
          critical: null,
        },
      },
    };
    const { id: ticketId } = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'NEW',
    });
    await f.server.db
      .updateTable('tickets')
      .set({ priority: 'high', created_at: MONDAY_9AM })
      .where('id', '=', ticketId)
      .execute();
    const before = await api.get(`/tickets/v1/${ticketId}/sla`, f.as.tech.token);
    expect(before.body.resolution).toBeNull();
    // Default: first response within 4 business hours → Monday 13:00.
    expect(before.body.firstResponse.dueAt).toBe('2026-11-23T18:00:00.000Z');

    const { cursor } = await f.as.tech.pullAll(null);
    const saved = await api.put('/admin/v1/sla-policy', policy, f.as.admin.token);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    try {
      const after = await api.get(`/tickets/v1/${ticketId}/sla`, f.as.tech.token);
      // 2 business hours → Monday 11:00; resolution: 8 business hours → Monday 17:00 (earlier
      // than the preferred tier's 3 business days).
      expect(after.body.firstResponse.dueAt).toBe('2026-11-23T16:00:00.000Z');
      expect(after.body.resolution).toMatchObject({
        dueAt: '2026-11-23T22:00:00.000Z',
        binding: 'priority',
      });

      const { changes } = await f.as.managerA.pullAll(cursor);
      expect(upserts(changes, 'business_calendars')).toEqual([
        expect.objectContaining({ id: 'default', timeZone: 'America/New_York', slaPolicy: policy }),
      ]);
      // The calendar's own setting leaves the policy alone.
      const calendar = await api.get('/admin/v1/business-calendar', f.as.admin.token);
      expect(
        (await api.put('/admin/v1/business-calendar', calendar.body, f.as.admin.token)).status,
      ).toBe(200);
      expect((await api.get('/admin/v1/sla-policy', f.as.admin.token)).body).toEqual(policy);
    } finally {
      expect(
        (await api.put('/admin/v1/sla-policy', DEFAULT_SLA_POLICY, f.as.admin.token)).status,
      ).toBe(200);
    }
  });
});

describe('a customer calling off their callback', () => {
  it('may cancel, may not mark it done, and the ticket goes back to OPEN', async () => {
    const { id: ticketId } = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'OPEN',
    });
    const callbackId = randomUUID();
    const [requested] = await f.as.managerA.push([
      mutation('callback.request', {
        callbackId,
        ticketId,
        windowStart: '2026-11-24T15:00:00.000Z',
        windowEnd: '2026-11-24T17:00:00.000Z',
        phone: '+1 312-555-0142',
      }),
    ]);
    expect(requested).toMatchObject({ status: 'applied' });
    const [booked] = await f.as.tech.push([
      mutation('callback.book', {
        callbackId,
        ticketId,
        startsAt: '2026-11-24T15:30:00.000Z',
        durationMinutes: 30,
      }),
    ]);
    expect(booked).toMatchObject({ status: 'applied' });

    const [done] = await f.as.managerA.push([
      mutation('callback.complete', { callbackId, ticketId, outcome: 'done' }),
    ]);
    expect(done).toMatchObject({ status: 'rejected', code: 'not_allowed_for_role' });
    const [cancelled] = await f.as.managerA.push([
      mutation('callback.complete', { callbackId, ticketId, outcome: 'cancelled' }),
    ]);
    expect(cancelled).toMatchObject({ status: 'applied' });
    const row = await f.server.db
      .selectFrom('tickets')
      .select('status')
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('OPEN');
    // A cancelled call frees its slot for someone else.
    const slots = await f.server.db
      .selectFrom('callback_slots')
      .select('slot_start')
      .where('callback_id', '=', callbackId)
      .execute();
    expect(slots).toEqual([]);
  });

  it('may not cancel another organisation’s callback', async () => {
    const { id: ticketId } = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'OPEN',
    });
    const callbackId = randomUUID();
    await f.as.tech.push([
      mutation('callback.book', {
        callbackId,
        ticketId,
        startsAt: '2026-11-25T15:30:00.000Z',
        durationMinutes: 30,
      }),
    ]);
    const [result] = await f.as.managerB.push([
      mutation('callback.complete', { callbackId, ticketId, outcome: 'cancelled' }),
    ]);
    expect(result).toMatchObject({ status: 'rejected' });
    const row = await f.server.db
      .selectFrom('callbacks')
      .select('status')
      .where('id', '=', callbackId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
  });
});
