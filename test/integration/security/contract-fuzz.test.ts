import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerIpcHandlers } from '../../../src-main/app/ipc.js';
import { createSenderCheck, rendererSource } from '../../../src-main/app/security.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { startWebHost, type WebHost } from '../../../src-main/host/web-host.js';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import type { SupportServer } from '../../../src-server/app.js';
import { callNames, calls, type CallName } from '../../../src-shared/contract.js';
import { IPC_CALL_PREFIX } from '../../../src-shared/ipc-channels.js';
import { WS_MAX_PAYLOAD_BYTES } from '../../../src-shared/ws-protocol.js';
import { startServerOnPostgres } from '../../helpers/server-db.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { silentLogger } from '../../helpers/test-core.js';
import { expectClearAnswer, preview, shortReports, within } from './support/answer-checks.js';
import {
  callOk,
  heldClock,
  networkDown,
  openCore,
  recordingLogger,
  signedInDataFolder,
} from './support/client-fixture.js';
import { openContractSocket, sessionCookie } from './support/contract-socket.js';
import { dataSnapshot } from './support/data-snapshot.js';
import { hostileCloneable, hostileJson } from './support/hostile-values.js';
import { corrupted, shapedBy, type JsonSchema } from './support/schema-arbitrary.js';

/**
 * Every contract call, through both transports the renderer uses (Electron IPC through the
 * shell's registration helper, and the web host's WebSocket), gets random, malformed and hostile
 * input. Each answer must be a value of the call's output schema or a clear refusal; a refusal
 * must leave the data folder exactly as it was; nothing may hang. New calls in the contract are
 * fuzzed as soon as they exist: the inputs are generated from each call's own schema.
 *
 * FUZZ_RUNS (runs per call and transport) and FUZZ_SEED replay or lengthen a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_610);

// Calls that end the session or remove the profile go last, so the others run signed in.
const lastOnes = new Set<CallName>(['profiles.signOut', 'profiles.remove']);
const fuzzOrder = [
  ...callNames.filter((n) => !lastOnes.has(n)),
  ...callNames.filter((n) => lastOnes.has(n)),
];

let server: SupportServer;
let work: ReturnType<typeof tempDir>;
let syncedFolder: string;
let profileId: string;

beforeAll(async () => {
  work = tempDir('contract-fuzz');
  server = await startServerOnPostgres({ label: 'contract-fuzz', seed: 'demo', jobIntervalMs: 0 });
  syncedFolder = join(work.path, 'synced');
  profileId = await signedInDataFolder(syncedFolder, server, DEMO_TECHNICIAN, async (core) => {
    // One change the server refuses, so "needs attention" has an item to act on.
    const { rows } = await callOk(core, 'tickets.list', { status: ['OPEN'], limit: 1 });
    const users = await callOk(core, 'directory.users', {});
    const customer = users.find((u) => u.role === 'site_manager');
    await callOk(core, 'tickets.assign', { ticketId: rows[0]!.id, assigneeId: customer!.id });
  });
});

afterAll(async () => {
  await server?.close();
  work?.remove();
});

interface Transport {
  dataDir: string;
  core: Core;
  /** What the core logged as failed, shown when an answer is not clear. */
  logged: string[];
  invoke(method: string, input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A copy of the synced folder opened offline: the core does only what a call asks. */
async function offlineCopy(name: string) {
  const dataDir = join(work.path, name);
  cpSync(syncedFolder, dataDir, { recursive: true });
  const logger = recordingLogger();
  const core = await openCore(dataDir, { fetch: networkDown, clock: heldClock, logger });
  return { dataDir, core, logger };
}

/** Ids and paths that exist, so generated inputs reach real rows and real files. */
async function knownValues(core: Core, dataDir: string): Promise<string[]> {
  const values = new Set<string>();
  const { rows } = await callOk(core, 'tickets.list', { limit: 500 });
  for (const t of rows) {
    values.add(t.id);
    if (t.number) values.add(t.number);
  }
  for (const t of rows.slice(0, 5)) {
    for (const entry of await callOk(core, 'tickets.timeline', { id: t.id })) values.add(entry.id);
  }
  for (const p of (await callOk(core, 'profiles.list', {})).profiles) values.add(p.id);
  for (const a of await callOk(core, 'sync.attention.list', {})) values.add(a.id);
  for (const u of await callOk(core, 'directory.users', {})) values.add(u.id);
  for (const s of await callOk(core, 'directory.sites', {})) values.add(s.id);
  for (const s of await callOk(core, 'kb.sections', {})) values.add(s.id);
  for (const a of await callOk(core, 'kb.articles', { limit: 20 })) values.add(a.id);
  // Files a user might attach, and the folder's own files, which must never leave it.
  const files = join(work.path, 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'gate-log.pdf'), '%PDF-1.4\n% keypad 1 offline\n');
  writeFileSync(join(files, 'photo.jpg'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]));
  writeFileSync(join(files, 'empty.txt'), '');
  const staged = await callOk(core, 'attachments.stageFile', {
    path: join(files, 'gate-log.pdf'),
  });
  values.add(staged.sha256);
  for (const path of [
    join(files, 'gate-log.pdf'),
    join(files, 'photo.jpg'),
    join(files, 'empty.txt'),
    files,
    join(dataDir, 'secret.key'),
    join(dataDir, 'gatedesk.sqlite'),
    join(dataDir, 'profiles', `${profileId}.sqlite`),
    'gate-log.pdf',
    'readme.txt',
  ])
    values.add(path);
  return [...values];
}

