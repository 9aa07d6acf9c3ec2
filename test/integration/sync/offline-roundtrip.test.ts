import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupportServer, type SupportServer } from '../../../src-server/app.js';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { createSupportClient } from '../../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.js';
import { calm, createFaultyClient, type Faults } from '../../sim/faulty-client.js';
import { createRandom } from '../../sim/prng.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Issue 4's story: a technician works offline, a colleague closes a ticket meanwhile, and when
// the first one reconnects nothing they wrote is lost.
let server: SupportServer;
let dir: ReturnType<typeof tempDir>;
let a: Core;
let b: Core;
let aOffline = true;
const offline: Faults = { ...calm, dropRequest: 1 };

async function client(name: string, faults: () => Faults): Promise<Core> {
  const dataDir = join(dir.path, name);
  const real = createSupportClient({ baseUrl: server.url });
  return createCore({
    dataDir,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: { info() {}, warn() {}, error() {} },
    store: createInlineStore(),
    demo: {
      serverUrl: server.url,
      gatewayUrl: '',
      account: DEMO_TECHNICIAN,
      close: async () => {},
    },
    live: false,
    client: createFaultyClient(real, createRandom(1), faults, () => {}),
  });
}

async function call<K extends CallName>(
  core: Core,
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  const result = await core.dispatch(name, input, { shell: 'test' });
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallOutput<K>;
}

beforeAll(async () => {
  dir = tempDir('offline');
  server = await createSupportServer({ seed: 'demo' });
  // A syncs once while online so it has the queue, then loses the network
  aOffline = false;
  a = await client('a', () => (aOffline ? offline : calm));
  await call(a, 'sync.now', {});
  aOffline = true;
  b = await client('b', () => calm);
  await call(b, 'sync.now', {});
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await server?.close();
  dir?.remove();
});

describe("offline work meets a colleague's change", () => {
  it('numbers the offline ticket, shares its attachment, and keeps the refused reply with a way forward', async () => {
    const open = await call(a, 'tickets.list', { status: ['OPEN'], limit: 2 });
    const [toClose, toKeep] = open.rows;
    expect(toClose && toKeep).toBeTruthy();

    // A, offline: a new ticket with a photo of the keypad, two replies and a status change
    const photo = join(dir.path, 'keypad.png');
    writeFileSync(
      photo,
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(2048, 7),
      ]),
    );
    const attachment = await call(a, 'attachments.stageFile', { path: photo });
    const [site] = await call(a, 'directory.sites', {});
    const created = await call(a, 'tickets.create', {
      siteId: site!.id,
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'high',
      subject: 'Keypad at gate 2 dead after storm',
      description: 'No display, no beep. Photo attached.',
      attachments: [attachment],
    });
    const replyToClosed =
      'Checked the wiring at the gate; the controller reboots every few minutes.';
    await call(a, 'tickets.reply', { ticketId: toClose!.id, body: replyToClosed });
    await call(a, 'tickets.reply', { ticketId: toKeep!.id, body: 'Replacement keypad ordered.' });
    await call(a, 'tickets.setPriority', { ticketId: toKeep!.id, priority: 'critical' });
    const offlineState = await call(a, 'sync.now', {});
    expect(offlineState.status).toBe('offline');
    expect(offlineState.pendingCount).toBe(4);
    expect(await call(a, 'tickets.get', { id: created.id })).toMatchObject({
      number: null,
      pending: true,
    });

    // B closes one of the tickets A answered
    await call(b, 'tickets.setStatus', { ticketId: toClose!.id, status: 'RESOLVED' });
    await call(b, 'tickets.setStatus', { ticketId: toClose!.id, status: 'CLOSED' });
    expect((await call(b, 'sync.now', {})).pendingCount).toBe(0);

    // A is back
    aOffline = false;
    await call(a, 'sync.now', {});
    const state = await call(a, 'sync.now', {});
    expect(state).toMatchObject({ status: 'idle', pendingCount: 0, needsAttentionCount: 1 });

    const mine = await call(a, 'tickets.get', { id: created.id });
    expect(mine?.number).toMatch(/^HW\d{8}$/);
    expect(mine?.pending).toBe(false);
    const kept = await call(a, 'tickets.timeline', { id: toKeep!.id });
    expect(kept.filter((m) => m.body === 'Replacement keypad ordered.')).toHaveLength(1);
    expect(await call(a, 'tickets.get', { id: toKeep!.id })).toMatchObject({
      priority: 'critical',
      status: 'ANSWERED',
    });

    // the attachment reached the server and B can open it
    await call(b, 'sync.now', {});
    const opened = await call(b, 'attachments.open', { sha256: attachment.sha256 });
    expect(readFileSync(opened.path)).toEqual(readFileSync(photo));

    // the reply to the ticket B closed is not lost: it waits with its text and a way forward
    const [item] = await call(a, 'sync.attention.list', {});
    expect(item).toMatchObject({ code: 'ticket_closed', ticketId: toClose!.id });
    expect((item!.args as { body: string }).body).toBe(replyToClosed);
    expect(item!.actions).toContain('follow_up');
    await call(a, 'sync.attention.resolve', { id: item!.id, action: 'follow_up' });
    await call(a, 'sync.now', {});
    const followUps = await call(a, 'tickets.search', { query: 'controller reboots', limit: 10 });
    const followUp = followUps.map((h) => h.ticket).find((t) => t.id !== toClose!.id);
    expect(followUp?.number).toMatch(/^(HW|SW)\d{8}$/);
    expect(await call(a, 'tickets.get', { id: followUp!.id })).toMatchObject({
      followUpOfId: toClose!.id,
      description: replyToClosed,
    });
    expect(await call(a, 'sync.attention.list', {})).toEqual([]);
  });
});
