import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src-shared/sync-protocol.js';
import { PokeEvent } from '../../../src-shared/sync-protocol.js';
import { removeArticle } from '../../../src-server/kb/articles.js';
import { pruneSyncHistory } from '../../../src-server/jobs/lifecycle.js';
import { toSeq } from '../../../src-server/db/schema.js';
import { openEventStream } from '../../helpers/event-stream.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, ticketInStatus, upserts } from '../../helpers/sync-client.js';

const day = 24 * 60 * 60 * 1000;
let f: SupportFixture;

beforeAll(async () => {
  f = await startSupportFixture({ label: 'sync_api', pokeHeartbeatMs: 150 });
});
afterAll(async () => {
  await f?.server.close();
});

const versionOf = (c: Change) => (c.op === 'upsert' ? c.row.version : c.version);
const idOf = (c: Change) => (c.op === 'upsert' ? c.row.id : c.id);

describe('pull', () => {
  it('pages every change exactly once while pushes commit concurrently', async () => {
    const tickets = await Promise.all(
      Array.from({ length: 6 }, () =>
        ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' }),
      ),
    );
    // Writers: technicians and the customer reply and re-prioritise while the reader pages.
    let writing = true;
    const writers = [f.as.tech, f.as.tech2, f.as.managerA].map(async (session, w) => {
      for (let round = 0; round < 15; round++) {
        const ticket = tickets[(round + w) % tickets.length]!;
        await session.push([
          mutation('ticket.reply', {
            ticketId: ticket.id,
            messageId: randomUUID(),
            body: `Update ${w}.${round}`,
          }),
          ...(session === f.as.managerA
            ? []
            : [
                mutation('ticket.setPriority', {
                  ticketId: ticket.id,
                  priority: round % 2 ? 'high' : 'low',
                }),
              ]),
        ]);
      }
    });
    const done = Promise.all(writers).finally(() => (writing = false));

    const seen: Change[] = [];
    let cursor: string | null = null;
    let pages = 0;
    while (writing || pages === 0) {
      const page = await f.as.admin.pull(cursor, 7);
      seen.push(...page.changes);
      cursor = page.cursor;
      pages++;
    }
    await done;
    const rest = await f.as.admin.pullAll(cursor, 7);
    seen.push(...rest.changes);
    expect(pages).toBeGreaterThan(3);

    // Exactly once: no change (row and version) twice, and versions only move forward.
    const keys = seen.map((c) => `${c.table}/${idOf(c)}@${versionOf(c)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const versions = seen.map((c) => Number(versionOf(c)));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    // Every change: the latest version the client holds of each row is the server's.
    const latest = new Map<string, string>();
    for (const c of seen) latest.set(`${c.table}/${idOf(c)}`, versionOf(c));
    const serverTickets = await f.server.db
      .selectFrom('tickets')
      .select(['id', 'version'])
      .execute();
    const serverMessages = await f.server.db
      .selectFrom('messages')
      .select(['id', 'version'])
      .execute();
    for (const row of serverTickets) {
      expect(latest.get(`tickets/${row.id}`)).toBe(String(toSeq(row.version)));
    }
    for (const row of serverMessages) {
      expect(latest.get(`messages/${row.id}`)).toBe(String(toSeq(row.version)));
    }
    expect(serverMessages.length).toBeGreaterThanOrEqual(45);
  });

  it('answers 410 cursor_expired to a cursor older than tombstone retention', async () => {
    const now = new Date();
    const section = randomUUID();
    const article = randomUUID();
    await f.server.db
      .insertInto('kb_sections')
      .values({
        id: section,
        slug: `s-${section}`,
        title: 'Gates',
        description: '',
        position: 0,
        created_at: now,
        updated_at: now,
        version: 0,
      })
      .execute();
    await f.server.db
      .insertInto('kb_articles')
      .values({
        id: article,
        section_id: section,
        slug: `a-${article}`,
        title: 'Old article',
        summary: '',
        body: 'Withdrawn.',
        created_at: now,
        updated_at: now,
        version: 0,
      })
      .execute();

    const before = (await f.as.managerA.pullAll(null)).cursor;
    await removeArticle(f.server.db, article, now);
    const after = await f.as.managerA.pullAll(before);
    expect(after.changes).toContainEqual(
      expect.objectContaining({ table: 'kb_articles', op: 'delete', id: article }),
    );

    // Within retention nothing is pruned and the old cursor still works.
    expect(
      (await pruneSyncHistory(f.server.db, new Date(now.getTime() + day))).prunedTombstones,
    ).toBe(0);
    expect((await f.as.managerA.pull(before)).changes.length).toBeGreaterThan(0);

    const pruned = await pruneSyncHistory(f.server.db, new Date(now.getTime() + 31 * day));
    expect(pruned.prunedTombstones).toBeGreaterThanOrEqual(1);
    const expired = await fetch(`${f.server.url}/sync/v1/pull`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${f.as.managerA.token}`,
      },
      body: JSON.stringify({ cursor: before }),
    });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toEqual({
      error: {
        code: 'cursor_expired',
        message: expect.stringMatching(/null cursor to start over/),
      },
    });

    // A cursor past the pruned deletion, and a fresh bootstrap, still pull.
    expect((await f.as.managerA.pull(after.cursor)).changes).toEqual([]);
    const bootstrap = await f.as.managerA.pullAll(null);
    expect(bootstrap.changes.some((c) => idOf(c) === article)).toBe(false);
  });
});