/** Inputs for one call: shaped by its schema, shaped with one thing wrong, or anything at all. */
function inputsFor(
  method: CallName,
  pool: () => readonly string[],
  anything: fc.Arbitrary<unknown>,
) {
  const schema = z.toJSONSchema(calls[method].input, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const shaped = shapedBy(schema, { pool });
  // Two inputs that pass the schema run first, so every call's service is reached however
  // narrow its rules are; random ones follow.
  const valid = fc
    .sample(shaped, { numRuns: 500, seed: SEED })
    .filter((input) => calls[method].input.safeParse(input).success)
    .slice(0, 2);
  const inputs = fc.oneof(
    { arbitrary: shaped, weight: 3 },
    { arbitrary: corrupted(shaped), weight: 3 },
    { arbitrary: anything, weight: 2 },
  );
  return { inputs, examples: valid.map((input): [unknown] => [input]) };
}

/** Lets a sync cycle that a previous call started finish, so it is not mistaken for this one's. */
async function quiet(core: Core) {
  for (let i = 0; i < 500; i++) {
    await new Promise((r) => setImmediate(r));
    const state = (await core.dispatch('sync.state', {}, { shell: 'test' })) as {
      ok: boolean;
      value?: { status: string };
    };
    if (!state.ok || state.value?.status !== 'syncing') return;
  }
}

async function fuzzEveryCall(transport: Transport, anything: fc.Arbitrary<unknown>) {
  let pool: string[] = await knownValues(transport.core, transport.dataDir);
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const counts: Record<string, Count> = {};
  for (const method of fuzzOrder) {
    const count = (counts[method] = { ok: 0, refused: 0, reached: 0 });
    const { inputs, examples } = inputsFor(method, () => pool, anything);
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        await quiet(transport.core);
        const before = dataSnapshot(transport.dataDir);
        const result = (await within(
          transport.invoke(method, input),
          10_000,
          `${method} ${preview(input, 120)}`,
        )) as { ok: boolean };
        expectClearAnswer(method, result, input, transport.logged);
        if (calls[method].input.safeParse(input).success) count.reached++;
        if (result.ok) {
          count.ok++;
          return;
        }
        count.refused++;
        await quiet(transport.core);
        expect(
          dataSnapshot(transport.dataDir),
          `${method} was refused but changed the data folder: ${preview(input)} → ${preview(result)}`,
        ).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED, examples, endOnFailure: true, ...shortReports<[unknown]>() },
    );
    // Fuzzed calls may have switched profiles: go back to the synced one while it exists.
    const listed = await callOk(transport.core, 'profiles.list', {});
    if (listed.activeId !== profileId && listed.profiles.some((p) => p.id === profileId))
      await callOk(transport.core, 'profiles.activate', { id: profileId });
    pool = await knownValues(transport.core, transport.dataDir).catch(() => pool);
  }
  // No input, however it was built, reached Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify(counts));
  return counts;
}

