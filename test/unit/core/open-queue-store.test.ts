import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TicketListQuery,
  type Priority,
  type TicketStatus,
} from '../../../src-shared/domain/ticket.js';
import type { Change, TicketRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { cacheStatements } from '../../../src-main/core/store/statement-cache.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The staff queues read open tickets through their own indexes (profile migration 11) and search
// returns the newest matches first: the lists must hold exactly the tickets the filter names,
// in order, with the right totals, whichever way SQLite reads them.
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;
let file: string;

const T0 = Date.parse('2026-10-01T08:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
const NOW = at(24 * 60);
const me = { id: 'u-me', name: 'Dana', email: 'd@example.com', role: 'technician' };

const statuses: TicketStatus[] = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED', 'RESOLVED', 'CLOSED'];
const priorities: Priority[] = ['low', 'normal', 'high', 'critical'];
const assignees = ['u-me', 'u-other', null];
const open = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'];

// 600 tickets with every combination of status, priority and assignee, updated in a scrambled
// order (with ties, so the id decides), created over two months: some SLAs run, some breached.
const tickets: TicketRow[] = Array.from({ length: 600 }, (_, i) => {
  const status = statuses[i % statuses.length]!;
  const created = (i * 37) % (24 * 58);
  return {
    id: `t${String(i).padStart(4, '0')}`,
    number: `HW${String(i).padStart(8, '0')}`,
    subject: `Gate ${i}`,
    description: 'The gate does not open',
    status,
    priority: priorities[(i >> 1) % priorities.length]!,
    category: 'technical',
    productLine: 'pti_hardware',
    helpTopic: null,
    organisationId: 'org-1',
    siteId: 'site-a',
    unitId: null,
    internalReference: null,
    assigneeId: assignees[(i >> 2) % assignees.length]!,
    resolvedAt: null,
    followUpOfId: null,
    statusHistory: [{ status, at: at(created) }],
    createdAt: at(created),
    updatedAt: at(created + ((i * 7919) % 50)),
    version: '1',
  };
});

async function list(query: TicketListQuery, limit = 50) {
  const parsed = TicketListQuery.parse({
    sort: { column: 'updatedAt', direction: 'desc' },
    offset: 0,
    limit,
    ...query,
  });
  const { rows, total } = await db.read('tickets.list', { ...parsed, now: NOW });
  return { ids: rows.map((r) => r.id), total };
}

/** What the list must hold, worked out from the rows themselves. */
function expected(keep: (t: TicketRow) => boolean, limit = 50) {
  const all = tickets
    .filter(keep)
    .sort((a, b) =>
      a.updatedAt === b.updatedAt ? (a.id < b.id ? 1 : -1) : a.updatedAt < b.updatedAt ? 1 : -1,
    );
  return { ids: all.slice(0, limit).map((t) => t.id), total: all.length };
}

beforeEach(async () => {
  dir = tempDir('open-queue');
  file = `${dir.path}/profile.sqlite`;
  store = createInlineStore();
  db = await store.open(file, 'profile');
  await db.write('sync.setMeta', {
    key: 'session_user',
    value: JSON.stringify({ ...me, organisationId: null }),
  });
  for (let i = 0; i < tickets.length; i += 200)
    await db.write('sync.applyPulledPage', {
      target: 'support',
      cursor: String(i),
      pulledAt: at(0),
      changes: tickets
        .slice(i, i + 200)
        .map((row): Change => ({ table: 'tickets', op: 'upsert', row })),
    });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('the staff queues over open tickets', () => {
  it('list exactly the open tickets of each view, newest first, with their totals', async () => {
    const isOpen = (t: TicketRow) => open.includes(t.status);
    expect(await list({ status: open as TicketStatus[], assigneeId: 'me' })).toEqual(
      expected((t) => isOpen(t) && t.assigneeId === 'u-me'),
    );
    expect(await list({ status: open as TicketStatus[], assigneeId: null })).toEqual(
      expected((t) => isOpen(t) && t.assigneeId === null),
    );
    expect(await list({ status: ['ANSWERED'] })).toEqual(expected((t) => t.status === 'ANSWERED'));
    expect(await list({ status: ['NEW', 'OPEN'] }, 500)).toEqual(
      expected((t) => t.status === 'NEW' || t.status === 'OPEN', 500),
    );
    expect(await list({ status: ['CLOSED', 'OPEN'] })).toEqual(
      expected((t) => t.status === 'CLOSED' || t.status === 'OPEN'),
    );
    expect(await list({ status: open as TicketStatus[], priority: ['critical'] })).toEqual(
      expected((t) => isOpen(t) && t.priority === 'critical'),
    );
  });

  it('find the same SLA-breaching tickets with or without the open-queue indexes', async () => {
    const breaching = { status: open as TicketStatus[], slaStates: ['breached', 'at_risk'] };
    const indexed = await list(breaching as TicketListQuery, 500);
    expect(indexed.total).toBeGreaterThan(0);
    expect(indexed.total).toBeLessThan(tickets.filter((t) => open.includes(t.status)).length);
    // another connection drops the indexes; the store's cached statements compile again
    const other = new Database(file);
    other.exec('DROP INDEX tickets_open_by_updated; DROP INDEX tickets_open_by_assignee;');
    other.close();
    expect(await list(breaching as TicketListQuery, 500)).toEqual(indexed);
  });

  it('read the open tickets in list order instead of sorting every one of them', () => {
    const plain = new Database(file, { readonly: true });
    try {
      const plan = (sql: string) =>
        (plain.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      const openList = "t.status IN ('NEW', 'OPEN') AND t.queue_open = 1";
      const page = plan(
        `SELECT t.id FROM tickets t WHERE ${openList} ORDER BY t.updated_at DESC, t.id DESC LIMIT 50`,
      );
      expect(page).toContain('tickets_open_by_updated');
      expect(page).not.toContain('TEMP B-TREE');
      // the total counts the open tickets only, not every ticket of the table
      expect(plan(`SELECT COUNT(*) FROM tickets t WHERE ${openList}`)).toMatch(/tickets_open_by_/);
    } finally {
      plain.close();
    }
  });
});

describe('search', () => {
  it('lists the newest matching messages first', async () => {
    const messages = tickets.slice(0, 5).map((t, i): Change => ({
      table: 'messages',
      op: 'upsert',
      row: {
        id: `m${i}`,
        ticketId: t.id,
        kind: 'public',
        authorId: null,
        body: `The relay clicked ${i} times`,
        quotedMessageId: null,
        attachments: [],
        createdAt: at(100 + i),
        version: '1',
      },
    }));
    for (const m of messages)
      await db.write('sync.applyPulledPage', {
        target: 'support',
        cursor: 'm',
        pulledAt: at(0),
        changes: [m],
      });
    const hits = await db.read('tickets.search', { query: 'relay', limit: 10, now: NOW });
    expect(hits.map((h) => h.messageId)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
  });
});

describe('the statement cache', () => {
  it('compiles each SQL text once and keeps only the most recently used', () => {
    const plain = new Database(':memory:');
    try {
      cacheStatements(plain, 2);
      const first = plain.prepare('SELECT 1 AS n');
      expect(plain.prepare('SELECT 1 AS n')).toBe(first);
      plain.prepare('SELECT 2 AS n');
      plain.prepare('SELECT 1 AS n'); // used again: now the most recent
      plain.prepare('SELECT 3 AS n'); // full: the least recently used (SELECT 2) goes
      expect(plain.prepare('SELECT 1 AS n')).toBe(first);
      expect(plain.prepare('SELECT 1 AS n').get()).toEqual({ n: 1 });
    } finally {
      plain.close();
    }
  });
});
