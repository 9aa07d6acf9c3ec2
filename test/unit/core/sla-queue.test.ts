import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../src-shared/calendar/index.js';
import type { Priority, TicketStatus } from '../../../src-shared/domain/ticket.js';
import type { SlaWarning } from '../../../src-shared/domain/callbacks.js';
import {
  completeStatusHistory,
  computeTicketSla,
  summarizeTicketSla,
} from '../../../src-shared/sla/index.js';
import type { Change, TicketRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { SlaWatch } from '../../../src-main/core/sync/sla-watch.js';
import type { EngineClock } from '../../../src-main/core/sync/clock.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The queue's SLA column in the local store: computed from what was synced, shown and filtered
// at any instant without the server, and recomputed when the tier or the calendar changes.
// Times in comments are New York wall-clock times (EST in late November).
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FRIDAY_3PM = '2026-11-20T20:00:00.000Z';
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;

const technician = {
  id: 'u-tech',
  name: 'Dana',
  email: 'd@example.com',
  role: 'technician',
  organisationId: null,
};

function ticket(id: string, priority: Priority, patch: Partial<TicketRow> = {}): TicketRow {
  return {
    id,
    number: `HW0000000${id.slice(-1)}`,
    subject: `Gate ${id}`,
    description: 'Offline',
    status: 'NEW',
    priority,
    category: 'technical',
    productLine: 'pti_hardware',
    helpTopic: null,
    organisationId: 'org-free',
    siteId: null,
    unitId: null,
    internalReference: null,
    assigneeId: 'u-tech',
    resolvedAt: null,
    followUpOfId: null,
    statusHistory: [{ status: 'NEW', at: FRIDAY_3PM }],
    createdAt: FRIDAY_3PM,
    updatedAt: FRIDAY_3PM,
    version: '1',
    ...patch,
  };
}
const organisation = (id: string, supportTier: 'free' | 'preferred', version = '1'): Change => ({
  table: 'organisations',
  op: 'upsert',
  row: { id, name: id, supportTier, tierExpiresAt: null, version },
});
const pull = (changes: Change[]) =>
  db.write('sync.applyPulledPage', {
    target: 'support',
    cursor: 'c',
    pulledAt: FRIDAY_3PM,
    changes,
  });
const tickets = (rows: TicketRow[]): Change[] =>
  rows.map((row) => ({ table: 'tickets', op: 'upsert', row }));
const list = (at: string, extra: Record<string, unknown> = {}) =>
  db.read('tickets.list', {
    sort: { column: 'number', direction: 'asc' },
    offset: 0,
    limit: 100,
    ...extra,
    now: at,
  });

beforeEach(async () => {
  dir = tempDir('sla-queue');
  store = createInlineStore();
  db = await store.open(`${dir.path}/profile.sqlite`, 'profile');
  await db.write('sync.setMeta', { key: 'session_user', value: JSON.stringify(technician) });
  await pull([
    organisation('org-free', 'free'),
    organisation('org-preferred', 'preferred'),
    ...tickets([
      ticket('t1', 'critical'), // due 16:00
      ticket('t2', 'high'), // due 19:00
      ticket('t3', 'low', { organisationId: 'org-preferred' }), // due Tuesday 15:00
      ticket('t4', 'normal', {
        status: 'ANSWERED',
        statusHistory: [
          { status: 'NEW', at: FRIDAY_3PM },
          { status: 'ANSWERED', at: '2026-11-20T20:30:00.000Z' },
        ],
      }),
    ]),
  ]);
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('the SLA column of the queue', () => {
  it('shows what the shared SLA rules say, at any instant, offline', async () => {
    for (const at of [
      FRIDAY_3PM,
      '2026-11-20T20:50:00.000Z',
      '2026-11-20T21:30:00.000Z',
      '2026-11-21T03:00:00.000Z', // Friday night: business clocks stand still
      '2026-11-23T14:00:00.000Z',
      '2026-11-24T21:00:00.000Z',
    ]) {
      const { rows } = await list(at);
      for (const row of rows) {
        // the column is exact from a ticket's last status change on (t4 was answered at 15:30)
        if (row.id === 't4' && at === FRIDAY_3PM) continue;
        const tier = row.id === 't3' ? 'preferred' : 'free';
        const history = completeStatusHistory({
          status: row.status,
          createdAt: row.createdAt,
          updatedAt: row.updatedAt,
          statusHistory:
            row.id === 't4'
              ? [
                  { status: 'NEW' as TicketStatus, at: FRIDAY_3PM },
                  { status: 'ANSWERED' as TicketStatus, at: '2026-11-20T20:30:00.000Z' },
                ]
              : [],
        });
        const now = new Date(at);
        const expected = summarizeTicketSla(
          computeTicketSla({
            priority: row.priority,
            tier,
            calendar: DEFAULT_BUSINESS_CALENDAR,
            history,
            now,
          }),
          now,
        );
        expect(row.sla, `${row.id} at ${at}`).toEqual({
          state: expected.state,
          text: expected.text,
          dueAt: expected.dueAt?.toISOString() ?? null,
        });
      }
    }
  });

  it('filters the "breaching SLA" view in SQL and sorts by due time', async () => {
    const breaching = { slaStates: ['breached', 'at_risk'] };
    expect((await list(FRIDAY_3PM, breaching)).rows).toEqual([]);
    // 15:50: the critical ticket has 10 minutes of its hour left
    const soon = await list('2026-11-20T20:50:00.000Z', breaching);
    expect(soon.rows.map((r) => [r.id, r.sla?.state])).toEqual([['t1', 'at_risk']]);
    expect(soon.total).toBe(1);
    // Monday 09:00: critical and high are past due; t4 answered in time; t3 still has hours
    const monday = await list('2026-11-23T14:00:00.000Z', breaching);
    expect(monday.rows.map((r) => [r.id, r.sla?.text])).toEqual([
      ['t1', 'breached 2d 17h ago'],
      ['t2', 'breached 2d 14h ago'],
    ]);
    expect(
      (await list('2026-11-23T14:00:00.000Z', { slaStates: ['met'] })).rows.map((r) => r.id),
    ).toEqual(['t4']);
    const byDue = await list(FRIDAY_3PM, { sort: { column: 'slaDueAt', direction: 'asc' } });
    expect(byDue.rows.map((r) => r.id)).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('moves due times when the tier or the business calendar changes', async () => {
    const dueOf = async (id: string) =>
      (await list(FRIDAY_3PM)).rows.find((r) => r.id === id)?.sla?.dueAt;
    // low priority on free support: 5 business days → next Friday 15:00
    expect(await dueOf('t3')).toBe('2026-11-24T20:00:00.000Z');
    await pull([organisation('org-preferred', 'free', '2')]);
    expect(await dueOf('t3')).toBe('2026-11-27T20:00:00.000Z');

    // a holiday on Monday moves the low ticket's due time by a day; the high one is due Friday
    const { tables } = await pull([
      {
        table: 'business_calendars',
        op: 'upsert',
        row: {
          id: 'default',
          ...DEFAULT_BUSINESS_CALENDAR,
          holidays: [{ date: '2026-11-23', name: 'Staff day' }],
          version: '5',
        },
      },
    ]);
    expect(tables).toContain('tickets');
    expect(await dueOf('t3')).toBe('2026-11-30T20:00:00.000Z');
    expect(await dueOf('t2')).toBe('2026-11-21T00:00:00.000Z');
  });

  it('counts a status change made offline at once', async () => {
    await db.write('outbox.queue', {
      mutation: {
        id: '00000000-0000-4000-8000-000000000001',
        target: 'support',
        name: 'ticket.reply',
        args: { ticketId: 't2', messageId: '00000000-0000-4000-8000-0000000000aa', body: 'On it.' },
        baseVersion: null,
        createdAt: '2026-11-20T21:00:00.000Z',
      },
    });
    const row = (await list('2026-11-20T21:05:00.000Z')).rows.find((r) => r.id === 't2');
    expect(row).toMatchObject({ status: 'ANSWERED', pending: true, sla: { state: 'met' } });
  });
});

describe('the near-breach warning', () => {
  it('warns the assignee once per due time, within half an hour of a breach', async () => {
    let now = Date.parse(FRIDAY_3PM);
    const clock: EngineClock = {
      now: () => new Date(now),
      setTimeout: () => null,
      clearTimeout: () => {},
      random: Math.random,
    };
    const warnings: SlaWarning[] = [];
    const watch = new SlaWatch({
      profileId: 'p1',
      db,
      clock,
      user: async () => technician as never,
      emit: (w) => warnings.push(w),
    });
    expect(await watch.check()).toEqual([]); // the hour of t1 has just begun
    now = Date.parse('2026-11-20T20:35:00.000Z');
    expect((await watch.check()).map((w) => w.text)).toEqual([
      'HW00000001 breaches its first-response target in 25m',
    ]);
    now += 5 * MINUTE;
    expect(await watch.check()).toEqual([]); // said once
    now = Date.parse('2026-11-20T23:40:00.000Z');
    expect(await watch.check()).toMatchObject([
      { ticketId: 't2', dueAt: '2026-11-21T00:00:00.000Z', profileId: 'p1' },
    ]);
    expect(warnings).toHaveLength(2);
    expect(now - Date.parse(FRIDAY_3PM)).toBeGreaterThan(HOUR);
  });
});