describe('poke channel', () => {
  const eventsUrl = () => `${f.server.url}/sync/v1/events`;

  it('pokes a viewer after a commit it may see, with the cursor to pull to', async () => {
    const ticket = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const stream = await openEventStream(eventsUrl(), {
      authorization: `Bearer ${f.as.managerA.token}`,
    });
    try {
      expect(stream.status).toBe(200);
      await stream.next((e) => e.event === 'poke');
      const { cursor } = await f.as.managerA.pullAll(null);
      const from = stream.events.length;

      await f.as.tech.push([
        mutation('ticket.reply', { ticketId: ticket.id, messageId: randomUUID(), body: 'On it.' }),
      ]);
      const poke = PokeEvent.parse(
        JSON.parse((await stream.next((e) => e.event === 'poke', { from })).data),
      );
      const pulled = await f.as.managerA.pull(cursor);
      expect(pulled.cursor).toBe(poke.cursor);
      expect(upserts(pulled.changes, 'messages').map((m) => m.body)).toEqual([
        'On it.',
        'Status changed from OPEN to ANSWERED.',
      ]);
    } finally {
      stream.close();
    }
  });

  it("does not poke a customer for internal notes or another organisation's tickets", async () => {
    const mine = await ticketInStatus(f.server.db, { organisationId: f.orgB, status: 'OPEN' });
    const theirs = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const stream = await openEventStream(`${eventsUrl()}?access_token=${f.as.managerB.token}`);
    try {
      await stream.next((e) => e.event === 'poke');
      const from = stream.events.length;
      const [note, other, visible] = [
        mutation('ticket.note', { ticketId: mine.id, messageId: randomUUID(), body: 'Internal' }),
        mutation('ticket.reply', { ticketId: theirs.id, messageId: randomUUID(), body: 'A' }),
        mutation('ticket.setPriority', { ticketId: mine.id, priority: 'high' }),
      ];
      await f.as.tech.push([note]);
      await f.as.tech.push([other]);
      const [applied] = await f.as.tech.push([visible]);
      const poke = await stream.next((e) => e.event === 'poke', { from });
      // The first poke after connecting is for the one change B may see.
      const { cursor } = PokeEvent.parse(JSON.parse(poke.data));
      const version = (applied as { version: string }).version;
      expect(Buffer.from(cursor, 'base64url').toString()).toBe(`v1:${Number(version) + 1}`);
    } finally {
      stream.close();
    }
  });

  it('sends heartbeats, and refuses a stream without a valid token', async () => {
    const stream = await openEventStream(eventsUrl(), {
      authorization: `Bearer ${f.as.tech.token}`,
    });
    try {
      await stream.next((e) => e.event === ':' && e.data === 'heartbeat');
    } finally {
      stream.close();
    }
    const refused = await fetch(eventsUrl());
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    const forged = await fetch(`${eventsUrl()}?access_token=gda_made-up`);
    expect(forged.status).toBe(401);
  });

  it('ends open streams when the server shuts down, so shutdown never hangs', async () => {
    const stream = await openEventStream(eventsUrl(), {
      authorization: `Bearer ${f.as.tech.token}`,
    });
    await stream.next((e) => e.event === 'poke');
    const started = Date.now();
    await f.server.close();
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(stream.next(() => false)).rejects.toThrow(/the stream ended/);
  });
});
