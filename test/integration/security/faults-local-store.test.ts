import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite from 'better-sqlite3';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { startHostProcess } from '../../helpers/host-process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { silentLogger } from '../../helpers/test-core.js';
import { callOk, heldClock, signedInDataFolder, syncSettled } from './support/client-fixture.js';
import { openContractSocket, sessionCookie } from './support/contract-socket.js';

/**
 * The local database fails under the user: the disk fills up, or the file is found damaged at
 * start. Each time the user is told in words, nothing they wrote is silently dropped, the store
 * stays sound, and the client converges with the server once the cause is gone.
 */
let f: SupportFixture;
let work: ReturnType<typeof tempDir>;

beforeAll(async () => {
  work = tempDir('faults-store');
  f = await startSupportFixture({ label: 'faults_store' });
});
afterAll(async () => {
  await f?.server.close();
  work?.remove();
});

/** A core whose profile databases the test can reach, to fill the disk under it. */
async function coreWithDatabases(
  dataDir: string,
  options: { fetch?: typeof fetch } = {},
): Promise<{ core: Core; profileDb: () => BetterSqlite.Database }> {
  const opened = new Map<string, BetterSqlite.Database>();
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: silentLogger,
    store: createInlineStore({ onOpen: (file, db) => opened.set(file, db) }),
    demo: null,
    live: false,
    clock: heldClock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const profileDb = () => {
    const entry = [...opened].find(([file]) => file.includes('profiles'));
    if (!entry) throw new Error('no profile database is open');
    return entry[1];
  };
  return { core, profileDb };
}

const serverCount = async (query: ReturnType<typeof sql<{ n: string | number }>>) =>
  Number((await query.execute(f.server.db)).rows[0]?.n ?? 0);
const messagesOnServer = (body: string) =>
  serverCount(sql<{ n: string | number }>`SELECT COUNT(*) AS n FROM messages WHERE body = ${body}`);
const ticketsOnServer = (subject: string) =>
  serverCount(
    sql<{ n: string | number }>`SELECT COUNT(*) AS n FROM tickets WHERE subject = ${subject}`,
  );

async function newTicket(core: Core, subject: string, description = `${subject}: details`) {
  return callOk(core, 'tickets.create', {
    siteId: f.siteA,
    productLine: 'pti_hardware',
    category: 'technical',
    priority: 'normal',
    subject,
    description,
    attachments: [],
  });
}

describe('a full disk', () => {
  it('refuses the change with a clear error, keeps the store sound, and takes it once space is free', async () => {
    const dataDir = join(work.path, 'disk-full');
    let ticketId = '';
    await signedInDataFolder(dataDir, f.server, f.accounts.tech, async (core) => {
      ticketId = (await newTicket(core, 'Disk full: gate 4 keypad')).id;
    });
    const { core, profileDb } = await coreWithDatabases(dataDir);
    try {
      await syncSettled(core);
      const db = profileDb();
      // the disk is full: the file may not grow by a single page
      db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
      const body = `Disk full reply ${'x'.repeat(12_000)}`;
      const refused = await core.dispatch('tickets.reply', { ticketId, body }, { shell: 'test' });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'unavailable',
          message: expect.stringMatching(/disk is full.*your change was not saved/),
        },
      });
      // nothing half-written: no queued change, no message shown as sent
      expect(await callOk(core, 'sync.pending', {})).toEqual([]);
      const timeline = await callOk(core, 'tickets.timeline', { id: ticketId });
      expect(timeline.some((m) => m.body === body)).toBe(false);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      // a colleague's ticket arrives while the disk is still full: sync says why it stopped
      await newTicketOnServer('Disk full: arrives while full');
      const stuck = await callOk(core, 'sync.now', {});
      expect(stuck.status).toBe('error');
      expect(stuck.lastError).toMatch(/disk is full/);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      // space is freed: the same change goes through, once, and the colleague's ticket arrives
      db.pragma('max_page_count = 1073741823');
      await callOk(core, 'tickets.reply', { ticketId, body });
      await syncSettled(core);
      expect(await messagesOnServer(body)).toBe(1);
      const found = await callOk(core, 'tickets.search', {
        query: 'arrives while full',
        limit: 5,
      });
      expect(found.map((h) => h.ticket.subject)).toContain('Disk full: arrives while full');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await core.close();
    }
  });
});

/** A ticket raised by organisation A's site manager straight on the server. */
async function newTicketOnServer(subject: string): Promise<void> {
  const manager = await signedInDataFolder(
    join(work.path, `manager-${subject.length}-${Date.now()}`),
    f.server,
    f.accounts.managerA,
    async (core) => {
      // longer than a page: storing it needs room the full disk does not have
      await newTicket(core, subject, `${subject}: ${'details '.repeat(2_000)}`);
    },
  );
  expect(manager).toBeTruthy();
  expect(await ticketsOnServer(subject)).toBe(1);
}