interface Count {
  ok: number;
  refused: number;
  /** Inputs that passed the call's schema: they reached the service behind the call. */
  reached: number;
}

/** The fuzzer reached the service behind every call, and every call refused something. */
function expectBothOutcomes(counts: Record<string, Count>) {
  const where = (test: (c: Count) => boolean) =>
    Object.entries(counts)
      .filter(([, c]) => test(c))
      .map(([name]) => name);
  expect(
    where((c) => c.refused === 0),
    'calls that refused no input at all',
  ).toEqual([]);
  expect(
    where((c) => c.reached === 0),
    'calls the fuzzer never got past the input schema of; give the schema a valid sample with ' +
      "zod's .meta({ examples: [...] }) and the fuzzer starts from it",
  ).toEqual([]);
}

type Listener = (event: IpcMainInvokeEvent, input: unknown) => unknown;

describe('the contract over Electron IPC', () => {
  let transport: Transport;
  let handlers: Map<string, Listener>;
  let trusted: IpcMainInvokeEvent;
  // The packaged renderer's index.html, as the shell loads it; only its exact URL is trusted.
  let indexHtml: string;

  beforeAll(async () => {
    const { dataDir, core, logger } = await offlineCopy('ipc');
    indexHtml = join(work.path, 'app', 'out', 'renderer', 'index.html');
    handlers = new Map();
    const ipcMain = {
      handle: (channel: string, listener: Listener) => handlers.set(channel, listener),
      removeHandler: (channel: string) => handlers.delete(channel),
    } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
    const source = rendererSource({
      devServerUrl: undefined,
      isPackaged: true,
      indexHtmlPath: indexHtml,
    });
    const dispose = registerIpcHandlers(
      ipcMain,
      core,
      createSenderCheck(source, (id) => id === 1),
      () => {},
    );
    trusted = {
      sender: { id: 1 },
      senderFrame: { url: pathToFileURL(indexHtml).href, parent: null },
    } as unknown as IpcMainInvokeEvent;
    transport = {
      dataDir,
      core,
      logged: logger.errors,
      invoke: async (method, input) => {
        const listener = handlers.get(IPC_CALL_PREFIX + method);
        if (!listener) throw new Error(`no IPC handler for ${method}`);
        // What crosses IPC is a structured clone of what the renderer sent.
        return listener(trusted, structuredClone(input));
      },
      close: async () => {
        dispose();
        await core.close();
      },
    };
  });
  afterAll(async () => {
    await transport?.close();
  });

  it(
    'answers every call and every input with a value or a clear refusal that changes nothing',
    async () => {
      expectBothOutcomes(await fuzzEveryCall(transport, hostileCloneable));
    },
    Math.max(60_000, RUNS * 4_000),
  );

  it('refuses every call from a frame that is not the app, before the core sees it', async () => {
    const strangers = [
      { sender: { id: 2 }, senderFrame: { url: pathToFileURL(indexHtml).href, parent: null } },
      { sender: { id: 1 }, senderFrame: { url: 'file:///tmp/evil.html', parent: null } },
      { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: { id: 1 }, senderFrame: { url: pathToFileURL(indexHtml).href, parent: {} } },
      { sender: { id: 1 }, senderFrame: null },
      {
        sender: { id: 1 },
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      },
    ] as unknown as IpcMainInvokeEvent[];
    const before = dataSnapshot(transport.dataDir);
    for (const method of callNames) {
      const listener = handlers.get(IPC_CALL_PREFIX + method)!;
      for (const event of strangers) {
        expect(await listener(event, {})).toEqual({
          ok: false,
          error: { code: 'forbidden', message: expect.stringMatching(/not allowed/) },
        });
      }
    }
    expect(dataSnapshot(transport.dataDir)).toEqual(before);
  });
});

