import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CallName, CallInput, CallOutput } from '../src-shared/contract.js';
import type { SyncState } from '../src-shared/domain/sync.js';
import type { Core, CoreLogger } from '../src-main/core/core-types.js';
import { createCore } from '../src-main/core/create-core.js';
import { profileDatabaseFile } from '../src-main/core/paths.js';
import { createKeyFileBox } from '../src-main/core/secrets/key-file-box.js';
import type { Store, StoreDb } from '../src-main/core/store/store-types.js';
import { createWorkerStore } from '../src-main/core/store/stores.js';
import {
  createSupportClient,
  NetworkError,
  type SupportClient,
} from '../src-main/core/sync/support-client.js';
import type {
  ClientJob,
  ClientProcessConfig,
  FromClientProcess,
  JobResults,
} from './client-protocol.js';
import { bundleEntry } from './bundle.js';
import { wallClock } from './stats.js';

/**
 * The desktop core as the shells run it (worker store, real HTTP client, live poke channel),
 * signed in to the benchmark server, plus what the benchmarks need around it: a network switch
 * for offline work and a read-only handle on its database for checks and inline baselines.
 */
export interface ClientUnderTest {
  core: Core;
  dataDir: string;
  profileFile: string;
  /** Read-only view of the profile database (the worker keeps writing; WAL lets both work). */
  db: Database.Database;
  /** While true, every request fails as if the network were gone. */
  network: { offline: boolean };
  /** Warnings and errors the core logged, for the report when something fails. */
  log: string[];
  call<K extends CallName>(method: K, input: CallInput<K>): Promise<CallOutput<K>>;
  close(): Promise<void>;
}

/** What the bootstrap's own process measured (plain data: it crosses a process boundary). */
export interface BootstrapMeasurement {
  seconds: number;
  /** Rows stored so far against seconds since the start, one point per pulled page. */
  progress: { rows: number; seconds: number }[];
  /** Where the time went: waiting for the server's answers (until each had arrived whole), storing pages (worker round trips). */
  breakdown: { serverSeconds: number; storeSeconds: number };
  lagP99Ms: number;
  lagMaxMs: number;
  /** After the bootstrap, making its messages searchable: seconds until the backlog was empty. */
  searchBacklog: { seconds: number };
  rssBeforeMb: number;
  rssAfterMb: number;
}

export interface BootstrapResult extends BootstrapMeasurement {
  /** The core opened again, in the benchmark's process, over the data the bootstrap wrote. */
  client: ClientUnderTest;
  /** Rows in the client's tables after the bootstrap (units: null when the cache has no such table). */
  stored: { tickets: number; messages: number; sites: number; users: number; units: number | null };
}

export interface ClientOptions {
  dataDir: string;
  workerUrl: URL;
  serverUrl: string;
  account: { email: string; password: string };
  timeoutMs: number;
}

const megabytes = (bytes: number) => bytes / 1024 / 1024;
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * Bootstraps a fresh client in a process of its own, as the app's main process would: the
 * lag and memory it reports are the core's, not the benchmark's (whose dataset generator alone
 * holds about 50 MB and made every full collection of that heap land on the measured thread).
 * Then opens the same data folder here for the benchmarks that follow.
 */