describe('a profile database found damaged at start', () => {
  /**
   * A technician's day: signed in and synced, then offline work queued (a new ticket and two
   * replies), of which one reply reached the server but its answer was lost on the way back.
   */
  async function dayOfWork(dataDir: string, label: string) {
    let ticketId = '';
    const profileId = await signedInDataFolder(dataDir, f.server, f.accounts.tech, async (c) => {
      ticketId = (await newTicket(c, `${label}: controller`)).id;
    });
    const delivered = `${label}: reply that reached the server`;
    const queued = `${label}: reply that never left`;
    const offlineSubject = `${label}: raised offline`;
    // pushes reach the server, but every answer is lost: the client thinks it is offline
    const answersLost: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('/sync/v1/push')) throw new TypeError('fetch failed');
      return response;
    };
    const { core } = await coreWithDatabases(dataDir, { fetch: answersLost });
    try {
      await callOk(core, 'tickets.reply', { ticketId, body: delivered });
      await callOk(core, 'sync.now', {});
    } finally {
      await core.close();
    }
    const offline = await coreWithDatabases(dataDir, {
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    try {
      await callOk(offline.core, 'tickets.reply', { ticketId, body: queued });
      await newTicket(offline.core, offlineSubject);
      // a PTI site's connection, typed in by hand: it exists only on this computer
      await callOk(offline.core, 'pti.sites.save', {
        siteCode: 'HPS901',
        gatewayUrl: 'http://127.0.0.1:9',
        username: 'installer',
        siteKey: 'site-key-typed-by-hand',
        password: 'gateway-password',
      });
      expect(await callOk(offline.core, 'sync.pending', {})).toHaveLength(3);
    } finally {
      await offline.core.close();
    }
    expect(await messagesOnServer(delivered)).toBe(1);
    expect(await messagesOnServer(queued)).toBe(0);
    return { profileId, ticketId, delivered, queued, offlineSubject };
  }

  const profilesFolder = (dataDir: string) => join(dataDir, 'profiles');
  const recoveryFiles = (dataDir: string) =>
    readdirSync(profilesFolder(dataDir)).filter((n) => n.endsWith('.json'));
  const damagedFiles = (dataDir: string) =>
    readdirSync(profilesFolder(dataDir)).filter((n) => /\.damaged-.*\.sqlite$/.test(n));

  /** Folds the write-ahead log into the file, so the damage below hits the real pages. */
  function checkpoint(file: string) {
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }

  /** Garbage over every page of the ticket list and its indexes; the queue itself survives. */
  function damageTicketPages(file: string): Buffer {
    checkpoint(file);
    const probe = new Database(file, { readonly: true });
    const pages = probe
      .prepare(
        "SELECT pageno FROM dbstat WHERE name = 'tickets' OR name LIKE 'sqlite_autoindex_tickets%'",
      )
      .pluck()
      .all() as number[];
    const pageSize = Number(probe.pragma('page_size', { simple: true }));
    probe.close();
    expect(pages.length).toBeGreaterThan(0);
    const bytes = readFileSync(file);
    for (const page of pages) bytes.fill(0x5a, (page - 1) * pageSize, page * pageSize);
    writeFileSync(file, bytes);
    return bytes;
  }

  it('keeps the readable queued changes, rebuilds from the server, and sends each change once when retried', async () => {
    const dataDir = join(work.path, 'damaged-tickets');
    const day = await dayOfWork(dataDir, 'Damaged tickets');
    const bytes = damageTicketPages(join(profilesFolder(dataDir), `${day.profileId}.sqlite`));

    const { core } = await coreWithDatabases(dataDir);
    try {
      // told what happened and where the recovery file is
      const items = await callOk(core, 'sync.attention.list', {});
      const notice = items.find((i) => i.code === 'local_database_rebuilt');
      const [recoveryName] = recoveryFiles(dataDir);
      expect(recoveryName).toBeTruthy();
      const recoveryFile = join(profilesFolder(dataDir), recoveryName!);
      expect(notice?.message).toContain(recoveryFile);
      expect(notice?.message).toMatch(/3 queued changes were read/);
      expect(notice?.actions).toEqual(['discard']);
      // the damaged file is kept as it was, beside the new one
      const [damagedName] = damagedFiles(dataDir);
      expect(readFileSync(join(profilesFolder(dataDir), damagedName!)).equals(bytes)).toBe(true);
      // the recovery file holds every queued change with what the user wrote
      const recovery = JSON.parse(readFileSync(recoveryFile, 'utf8')) as {
        changes: { name: string; state: string; args: { body?: string; subject?: string } }[];
      };
      expect(recovery.changes.map((c) => c.args.body ?? c.args.subject).sort()).toEqual(
        [day.delivered, day.queued, day.offlineSubject].sort(),
      );

      // the PTI site's settings, which the server never had, are still there
      expect(await callOk(core, 'pti.sites.list', {})).toEqual([
        expect.objectContaining({
          siteCode: 'HPS901',
          gatewayUrl: 'http://127.0.0.1:9',
          hasSiteKey: true,
          hasPassword: true,
        }),
      ]);
      expect(readFileSync(recoveryFile, 'utf8')).not.toContain('site-key-typed-by-hand');

      // everything else is rebuilt from the server
      await syncSettled(core);
      const ticket = await callOk(core, 'tickets.get', { id: day.ticketId });
      expect(ticket?.subject).toBe('Damaged tickets: controller');
      expect(
        (await callOk(core, 'tickets.timeline', { id: day.ticketId })).map((m) => m.body),
      ).toContain(day.delivered);

      // each recovered change is sent again from the attention list: applied once, never twice
      const recovered = items.filter((i) => i.code === 'recovered_after_damage');
      expect(recovered).toHaveLength(3);
      for (const item of recovered) {
        expect(item.actions).toContain('retry');
        await callOk(core, 'sync.attention.resolve', { id: item.id, action: 'retry' });
      }
      await callOk(core, 'sync.attention.resolve', { id: notice!.id, action: 'discard' });
      await syncSettled(core);
      expect(await callOk(core, 'sync.attention.list', {})).toEqual([]);
      expect(await messagesOnServer(day.delivered)).toBe(1);
      expect(await messagesOnServer(day.queued)).toBe(1);
      expect(await ticketsOnServer(day.offlineSubject)).toBe(1);
      const timeline = await callOk(core, 'tickets.timeline', { id: day.ticketId });
      expect(timeline.filter((m) => m.body === day.queued)).toHaveLength(1);
      expect(timeline.filter((m) => m.body === day.delivered)).toHaveLength(1);
    } finally {
      await core.close();
    }
  });

  it('says so when nothing can be read, and starts over from the server', async () => {
    const dataDir = join(work.path, 'damaged-all');
    const day = await dayOfWork(dataDir, 'Damaged all');
    const file = join(profilesFolder(dataDir), `${day.profileId}.sqlite`);
    checkpoint(file);
    const garbage = Buffer.alloc(readFileSync(file).length, 0x5a);
    writeFileSync(file, garbage);

    const { core } = await coreWithDatabases(dataDir);
    try {
      const [notice, ...others] = await callOk(core, 'sync.attention.list', {});
      expect(others).toEqual([]);
      expect(notice?.code).toBe('local_database_rebuilt');
      expect(notice?.message).toMatch(/No queued change could be read/);
      const recoveryFile = join(profilesFolder(dataDir), recoveryFiles(dataDir)[0]!);
      expect(notice?.message).toContain(recoveryFile);
      const recovery = JSON.parse(readFileSync(recoveryFile, 'utf8')) as {
        about: string;
        changes: unknown[];
        unreadable: string[];
      };
      expect(recovery.changes).toEqual([]);
      expect(recovery.about).toMatch(/No change could be read/);
      expect(recovery.unreadable.join(' ')).toMatch(/SQLITE_NOTADB/);
      expect(existsSync(join(profilesFolder(dataDir), damagedFiles(dataDir)[0]!))).toBe(true);

      // the profile is still signed in and rebuilds from the server
      await syncSettled(core);
      const ticket = await callOk(core, 'tickets.get', { id: day.ticketId });
      expect(ticket?.subject).toBe('Damaged all: controller');
      expect(await messagesOnServer(day.delivered)).toBe(1);
    } finally {
      await core.close();
    }
  });

  it('does the same in the web host process, where SQLite runs in a worker thread', async () => {
    const dataDir = join(work.path, 'damaged-host');
    const day = await dayOfWork(dataDir, 'Damaged host');
    damageTicketPages(join(profilesFolder(dataDir), `${day.profileId}.sqlite`));

    const host = await startHostProcess({ GATEDESK_DATA_DIR: dataDir, GATEDESK_NO_DEMO: '1' });
    const socket = await openContractSocket(
      new URL(host.launchUrl).origin,
      await sessionCookie(host.launchUrl),
    );
    try {
      const items = (await socket.call('sync.attention.list', {})) as {
        ok: boolean;
        value: { code: string; message: string }[];
      };
      expect(items.ok).toBe(true);
      expect(items.value.map((i) => i.code).sort()).toEqual([
        'local_database_rebuilt',
        'recovered_after_damage',
        'recovered_after_damage',
        'recovered_after_damage',
      ]);
      expect(recoveryFiles(dataDir)).toHaveLength(1);
      expect(await socket.call('pti.sites.list', {})).toMatchObject({
        ok: true,
        value: [{ siteCode: 'HPS901', hasSiteKey: true, hasPassword: true }],
      });
    } finally {
      await socket.close();
      await host.stop();
    }
  });
});
