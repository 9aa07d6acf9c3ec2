import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatLoadReport, runLoad } from '../../../bench/load/run-load.js';
import { startServerChild, type ServerChild } from '../../../bench/load/server-child.js';
import { freshDatabaseUrl } from '../../helpers/server-db.js';
import { tempDir } from '../../helpers/temp-dir.js';

/**
 * The short form of the load run (BENCHMARKS.md, "Load: 200 clients"): 200 simulated clients sync
 * and push against the built support server, in its own process on a real PostgreSQL, for 20
 * seconds. No error answer, every push applied exactly once, every client converged on the
 * server's state, and the server's memory stays bounded. The long form is `npm run load`.
 */
const CLIENTS = 200;
const SECONDS = 20;
/** Generous: the server idles near 110 MB and held near 200 MB for minutes under this load (BENCHMARKS.md). */
const RSS_GROWTH_LIMIT_MB = 256;

const root = fileURLToPath(new URL('../../..', import.meta.url));
let server: ServerChild;
let databaseUrl: string;
let work: ReturnType<typeof tempDir>;

beforeAll(async () => {
  work = tempDir('load');
  databaseUrl = await freshDatabaseUrl('load');
  server = await startServerChild({ root, databaseUrl, dataDir: join(work.path, 'server') });
});
afterAll(async () => {
  await server?.stop();
  work?.remove();
});

it(
  `holds ${CLIENTS} clients syncing and pushing for ${SECONDS} s`,
  { timeout: 120_000 },
  async () => {
    const report = await runLoad({
      serverUrl: server.url,
      databaseUrl,
      serverRss: () => server.rss(),
      clients: CLIENTS,
      seconds: SECONDS,
    });
    console.log(formatLoadReport(report).join('\n'));

    expect(report.errors.first, 'no error answers, no dropped stream').toEqual([]);
    expect(report.errors.count).toBe(0);
    // the run did real work: most clients pushed, everyone was poked
    expect(report.appliedMutations).toBeGreaterThan(CLIENTS / 4);
    expect(report.pokes).toBeGreaterThan(CLIENTS);
    expect(report.requests.resentPushes).toBeGreaterThan(0);
    // exactly once: each applied push's row is there once, and no row is there that none explains
    expect(report.exactlyOnce.messagesFound).toBe(report.exactlyOnce.messagesExpected);
    expect(report.exactlyOnce.ticketsFound).toBe(report.exactlyOnce.ticketsExpected);
    expect(report.exactlyOnce.unexpected).toBe(0);
    expect(report.convergence.first).toEqual([]);
    expect(report.convergence.diverged).toBe(0);
    if (report.memory.growthMb !== null)
      expect(report.memory.growthMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    expect(server.output()).not.toMatch(/\b(error|fatal)\b/i);
  },
);
