import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type {
  CallInput,
  CallName,
  CallOutput,
  EventPayload,
} from '../../../src-shared/contract.js';
import { recordUserChange } from '../../../src-server/accounts/user-changes.js';
import type { TestAccount } from '../../helpers/accounts.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, type SyncSession } from '../../helpers/sync-client.js';
import { silentLogger } from '../../helpers/test-core.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Unread replies through the desktop core, against the real server on real PostgreSQL: a reply
// by someone else on a ticket the user follows is recorded and announced once; the user's own
// messages, internal notes for customers, tickets they do not follow and the history that came
// with the first sync never are.
let f: SupportFixture;
let dir: ReturnType<typeof tempDir>;
const cores: Core[] = [];

interface Heard {
  replies: EventPayload<'notifications.reply'>[];
  unread: number[];
  /** What the sync state said about messages search cannot find yet, in order. */
  searchBacklog: number[];
}

async function clientOf(name: string, account: TestAccount) {
  const dataDir = join(dir.path, name);
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: silentLogger,
    store: createInlineStore(),
    demo: {
      serverUrl: f.server.url,
      gatewayUrl: '',
      account: { email: account.email, password: account.password },
      close: async () => {},
    },
    live: false,
  });
  cores.push(core);
  const heard: Heard = { replies: [], unread: [], searchBacklog: [] };
  core.events.on('sync.state', (e) => heard.searchBacklog.push(e.searchBacklog));
  core.events.on('notifications.reply', (e) => heard.replies.push(e));
  core.events.on('notifications.unread', (e) => heard.unread.push(e.count));
  return { core, heard };
}

async function call<K extends CallName>(core: Core, name: K, input: CallInput<K>) {
  const result = await core.dispatch(name, input, { shell: 'test' });
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallOutput<K>;
}

async function raise(session: SyncSession, siteId: string, subject: string) {
  const ticketId = randomUUID();
  const [result] = await session.push([
    mutation('ticket.create', {
      ticketId,
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject,
      description: 'The keypad at the main gate shows OFFLINE.',
      siteId,
    }),
  ]);
  expect(result?.status).toBe('applied');
  return ticketId;
}

async function write(session: SyncSession, kind: 'reply' | 'note', ticketId: string, body: string) {
  const [result] = await session.push([
    mutation(`ticket.${kind}`, { ticketId, messageId: randomUUID(), body }),
  ]);
  expect(result?.status, JSON.stringify(result)).toBe('applied');
}

let raisedByManager: string;
let raisedByInstaller: string;
let manager: { core: Core; heard: Heard };
let tech: { core: Core; heard: Heard };

beforeAll(async () => {
  dir = tempDir('notifications-core');
  f = await startSupportFixture({ label: 'notifications_core' });
  // People's names reach clients as synced user rows.
  await f.server.db.transaction().execute(async (trx) => {
    for (const account of Object.values(f.accounts))
      await recordUserChange(
        trx,
        { id: account.id, organisationId: account.organisationId },
        new Date(),
      );
  });
  raisedByManager = await raise(f.as.managerA, f.siteA, 'Gate keypad offline');
  raisedByInstaller = await raise(f.as.installerA, f.siteA, 'Door alarm chirps');
  // history: already there when the clients first sync
  await write(f.as.tech, 'reply', raisedByManager, 'We are looking at it.');
  await write(f.as.tech, 'reply', raisedByInstaller, 'Which door?');
  manager = await clientOf('manager', f.accounts.managerA);
  tech = await clientOf('tech', f.accounts.tech);
  await call(manager.core, 'sync.now', {});
  await call(tech.core, 'sync.now', {});
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await f?.server.close();
  dir?.remove();
});

describe('the history of the first sync', () => {
  it('is searchable once the sync state says no message is waiting for the search index', async () => {
    // the first sync stores its messages first and indexes them after it, saying how many wait
    expect(Math.max(...manager.heard.searchBacklog)).toBeGreaterThan(0);
    await vi.waitFor(() => expect(manager.heard.searchBacklog.at(-1)).toBe(0));
    expect((await call(manager.core, 'sync.state', {})).searchBacklog).toBe(0);
    const hits = await call(manager.core, 'tickets.search', { query: 'looking', limit: 10 });
    expect(hits.map((h) => h.ticket.id)).toEqual([raisedByManager]);
  });
});

