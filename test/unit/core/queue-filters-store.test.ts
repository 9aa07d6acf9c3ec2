import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketListQuery } from '../../../src-shared/domain/ticket.js';
import type { CallbackRow, Change, TicketRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { ticketRow } from '../../helpers/ticket-row.js';

// The queue's filters in the local store (issue "Queues"): whose tickets, which site, created or
// updated in a range, and which have a call booked in a range; each with its total, so the
// sidebar's counts agree with the list.
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;

const T0 = Date.parse('2026-11-02T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

const me = { id: 'u-me', name: 'Dana', email: 'd@example.com', role: 'technician' };

function ticket(id: string, patch: Partial<TicketRow> = {}): TicketRow {
  return ticketRow({
    id,
    number: `HW${id.replace(/\D/g, '').padStart(8, '0')}`,
    subject: `Gate ${id}`,
    description: 'The gate does not open',
    siteId: 'site-a',
    statusHistory: [{ status: 'OPEN', at: at(0) }],
    createdAt: at(0),
    updatedAt: at(0),
    version: '1',
    ...patch,
  });
}

function callback(id: string, ticketId: string, patch: Partial<CallbackRow>): CallbackRow {
  return {
    id,
    ticketId,
    organisationId: 'org-1',
    status: 'booked',
    requestedById: null,
    windowStart: null,
    windowEnd: null,
    customerTimeZone: null,
    phone: null,
    note: '',
    technicianId: 'u-me',
    startsAt: at(24),
    durationMinutes: 30,
    bookedById: 'u-me',
    completedAt: null,
    outcomeNote: null,
    createdAt: at(0),
    updatedAt: at(0),
    version: '1',
    ...patch,
  };
}

const tickets = [
  ticket('t1', { assigneeId: 'u-me', createdAt: at(0), updatedAt: at(50) }),
  ticket('t2', { assigneeId: 'u-other', siteId: 'site-b', createdAt: at(10), updatedAt: at(10) }),
  ticket('t3', { assigneeId: null, createdAt: at(20), updatedAt: at(30) }),
  ticket('t4', { assigneeId: 'u-me', status: 'CLOSED', siteId: 'site-b', createdAt: at(30) }),
  ticket('t5', { assigneeId: null, siteId: null, createdAt: at(40), updatedAt: at(40) }),
];

const pull = (changes: Change[]) =>
  db.write('sync.applyPulledPage', { target: 'support', cursor: 'c', pulledAt: at(0), changes });

async function ids(query: TicketListQuery): Promise<{ ids: string[]; total: number }> {
  const parsed = TicketListQuery.parse({
    sort: { column: 'number', direction: 'asc' },
    ...query,
  });
  const { rows, total } = await db.read('tickets.list', { ...parsed, now: at(60) });
  return { ids: rows.map((r) => r.id), total };
}

beforeEach(async () => {
  dir = tempDir('queue-filters');
  store = createInlineStore();
  db = await store.open(`${dir.path}/profile.sqlite`, 'profile');
  await db.write('sync.setMeta', {
    key: 'session_user',
    value: JSON.stringify({ ...me, organisationId: null }),
  });
  await pull([
    ...tickets.map((row): Change => ({ table: 'tickets', op: 'upsert', row })),
    {
      table: 'callbacks',
      op: 'upsert',
      row: callback('c1', 't1', { startsAt: at(24) }),
    },
    {
      table: 'callbacks',
      op: 'upsert',
      row: callback('c2', 't2', { startsAt: at(25), technicianId: 'u-other' }),
    },
    {
      table: 'callbacks',
      op: 'upsert',
      // a call that took place is no longer on the day's agenda
      row: callback('c3', 't3', { startsAt: at(26), status: 'done' }),
    },
    {
      table: 'callbacks',
      op: 'upsert',
      row: callback('c5', 't5', { startsAt: at(48) }),
    },
  ]);
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('the queue filters', () => {
  it("finds the signed-in user's tickets with 'me', others' by id, and unassigned ones with null", async () => {
    expect(await ids({ assigneeId: 'me' })).toEqual({ ids: ['t1', 't4'], total: 2 });
    expect(await ids({ assigneeId: 'u-other' })).toEqual({ ids: ['t2'], total: 1 });
    expect(await ids({ assigneeId: null })).toEqual({ ids: ['t3', 't5'], total: 2 });
    // combined with the status filter, as "My open" and "Unassigned" use it
    expect(
      await ids({ assigneeId: 'me', status: ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'] }),
    ).toEqual({ ids: ['t1'], total: 1 });
  });

  it("matches nobody with 'me' when nobody is signed in", async () => {
    await db.write('sync.setMeta', { key: 'session_user', value: '' });
    expect(await ids({ assigneeId: 'me' })).toEqual({ ids: [], total: 0 });
  });

  it('filters by site', async () => {
    expect(await ids({ siteId: 'site-b' })).toEqual({ ids: ['t2', 't4'], total: 2 });
    expect(await ids({ siteId: 'site-a', assigneeId: null })).toEqual({ ids: ['t3'], total: 1 });
  });

  it('takes created and updated ranges as [from, to), whatever offset the instants carry', async () => {
    expect(await ids({ created: { from: at(10), to: at(30) } })).toEqual({
      ids: ['t2', 't3'],
      total: 2,
    });
    expect(await ids({ created: { from: at(30) } })).toEqual({ ids: ['t4', 't5'], total: 2 });
    expect(await ids({ updated: { to: at(30) } })).toEqual({ ids: ['t2', 't4'], total: 2 });
    // 10:00 at UTC-2 is 12:00 UTC: the same instant as at(0)
    const shifted = '2026-11-02T10:00:00.000-02:00';
    expect(await ids({ created: { from: shifted, to: at(1) } })).toEqual({
      ids: ['t1'],
      total: 1,
    });
  });

  it('refuses a range that ends before it starts, saying so', () => {
    const result = TicketListQuery.safeParse({ created: { from: at(5), to: at(1) } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/start .* before its end/);
  });

  it('finds tickets with a call booked in a range, anyone’s or mine', async () => {
    const day = { from: at(12), to: at(36) };
    expect(await ids({ callbackBetween: day })).toEqual({ ids: ['t1', 't2'], total: 2 });
    expect(await ids({ callbackBetween: { ...day, technicianId: 'me' } })).toEqual({
      ids: ['t1'],
      total: 1,
    });
    expect(await ids({ callbackBetween: { from: at(36), to: at(60) } })).toEqual({
      ids: ['t5'],
      total: 1,
    });
  });

  it('sorts by the SLA due time with tickets without a running clock last, either way', async () => {
    const column = 'slaDueAt' as const;
    const asc = await ids({ sort: { column, direction: 'asc' } });
    const desc = await ids({ sort: { column, direction: 'desc' } });
    const stored = (
      await db.read('tickets.list', {
        ...TicketListQuery.parse({ sort: { column, direction: 'asc' } }),
        now: at(60),
      })
    ).rows;
    const due = (id: string) => stored.find((r) => r.id === id)?.sla?.dueAt ?? null;
    const running = asc.ids.filter((id) => due(id) !== null);
    expect(running.length).toBeGreaterThan(1);
    // running clocks first, soonest due first; reversed, latest due first, still before the rest
    expect(asc.ids.slice(0, running.length)).toEqual(running);
    expect(running.map(due)).toEqual([...running.map(due)].sort());
    expect(desc.ids.slice(0, running.length)).toEqual([...running].reverse());
  });
});
