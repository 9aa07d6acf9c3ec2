import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, MessageRow } from '../../../src-shared/sync-protocol.js';
import { migrate } from '../../../src-main/core/store/migrate.js';
import { profileMigrations } from '../../../src-main/core/store/migrations/profile-db.js';
import {
  indexSearchBacklog,
  searchBacklogSize,
} from '../../../src-main/core/store/queries/search-backlog.js';
import { applyPulledBody, getSyncTarget } from '../../../src-main/core/store/queries/sync.js';
import { searchTickets } from '../../../src-main/core/store/queries/tickets.js';
import { ticketRow } from '../../helpers/ticket-row.js';

// A bootstrap stores its messages without indexing them for search, and indexes them in chunks
// afterwards (profile migration 12, queries/search-backlog.ts). Whatever happens to messages
// meanwhile — more pulls, edits, deletions — once the backlog is worked off, search must find
// every message by its words exactly once, and nothing that is gone.
let db: Database.Database;

const T0 = '2026-10-01T08:00:00.000Z';
const ticket = ticketRow({
  subject: 'Gate',
  statusHistory: [{ status: 'OPEN', at: T0 }],
  createdAt: T0,
  updatedAt: T0,
  version: '1',
});
const message = (n: number, word: string): MessageRow => ({
  id: `m-${n}`,
  ticketId: ticket.id,
  kind: 'public',
  authorId: null,
  body: `Reply ${n} about ${word}`,
  quotedMessageId: null,
  attachments: [],
  createdAt: T0,
  version: String(n),
});

let pages = 0;
function pull(changes: Change[], bootstrap: boolean) {
  const body = new TextEncoder().encode(
    JSON.stringify({ cursor: `c${++pages}`, hasMore: false, changes }),
  );
  const applied = db.transaction(() =>
    applyPulledBody(db, { target: 'support', body, pulledAt: T0, bootstrap }),
  )();
  expect(applied.ok).toBe(true);
}
const upsert = (row: MessageRow): Change => ({ table: 'messages', op: 'upsert', row });
const found = (word: string) =>
  searchTickets(db, { query: word, limit: 50, now: T0 })
    .map((hit) => hit.messageId)
    .sort();
const drain = () => {
  while (db.transaction(() => indexSearchBacklog(db, { limit: 7 }))().remaining > 0);
};

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, profileMigrations);
  pull([{ table: 'tickets', op: 'upsert', row: ticket }], false);
});
afterEach(() => db.close());

describe('the search backlog of a bootstrap', () => {
  it('leaves a bootstrap’s messages unsearchable until they are indexed, in chunks', () => {
    pull(
      Array.from({ length: 50 }, (_, n) => upsert(message(n, `word${n}`))),
      true,
    );
    expect(found('word7')).toEqual([]);
    expect(searchBacklogSize(db)).toBe(50);

    const remaining: number[] = [];
    for (;;) {
      const step = db.transaction(() => indexSearchBacklog(db, { limit: 20 }))();
      remaining.push(step.remaining);
      if (step.remaining === 0) break;
    }
    expect(remaining).toEqual([30, 10, 0]);
    for (const n of [0, 7, 49]) expect(found(`word${n}`)).toEqual([`m-${n}`]);

    // with the backlog closed, what arrives later is searchable at once
    pull([upsert(message(50, 'latecomer'))], false);
    expect(searchBacklogSize(db)).toBe(0);
    expect(found('latecomer')).toEqual(['m-50']);
  });

  it('finds every message by its current words once the backlog is worked off, whatever happened meanwhile', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), n: fc.nat(30), bootstrap: fc.boolean() }),
      fc.record({ kind: fc.constant('delete' as const), n: fc.nat(30) }),
      fc.record({ kind: fc.constant('index' as const), limit: fc.integer({ min: 1, max: 10 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        db.close();
        db = new Database(':memory:');
        migrate(db, profileMigrations);
        pull([{ table: 'tickets', op: 'upsert', row: ticket }], false);
        // the words each message holds now; a rewrite gives it new ones
        const current = new Map<number, string>();
        let edits = 0;
        for (const step of ops) {
          if (step.kind === 'write') {
            const word = `w${step.n}x${++edits}`;
            pull([upsert(message(step.n, word))], step.bootstrap);
            current.set(step.n, word);
          } else if (step.kind === 'delete') {
            pull([{ table: 'messages', op: 'delete', id: `m-${step.n}`, version: '9' }], false);
            current.delete(step.n);
          } else {
            db.transaction(() => indexSearchBacklog(db, { limit: step.limit }))();
          }
        }
        drain();
        expect(searchBacklogSize(db)).toBe(0);
        for (const [n, word] of current) expect(found(word)).toEqual([`m-${n}`]);
        for (let e = 1; e <= edits; e++) {
          const stale = [...Array(31).keys()]
            .map((n) => `w${n}x${e}`)
            .filter((w) => ![...current.values()].includes(w));
          for (const word of stale) expect(found(word)).toEqual([]);
        }
        // FTS5's own check that the index and the messages agree, row by row
        db.prepare(
          `INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`,
        ).run();
      }),
      { numRuns: 60 },
    );
  });
});

describe('a pull answer read by the store', () => {
  it('stores nothing and keeps its cursor when the answer is cut off or not a page', () => {
    const before = getSyncTarget(db, { target: 'support' }).cursor;
    const apply = (text: string) =>
      db.transaction(() =>
        applyPulledBody(db, {
          target: 'support',
          body: new TextEncoder().encode(text),
          pulledAt: T0,
          bootstrap: false,
        }),
      )();
    const page = JSON.stringify({
      cursor: 'c-next',
      hasMore: false,
      changes: [upsert(message(1, 'lost'))],
    });
    expect(apply(page.slice(0, 40))).toMatchObject({ ok: false, problem: 'cut_off' });
    expect(apply(JSON.stringify({ cursor: 'c-next', changes: 'none' }))).toMatchObject({
      ok: false,
      problem: 'not_understood',
    });
    expect(getSyncTarget(db, { target: 'support' }).cursor).toBe(before);
    expect(found('lost')).toEqual([]);
    expect(apply(page)).toMatchObject({ ok: true, cursor: 'c-next', changes: 1 });
    expect(found('lost')).toEqual(['m-1']);
  });
});