describe('the contract over the web host WebSocket', () => {
  let transport: Transport;
  let host: WebHost;
  let cookie: string;

  beforeAll(async () => {
    const { dataDir, core, logger } = await offlineCopy('web');
    const rendererDir = join(work.path, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatedesk</title>');
    host = await startWebHost({ core, rendererDir, logger: silentLogger });
    cookie = await sessionCookie(host.launchUrl);
    const socket = await openContractSocket(host.origin, cookie);
    transport = {
      dataDir,
      core,
      logged: logger.errors,
      invoke: (method, input) => socket.call(method, input),
      close: async () => {
        await socket.close();
        await host.close();
        await core.close();
      },
    };
  });
  afterAll(async () => {
    await transport?.close();
  });

  it(
    'answers every call and every input with a value or a clear refusal that changes nothing',
    async () => {
      expectBothOutcomes(await fuzzEveryCall(transport, hostileJson));
    },
    Math.max(60_000, RUNS * 4_000),
  );

  it('closes a socket that sends anything but a call, and keeps serving the others', async () => {
    const bystander = await openContractSocket(host.origin, cookie);
    const garbage: (string | Buffer)[] = [
      'not json',
      '{"type":"call","id":-1,"method":"app.info","input":{}}',
      '{"type":"call","id":1.5,"method":"app.info"}',
      '{"type":"call","id":"1","method":"app.info","input":{}}',
      `{"type":"call","id":1,"method":"${'x'.repeat(200)}","input":{}}`,
      '{"type":"event","event":"store.changed","payload":{}}',
      '[]',
      'null',
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    ];
    for (const frame of garbage) {
      const socket = await openContractSocket(host.origin, cookie);
      socket.sendRaw(frame);
      const closed = await within(socket.closed, 5_000, `closing after ${preview(String(frame))}`);
      expect(closed.code).toBe(1003);
    }
    // A polluting key is only an own property of the parsed frame: the call is answered as usual.
    const polluter = await openContractSocket(host.origin, cookie);
    polluter.sendRaw(
      '{"__proto__":{"polluted":true},"type":"call","id":7,"method":"app.info","input":{"__proto__":{"polluted":true}}}',
    );
    await within(
      new Promise<void>((resolve) => polluter.ws.once('message', () => resolve())),
      5_000,
      'the answer to a polluting frame',
    );
    expect(JSON.parse(polluter.frames[0]!)).toMatchObject({ id: 7, result: { ok: false } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await polluter.close();
    expect(await bystander.call('app.info', {})).toMatchObject({ ok: true });
    await bystander.close();
  });

  it(`closes a socket whose frame is over ${WS_MAX_PAYLOAD_BYTES} bytes, and keeps serving the others`, async () => {
    const bystander = await openContractSocket(host.origin, cookie);
    const socket = await openContractSocket(host.origin, cookie);
    const before = dataSnapshot(transport.dataDir);
    socket.sendRaw(
      JSON.stringify({
        type: 'call',
        id: 1,
        method: 'tickets.search',
        input: { query: 'x'.repeat(WS_MAX_PAYLOAD_BYTES) },
      }),
    );
    expect((await within(socket.closed, 5_000, 'closing an oversize frame')).code).toBe(1009);
    expect(await bystander.call('app.info', {})).toMatchObject({ ok: true });
    expect(dataSnapshot(transport.dataDir)).toEqual(before);
    await bystander.close();
  });
});