export async function bootstrapClient(
  options: ClientOptions & { root: string },
): Promise<BootstrapResult> {
  const measurement = await inClientProcess(options, { type: 'bootstrap' });
  const client = await openClient(options);
  const count = (table: string) =>
    (client.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const hasTable = (table: string) =>
    client.db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
      .get(table) !== undefined;
  return {
    ...measurement,
    client,
    stored: {
      tickets: count('tickets'),
      messages: count('messages'),
      sites: count('sites'),
      users: count('users'),
      units: hasTable('units') ? count('units') : null,
    },
  };
}

/**
 * Runs one client measurement in a child process (client-process.ts) over the data folder, and
 * returns what it measured. The caller's own core must not have the folder open meanwhile.
 */
export async function inClientProcess<J extends ClientJob>(
  options: ClientOptions & { root: string },
  job: J,
): Promise<JobResults[J['type']]> {
  const script = await bundleEntry(options.root, 'bench/client-process.ts', 'client');
  try {
    const config: ClientProcessConfig = {
      dataDir: options.dataDir,
      workerUrl: options.workerUrl.href,
      serverUrl: options.serverUrl,
      account: options.account,
      timeoutMs: options.timeoutMs,
      job,
    };
    // --expose-gc: memory is measured after a collection
    const child = fork(script, [], {
      cwd: options.root,
      execArgv: ['--expose-gc'],
      env: { ...process.env, GATEDESK_BENCH_CLIENT: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return await new Promise((resolve, reject) => {
      let answer: FromClientProcess | null = null;
      child.on('message', (message: FromClientProcess) => (answer = message));
      child.on('error', reject);
      child.on('exit', (code) => {
        const done = answer as FromClientProcess | null;
        if (done?.type === 'done') resolve(done.result as JobResults[J['type']]);
        else if (done?.type === 'failed') reject(new Error(done.message));
        else reject(new Error(`the client's process exited (code ${code}) without a result`));
      });
    });
  } finally {
    rmSync(script, { force: true });
  }
}

/** Starts the core as the shells do, with the benchmark's network switch and page observer. */
function startCore(
  options: ClientOptions,
  network: { offline: boolean },
  log: string[],
  hooks: { onPull?: (seconds: number) => void; store?: (store: Store) => Store } = {},
): Promise<Core> {
  const remember =
    (level: string): CoreLogger['warn'] =>
    (message, fields) => {
      log.push(`${level}: ${message}${fields ? ` ${JSON.stringify(fields).slice(0, 300)}` : ''}`);
      if (log.length > 50) log.shift();
    };
  const logger: CoreLogger = { info() {}, warn: remember('warn'), error: remember('error') };
  const client = switchedClient(
    createSupportClient({ baseUrl: options.serverUrl }),
    network,
    hooks.onPull,
  );
  const store = createWorkerStore(options.workerUrl);
  return createCore({
    dataDir: options.dataDir,
    shell: 'web',
    version: 'bench',
    secrets: createKeyFileBox(join(options.dataDir, 'secret.key')),
    logger,
    store: hooks.store ? hooks.store(store) : store,
    demo: {
      serverUrl: options.serverUrl,
      gatewayUrl: options.serverUrl,
      account: options.account,
      close: async () => {},
    },
    client,
  });
}

/**
 * The shells' HTTP client, with the benchmark's network switch in front (fault injection only:
 * while "offline" every call fails as an unreachable server does). Pulls are timed until their
 * whole answer has arrived: the server's and the network's part of a page.
 */
function switchedClient(
  client: SupportClient,
  network: { offline: boolean },
  onPull?: (seconds: number) => void,
): SupportClient {
  const gone = () =>
    new NetworkError('Could not reach the server: the benchmark took the network away');
  return new Proxy(client, {
    get(target, name: keyof SupportClient) {
      const method = target[name] as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if (network.offline) throw gone();
        if (name !== 'pull') return method.apply(target, args);
        const sent = wallClock();
        const answer = await method.apply(target, args);
        onPull?.((wallClock() - sent) / 1000);
        return answer;
      };
    },
  });
}

function caller(core: Core): ClientUnderTest['call'] {
  return async (method, input) => {
    const result = await core.dispatch(method, input, { shell: 'web' });
    if (!result.ok)
      throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as never;
  };
}

/**
 * The bootstrap itself, run in client-process.ts: a fresh core against the server, timed
 * until its first full pull, then until search finds every message. Closes the core after.
 */
export async function measureBootstrap(options: ClientOptions): Promise<BootstrapMeasurement> {
  const log: string[] = [];
  const breakdown = { serverSeconds: 0, storeSeconds: 0 };
  const progress: BootstrapMeasurement['progress'] = [];
  let started = 0;
  let measuring = true;

  collectGarbage();
  const rssBeforeMb = megabytes(process.memoryUsage().rss);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  started = wallClock();
  const core = await startCore(options, { offline: false }, log, {
    onPull: (seconds) => {
      if (measuring) breakdown.serverSeconds += seconds;
    },
    store: (store) =>
      observePages(store, (rows, ms) => {
        if (!measuring) return;
        breakdown.storeSeconds += ms / 1000;
        progress.push({
          rows: (progress.at(-1)?.rows ?? 0) + rows,
          seconds: (wallClock() - started) / 1000,
        });
      }),
  });
  const call = caller(core);
  try {
    await waitForFirstPull(core, call, options.timeoutMs, log);
    const seconds = (wallClock() - started) / 1000;
    measuring = false;
    lag.disable();
    collectGarbage();
    const rssAfterMb = megabytes(process.memoryUsage().rss);
    const searchBacklog = await waitForSearchBacklog(core, call, options.timeoutMs);
    return {
      seconds,
      progress,
      breakdown,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
      searchBacklog,
      rssBeforeMb,
      rssAfterMb,
    };
  } finally {
    lag.disable();
    await core.close();
  }
}

/** Opens the core over a data folder a bootstrap filled, and waits for its (short) first pull. */
export async function openClient(options: ClientOptions): Promise<ClientUnderTest> {
  const log: string[] = [];
  const network = { offline: false };
  const core = await startCore(options, network, log);
  const call = caller(core);
  try {
    await waitForFirstPull(core, call, options.timeoutMs, log);
  } catch (error) {
    await core.close();
    throw error;
  }
  const { activeId } = await call('profiles.list', {});
  const profileFile = profileDatabaseFile(options.dataDir, activeId!);
  const db = new Database(profileFile, { readonly: true, fileMustExist: true });
  let closing: Promise<void> | undefined;
  return {
    core,
    dataDir: options.dataDir,
    profileFile,
    db,
    network,
    log,
    call,
    close() {
      closing ??= (async () => {
        db.close();
        await core.close();
      })();
      return closing;
    },
  };
}

function waitForFirstPull(
  core: Core,
  call: ClientUnderTest['call'],
  timeoutMs: number,
  log: string[],
): Promise<SyncState> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, state?: SyncState) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      off();
      if (error) reject(error);
      else resolve(state!);
    };
    const check = (state: SyncState) => {
      if (state.status === 'idle' && state.lastPullAt !== null) settle(null, state);
      else if (['offline', 'unauthorized', 'error'].includes(state.status))
        settle(
          new Error(
            `the bootstrap stopped: ${state.status}: ${state.lastError ?? ''} ${log.join(' | ')}`,
          ),
        );
    };
    const off = core.events.on('sync.state', check);
    const timer = setTimeout(
      () => settle(new Error(`the bootstrap did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    call('sync.state', {}).then(check, (error: Error) => settle(error));
  });
}

/** Waits until every message the bootstrap stored is searchable; the later benchmarks need it. */
async function waitForSearchBacklog(
  core: Core,
  call: ClientUnderTest['call'],
  timeoutMs: number,
): Promise<{ seconds: number }> {
  const started = wallClock();
  let off = () => {};
  const emptied = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`search indexing did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const check = (state: SyncState) => {
      if (state.searchBacklog > 0) return;
      clearTimeout(timer);
      off();
      resolve();
    };
    off = core.events.on('sync.state', check);
    call('sync.state', {}).then(check, reject);
  });
  await emptied;
  return { seconds: (wallClock() - started) / 1000 };
}

/** The store as the core uses it, reporting each pulled page it stores (rows, ms). */
function observePages(store: Store, onPage: (rows: number, ms: number) => void): Store {
  return {
    async open(file, schema) {
      const db = await store.open(file, schema);
      const observed: StoreDb = {
        read: (name, args) => db.read(name, args),
        async write(name, args) {
          if (name !== 'sync.applyPulledBody') return db.write(name, args);
          const sent = wallClock();
          const result = await db.write(name, args);
          const page = result as { ok: boolean; changes?: number };
          if (page.ok) onPage(page.changes ?? 0, wallClock() - sent);
          return result;
        },
        close: () => db.close(),
      };
      return observed;
    },
    close: () => store.close(),
  };
}

/** Tickets a technician can still act on, in a stable order. */
export function openTicketIds(db: Database.Database, count: number): string[] {
  const rows = db
    .prepare("SELECT id FROM tickets WHERE status <> 'CLOSED' ORDER BY id LIMIT ?")
    .all(Math.max(1, count)) as { id: string }[];
  if (rows.length === 0) throw new Error('the dataset has no open tickets to change');
  return rows.map((r) => r.id);
}