describe('reply notifications', () => {
  it('announces nothing for the history of the first sync', async () => {
    expect(manager.heard.replies).toEqual([]);
    expect((await call(manager.core, 'notifications.list', {})).unread).toBe(0);
    expect(tech.heard.replies).toEqual([]);
  });

  it('records a technician’s reply on the manager’s ticket, once, and nothing else', async () => {
    await write(
      f.as.tech,
      'reply',
      raisedByManager,
      'We have pushed a fix\n\nto your gate controller; please try the keypad again.',
    );
    await write(f.as.tech, 'note', raisedByManager, 'Warranty check pending.');
    await write(f.as.tech, 'reply', raisedByInstaller, 'The installer’s ticket, not yours.');
    await write(f.as.managerA, 'reply', raisedByManager, 'My own reply.');
    await call(manager.core, 'sync.now', {});
    await call(manager.core, 'sync.now', {});

    expect(manager.heard.replies).toHaveLength(1);
    expect(manager.heard.replies[0]).toMatchObject({
      ticketId: raisedByManager,
      subject: 'Gate keypad offline',
      author: 'Dana Whitfield',
      excerpt: 'We have pushed a fix to your gate controller; please try the keypad again.',
    });
    expect(manager.heard.replies[0]!.number).toMatch(/^HW\d{8}$/);
    expect(manager.heard.unread.at(-1)).toBe(1);
    const list = await call(manager.core, 'notifications.list', {});
    expect(list.unread).toBe(1);
    expect(list.items.map((n) => [n.ticketId, n.internal])).toEqual([[raisedByManager, false]]);
  });

  it('tells a technician about a customer’s reply and a colleague’s note on a ticket they wrote on', async () => {
    await write(f.as.managerA, 'reply', raisedByManager, 'Still offline this morning.');
    await write(f.as.tech2, 'note', raisedByManager, 'Controller firmware is old.');
    await call(tech.core, 'sync.now', {});
    // the manager's reply of the test before is news to the technician too
    expect(tech.heard.replies.map((r) => [r.author, r.excerpt, r.internal])).toEqual([
      ['Jordan Ellis', 'My own reply.', false],
      ['Jordan Ellis', 'Still offline this morning.', false],
      ['Marcus Oyelaran', 'Controller firmware is old.', true],
    ]);
    const list = await call(tech.core, 'notifications.list', {});
    // the technician's own replies are not among them
    expect(list.unread).toBe(3);
    expect(list.items.filter((n) => n.internal).map((n) => n.author)).toEqual(['Marcus Oyelaran']);
  });

  it('opening the ticket marks its replies read and says the new count', async () => {
    const marked = await call(manager.core, 'notifications.markRead', {
      ticketId: raisedByManager,
    });
    expect(marked.unread).toBe(0);
    expect(manager.heard.unread.at(-1)).toBe(0);
    const all = await call(manager.core, 'notifications.list', { all: true });
    expect(all.items).toHaveLength(1);
    expect(all.items[0]!.readAt).not.toBeNull();
    // the same reply pulled again is not news
    await call(manager.core, 'sync.now', {});
    expect((await call(manager.core, 'notifications.list', {})).unread).toBe(0);
  });

  it('announces a reply pulled on switching back to a profile only after saying the switch', async () => {
    const elsewhere = await call(manager.core, 'profiles.add', {
      name: 'Elsewhere',
      serverUrl: 'http://127.0.0.1:9',
      account: 'someone@elsewhere.test',
    });
    const demoId = (await call(manager.core, 'profiles.list', {})).activeId!;
    await call(manager.core, 'profiles.activate', { id: elsewhere.id });
    await write(f.as.tech, 'reply', raisedByManager, 'Back on your profile: the gate is fixed.');

    const heard: string[] = [];
    const stop = [
      manager.core.events.on('profiles.switching', (e) => heard.push(`switching ${e.activeId}`)),
      manager.core.events.on('profiles.changed', (e) => heard.push(`changed ${e.activeId}`)),
      manager.core.events.on('notifications.reply', (e) => heard.push(`reply ${e.excerpt}`)),
    ];
    try {
      await call(manager.core, 'profiles.activate', { id: demoId });
      await call(manager.core, 'sync.now', {});
    } finally {
      for (const off of stop) off();
    }
    // the window lets go of the last profile's selection before any news of the new one
    expect(heard[0]).toBe(`switching ${demoId}`);
    expect(heard).toContain(`changed ${demoId}`);
    expect(heard.filter((h) => h.startsWith('reply'))).toEqual([
      'reply Back on your profile: the gate is fixed.',
    ]);
  });
});
