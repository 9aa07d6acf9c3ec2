import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketListQuery } from '../../../src-shared/domain/ticket.js';
import type { Change, TicketRow } from '../../../src-shared/sync-protocol.js';
import { migrate } from '../../../src-main/core/store/migrate.js';
import { profileMigrations } from '../../../src-main/core/store/migrations/profile-db.js';
import {
  restoreAllDeferredIndexes,
  restoreDeferredIndex,
} from '../../../src-main/core/store/queries/bootstrap-indexes.js';
import { applyPulledBody } from '../../../src-main/core/store/queries/sync.js';
import { listTickets } from '../../../src-main/core/store/queries/tickets.js';
import { ticketRow } from '../../helpers/ticket-row.js';

// A bootstrap drops the tickets' sort and filter indexes on its first page and the end of the
// pull builds them again (profile migration 15, queries/bootstrap-indexes.ts). Meanwhile the
// lists must still be right; afterwards the schema must be exactly what the migrations made.
let db: Database.Database;
let fresh: Database.Database;

const T0 = Date.parse('2026-10-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const sites = ['Zeta Storage', 'alpha Storage', 'Mid Storage'];
const tickets: TicketRow[] = Array.from({ length: 30 }, (_, i) =>
  ticketRow({
    id: `t${String(i).padStart(2, '0')}`,
    number: `HW${String(i).padStart(8, '0')}`,
    subject: `Gate ${i}`,
    status: i % 3 === 0 ? 'CLOSED' : 'OPEN',
    siteId: i % 4 === 0 ? null : `s${i % 3}`,
    statusHistory: [{ status: 'OPEN', at: at(i) }],
    createdAt: at(i),
    updatedAt: at((i * 7) % 30),
    version: String(i + 10),
  }),
);
const pages: Change[] = [
  ...sites.map((name, k): Change => ({
    table: 'sites',
    op: 'upsert',
    row: {
      id: `s${k}`,
      organisationId: 'org-1',
      code: `S${k}`,
      name,
      timezone: 'UTC',
      version: String(k + 1),
    },
  })),
  ...tickets.map((row): Change => ({ table: 'tickets', op: 'upsert', row })),
];

const indexSql = (d: Database.Database) =>
  (
    d
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
      )
      .all() as { name: string; sql: string }[]
  ).map((r) => `${r.name}: ${r.sql}`);
const bySiteName = () =>
  listTickets(db, {
    ...TicketListQuery.parse({ sort: { column: 'siteName', direction: 'asc' }, limit: 50 }),
  }).rows.map((r) => r.id);
const pull = (changes: Change[], bootstrap: boolean, n: number) =>
  db.transaction(() =>
    applyPulledBody(db, {
      target: 'support',
      body: new TextEncoder().encode(JSON.stringify({ cursor: `c${n}`, hasMore: true, changes })),
      pulledAt: at(0),
      bootstrap,
    }),
  )();

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, profileMigrations);
  fresh = new Database(':memory:');
  migrate(fresh, profileMigrations);
});
afterEach(() => {
  db.close();
  fresh.close();
});

describe('the tickets’ indexes during a bootstrap', () => {
  it('are left out while it pulls, the lists stay right, and the end builds exactly the migrated set', () => {
    // the order a plain sort gives: no site first, then by name ignoring case, ties by id
    const name = (t: TicketRow) => (t.siteId ? sites[Number(t.siteId.slice(1))]! : null);
    const expected = [...tickets]
      .sort((a, b) => {
        const [x, y] = [name(a)?.toLowerCase() ?? '', name(b)?.toLowerCase() ?? ''];
        return x === y ? (a.id < b.id ? -1 : 1) : x < y ? -1 : 1;
      })
      .map((t) => t.id);

    pull(pages.slice(0, 10), true, 1);
    pull(pages.slice(10), true, 2);
    const during = indexSql(db);
    expect(during).not.toEqual(indexSql(fresh));
    expect(during.some((s) => s.startsWith('tickets_by_site_name'))).toBe(false);
    // the default views keep theirs
    expect(during.some((s) => s.startsWith('tickets_by_updated'))).toBe(true);
    expect(bySiteName()).toEqual(expected);

    const remaining: number[] = [];
    for (;;) {
      const step = db.transaction(() => restoreDeferredIndex(db))();
      remaining.push(step.remaining);
      if (step.remaining === 0) break;
    }
    expect(remaining.length).toBeGreaterThan(5);
    expect(remaining.at(-1)).toBe(0);
    expect(indexSql(db)).toEqual(indexSql(fresh));
    expect(bySiteName()).toEqual(expected);
    // and a later pull (not a bootstrap) leaves them alone
    pull([{ table: 'tickets', op: 'upsert', row: { ...tickets[1]!, version: '99' } }], false, 3);
    expect(indexSql(db)).toEqual(indexSql(fresh));
  });

  it('are all built at once for a file closed before its first sync ended', () => {
    pull(pages, true, 1);
    expect(indexSql(db)).not.toEqual(indexSql(fresh));
    restoreAllDeferredIndexes(db);
    expect(indexSql(db)).toEqual(indexSql(fresh));
    expect(db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
  });
});
