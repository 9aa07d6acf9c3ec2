import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TicketListQuery,
  ticketSortColumns,
  type Category,
  type Priority,
  type ProductLine,
  type TicketSortColumn,
  type TicketStatus,
} from '../../../src-shared/domain/ticket.js';
import type { Change, SiteRow, TicketRow, UserRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { listTickets } from '../../../src-main/core/store/queries/tickets.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Every sort order of the ticket list reads its first page off an index (profile migration 13):
// the order must be exactly what a plain sort of the same rows gives, ties broken by id, while
// sites and users are renamed, arrive late or go away, and SQLite must never sort the table.
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;
let file: string;

const T0 = Date.parse('2026-10-01T08:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
const NOW = at(24 * 40);
const me = { id: 'u-1', name: 'dana', email: 'd@example.com', role: 'technician' as const };

const lifecycle: TicketStatus[] = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED', 'RESOLVED', 'CLOSED'];
const priorities: Priority[] = ['low', 'normal', 'high', 'critical'];
const categories: Category[] = ['technical', 'billing', 'licence', 'general'];
const productLines: ProductLine[] = [
  'pti_hardware',
  'pti_software',
  'digigate_hardware',
  'digigate_software',
];

// Names that tie when case is ignored, one that sorts by its non-ASCII letter as SQLite's NOCASE
// does (unfolded), a site that arrives after its tickets and a user who never does.
const site = (id: string, name: string): SiteRow => ({
  id,
  organisationId: 'org-1',
  code: id.toUpperCase(),
  name,
  timezone: 'America/New_York',
  version: '1',
});
const user = (id: string, name: string): UserRow => ({
  id,
  name,
  email: `${id}@example.com`,
  role: 'technician',
  organisationId: null,
  version: '1',
});
const sites = [
  site('site-a', 'Harbor Point'),
  site('site-b', 'harbor point'),
  site('site-c', 'Åsa Storage'),
  site('site-d', 'Zebra Lockers'),
  site('site-e', 'apple Self Storage'),
];
const users = [user('u-1', 'dana'), user('u-2', 'Dana'), user('u-3', 'Eli')];
const siteIds = ['site-a', 'site-b', 'site-c', 'site-d', 'site-e', 'site-late', null];
const assigneeIds = ['u-1', 'u-2', 'u-3', 'u-gone', null];
const subjects = ['Gate', 'gate', 'Keypad', 'alarm', 'Zone', 'ZONE'];

// Sizes are coprime with the list lengths, so the columns vary independently and every column
// has ties for the id to break.
const tickets: TicketRow[] = Array.from({ length: 240 }, (_, i) => {
  const status = lifecycle[i % lifecycle.length]!;
  const created = (i * 37) % 500;
  return {
    id: `t${String((i * 97) % 240).padStart(4, '0')}`,
    number: `${i % 2 ? 'SW' : 'HW'}${String((i * 53) % 1000).padStart(8, '0')}`,
    subject: `${subjects[i % subjects.length]!} ${i % 4}`,
    description: 'The gate does not open',
    status,
    priority: priorities[(i >> 1) % priorities.length]!,
    category: categories[(i >> 2) % categories.length]!,
    productLine: productLines[(i * 3) % productLines.length]!,
    helpTopic: null,
    organisationId: 'org-1',
    siteId: siteIds[i % siteIds.length]!,
    unitId: null,
    internalReference: null,
    assigneeId: assigneeIds[(i >> 1) % assigneeIds.length]!,
    resolvedAt: null,
    followUpOfId: null,
    statusHistory: [{ status, at: at(created) }],
    createdAt: at(created),
    updatedAt: at(created + (i % 3)),
    version: '1',
  };
});

const pull = (changes: Change[]) =>
  db.write('sync.applyPulledPage', { target: 'support', cursor: 'c', pulledAt: at(0), changes });
const upserts = <T extends Change['table']>(table: T, rows: unknown[]) =>
  rows.map((row) => ({ table, op: 'upsert', row }) as Change);

beforeEach(async () => {
  dir = tempDir('ticket-sort');
  file = `${dir.path}/profile.sqlite`;
  store = createInlineStore();
  db = await store.open(file, 'profile');
  await db.write('sync.setMeta', {
    key: 'session_user',
    value: JSON.stringify({ ...me, organisationId: null }),
  });
  await pull([...upserts('sites', sites), ...upserts('users', users)]);
  await pull(upserts('tickets', tickets));
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

async function listIds(
  column: TicketSortColumn,
  direction: 'asc' | 'desc',
  filter: TicketListQuery = {},
) {
  const query = TicketListQuery.parse({
    ...filter,
    sort: { column, direction },
    offset: 0,
    limit: 500,
  });
  const { rows, total } = await db.read('tickets.list', { ...query, now: NOW });
  expect(total).toBe(rows.length);
  return rows.map((r) => r.id);
}

/** The rows as the list sorts them: the ticket's own columns and the names it is shown with. */
interface SortableRow {
  id: string;
  assigneeId: string | null;
  number: string | null;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  category: string;
  productLine: string;
  siteName: string | null;
  assigneeName: string | null;
  createdAt: string;
  updatedAt: string;
  slaDueAt: number | null;
}

/** Every ticket of the file with its site's and assignee's names as the sites and users tables have them. */
function sortableRows(): SortableRow[] {
  const plain = new Database(file, { readonly: true });
  try {
    return plain
      .prepare(
        `SELECT t.id, t.assignee_id AS assigneeId, t.number, t.subject, t.status, t.priority, t.category,
           t.product_line AS productLine, s.name AS siteName, u.name AS assigneeName,
           t.created_at AS createdAt, t.updated_at AS updatedAt, t.sla_due_at AS slaDueAt
         FROM tickets t LEFT JOIN sites s ON s.id = t.site_id LEFT JOIN users u ON u.id = t.assignee_id`,
      )
      .all() as SortableRow[];
  } finally {
    plain.close();
  }
}

// SQLite's NOCASE folds ASCII letters only
const nocase = (s: string | null) => s?.replace(/[A-Z]/g, (c) => c.toLowerCase()) ?? null;
const keyOf: Record<TicketSortColumn, (r: SortableRow) => string | number | null> = {
  number: (r) => r.number,
  subject: (r) => nocase(r.subject),
  status: (r) => lifecycle.indexOf(r.status),
  priority: (r) => priorities.indexOf(r.priority),
  category: (r) => r.category,
  productLine: (r) => r.productLine,
  siteName: (r) => nocase(r.siteName),
  assigneeName: (r) => nocase(r.assigneeName),
  createdAt: (r) => r.createdAt,
  updatedAt: (r) => r.updatedAt,
  slaDueAt: (r) => r.slaDueAt,
};

/** A straightforward sort: empty values smallest (last-due tickets last either way), then id. */
function referenceOrder(
  column: TicketSortColumn,
  direction: 'asc' | 'desc',
  keep: (r: SortableRow) => boolean = () => true,
): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return sortableRows()
    .filter(keep)
    .sort((a, b) => {
      const ka = keyOf[column](a);
      const kb = keyOf[column](b);
      if (ka === null || kb === null) {
        if (ka !== kb) {
          const emptyFirst = ka === null ? -1 : 1;
          return column === 'slaDueAt' ? -emptyFirst : sign * emptyFirst;
        }
      } else if (ka !== kb) return sign * cmp(ka, kb);
      return sign * cmp(a.id, b.id);
    })
    .map((r) => r.id);
}

const directions = ['asc', 'desc'] as const;
const openStatuses: TicketStatus[] = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'];
// the staff queues "Unassigned" and "My open"
const openQueues: { filter: TicketListQuery; keep: (r: SortableRow) => boolean }[] = [
  {
    filter: { status: openStatuses, assigneeId: null },
    keep: (r) => openStatuses.includes(r.status) && r.assigneeId === null,
  },
  {
    filter: { status: openStatuses, assigneeId: 'me' },
    keep: (r) => openStatuses.includes(r.status) && r.assigneeId === me.id,
  },
];

describe('the ticket list sorted by each column', () => {
  it('holds every ticket in exactly the order of a plain sort, ties broken by id', async () => {
    const rows = sortableRows();
    // the data has what makes a sort order hard: empty names and due times, and ties
    expect(rows.some((r) => r.siteName === null)).toBe(true);
    expect(rows.some((r) => r.assigneeName === null)).toBe(true);
    expect(rows.some((r) => r.slaDueAt === null)).toBe(true);
    expect(new Set(rows.map((r) => r.slaDueAt)).size).toBeGreaterThan(10);
    for (const column of ticketSortColumns)
      for (const direction of directions)
        expect(await listIds(column, direction), `${column} ${direction}`).toEqual(
          referenceOrder(column, direction),
        );
  });

  it('holds the open queues by priority in the same order as a plain sort', async () => {
    for (const { filter, keep } of openQueues)
      for (const direction of directions) {
        const ids = await listIds('priority', direction, filter);
        expect(ids.length).toBeGreaterThan(10);
        expect(ids).toEqual(referenceOrder('priority', direction, keep));
      }
  });

  it('shows each ticket with its site and assignee names', async () => {
    const query = TicketListQuery.parse({
      sort: { column: 'siteName', direction: 'desc' },
      limit: 500,
    });
    const { rows } = await db.read('tickets.list', { ...query, now: NOW });
    const named = rows.find((r) => r.siteId === 'site-c' && r.assigneeId === 'u-3');
    expect(named).toMatchObject({ siteName: 'Åsa Storage', assigneeName: 'Eli' });
    const waiting = rows.find((r) => r.siteId === 'site-late' && r.assigneeId === 'u-gone');
    expect(waiting).toMatchObject({ siteName: null, assigneeName: null });
  });
});

describe('names that change after the tickets are stored', () => {
  const sameAsReference = async (column: 'siteName' | 'assigneeName') => {
    for (const direction of directions)
      expect(await listIds(column, direction), `${column} ${direction}`).toEqual(
        referenceOrder(column, direction),
      );
  };

  it('re-sort when a site or a user is renamed', async () => {
    const before = await listIds('siteName', 'asc');
    await pull(
      upserts('sites', [{ ...site('site-d', 'Aardvark Lockers'), version: '2' }]).concat(
        upserts('users', [{ ...user('u-3', 'Ann'), version: '2' }]),
      ),
    );
    const after = await listIds('siteName', 'asc');
    expect(after).not.toEqual(before);
    await sameAsReference('siteName');
    await sameAsReference('assigneeName');
    const { rows } = await db.read('tickets.list', {
      ...TicketListQuery.parse({
        sort: { column: 'siteName', direction: 'asc' },
        siteId: 'site-d',
      }),
      now: NOW,
    });
    expect(new Set(rows.map((r) => r.siteName))).toEqual(new Set(['Aardvark Lockers']));
  });

  it('re-sort when a site or a user arrives after its tickets, or goes away', async () => {
    await pull(
      upserts('sites', [site('site-late', 'Bayside Units')]).concat(
        upserts('users', [user('u-gone', 'Zoe')]),
      ),
    );
    const names = sortableRows();
    expect(names.find((r) => r.siteName === 'Bayside Units')).toBeDefined();
    await sameAsReference('siteName');
    await sameAsReference('assigneeName');
    await pull([
      { table: 'sites', op: 'delete', id: 'site-a', version: '3' },
      { table: 'users', op: 'delete', id: 'u-2', version: '3' },
    ]);
    await sameAsReference('siteName');
    await sameAsReference('assigneeName');
  });

  it('place a ticket created or reassigned offline by its names at once', async () => {
    const queue = (id: string, name: string, args: unknown) =>
      db.write('outbox.queue', {
        mutation: { id, target: 'support', name, args, baseVersion: null, createdAt: NOW },
      });
    await queue('00000000-0000-4000-8000-000000000001', 'ticket.create', {
      ticketId: '00000000-0000-4000-8000-0000000000aa',
      productLine: 'pti_hardware',
      helpTopic: null,
      category: 'technical',
      priority: 'high',
      subject: 'aaa first by subject',
      description: 'Keypad dead',
      siteId: 'site-e',
      unitId: null,
      internalReference: null,
      followUpOfId: null,
      attachments: [],
    });
    await queue('00000000-0000-4000-8000-000000000002', 'ticket.assign', {
      ticketId: tickets[0]!.id,
      assigneeId: 'u-3',
    });
    const created = await db.read('tickets.get', { id: '00000000-0000-4000-8000-0000000000aa' });
    expect(created).toMatchObject({ siteName: 'apple Self Storage', number: null, pending: true });
    await sameAsReference('siteName');
    await sameAsReference('assigneeName');
    for (const direction of directions)
      expect(await listIds('number', direction)).toEqual(referenceOrder('number', direction));
  });
});

describe('the first page of a sorted list', () => {
  interface Bound {
    sql: string;
    params: unknown[];
  }
  /** The page and count statements listTickets runs, with the parameters it binds. */
  function listStatements(plain: Database.Database, query: TicketListQuery) {
    const bound: { page?: Bound; count?: Bound } = {};
    const prepare = plain.prepare.bind(plain);
    plain.prepare = ((sql: string) => {
      const statement = prepare(sql);
      const kind = /LIMIT \? OFFSET \?/.test(sql)
        ? 'page'
        : /^SELECT COUNT\(\*\)/.test(sql)
          ? 'count'
          : null;
      if (!kind) return statement;
      const run = <T extends 'all' | 'get'>(method: T) => {
        const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
        return ((...params: unknown[]) => {
          bound[kind] = { sql, params };
          return original(...params);
        }) as (typeof statement)[T];
      };
      statement.all = run('all');
      statement.get = run('get');
      return statement;
    }) as typeof plain.prepare;
    try {
      listTickets(plain, { ...TicketListQuery.parse({ ...query, limit: 200 }), now: NOW });
    } finally {
      plain.prepare = prepare;
    }
    if (!bound.page || !bound.count) throw new Error('listTickets ran no page or no count');
    return bound as Required<typeof bound>;
  }
  const planOf = (plain: Database.Database, { sql, params }: Bound) =>
    (plain.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
  /** How many times the statement's program reads a column from the tickets table itself. */
  const tableReads = (plain: Database.Database, { sql, params }: Bound) => {
    const { rootpage } = plain
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'")
      .get() as { rootpage: number };
    const program = plain.prepare(`EXPLAIN ${sql}`).all(...params) as {
      opcode: string;
      p1: number;
      p2: number;
    }[];
    const table = new Set(
      program.filter((op) => op.opcode === 'OpenRead' && op.p2 === rootpage).map((op) => op.p1),
    );
    return program.filter((op) => op.opcode === 'Column' && table.has(op.p1)).length;
  };

  it('is read off an index in order for every column and direction, never sorted', () => {
    const plain = new Database(file, { readonly: true });
    try {
      for (const column of ticketSortColumns)
        for (const direction of directions) {
          const plan = planOf(plain, listStatements(plain, { sort: { column, direction } }).page);
          expect(plan, `${column} ${direction}`).toMatch(
            /SCAN t USING (COVERING )?INDEX tickets_by_/,
          );
          expect(plan, `${column} ${direction}`).not.toContain('USE TEMP B-TREE FOR ORDER BY');
          expect(plan, `${column} ${direction}`).not.toContain('TEMP B-TREE');
        }
      for (const { filter } of openQueues)
        for (const direction of directions) {
          const { page } = listStatements(plain, {
            ...filter,
            sort: { column: 'priority', direction },
          });
          const plan = planOf(plain, page);
          expect(plan).toContain('tickets_open_by_assignee_priority');
          expect(plan).not.toContain('TEMP B-TREE');
        }
    } finally {
      plain.close();
    }
  });

  it('counts an open queue from an index alone, without reading each ticket', () => {
    const plain = new Database(file, { readonly: true });
    try {
      const breaching = listStatements(plain, {
        status: openStatuses,
        slaStates: ['breached', 'at_risk'],
      });
      expect(planOf(plain, breaching.count)).toMatch(/tickets_open_by_/);
      expect(tableReads(plain, breaching.count)).toBe(0);
      for (const { filter } of openQueues)
        expect(tableReads(plain, listStatements(plain, filter).count)).toBe(0);
    } finally {
      plain.close();
    }
  });
});
