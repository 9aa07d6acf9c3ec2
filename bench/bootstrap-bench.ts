import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BootstrapResult } from './client.js';
import type { Dataset } from './dataset.js';
import { figure, type Figure } from './figures.js';
import { mainThreadPageCost } from './page-cost.js';
import type { Spec } from './plans.js';
import { rawBatchedInsert } from './raw-insert.js';
import type { BenchServer } from './server-handle.js';

/**
 * The bootstrap's figures: its rate against the raw-insert floor (with and without the search
 * index), where its time went, the main thread's lag and what one page costs that thread, and
 * memory. Also checks that the client stored every row the server has.
 */
export async function bootstrapFigures(args: {
  result: BootstrapResult;
  server: BenchServer;
  dataset: Dataset;
  rawFraction: number;
  tempDir: string;
  /** The catalogue's bootstrap, lag, search-ready and memory specs, in that order. */
  specs: Spec[];
  /** A session for fetching pages to time. */
  pageToken: string;
}): Promise<{
  figures: Figure[];
  checks: Record<string, number | boolean | string>;
  clientDatabaseMb: number;
}> {
  const { result, server, dataset, rawFraction: fraction } = args;
  const checks: Record<string, number | boolean | string> = {};
  const expected = {
    tickets: dataset.counts.tickets,
    messages: dataset.counts.messages,
    sites: dataset.sites.length,
    users: dataset.users.length,
    units:
      result.stored.units !== null && server.tables.includes('units') ? dataset.units.length : null,
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
  const rows = server.syncedRows;
  const rate = rows / result.seconds;

  const rawInsert = (searchIndex: boolean) => {
    const file = join(args.tempDir, `raw-insert-${searchIndex ? 'fts' : 'plain'}.sqlite`);
    try {
      return rawBatchedInsert(result.client.db, file, { fraction, searchIndex });
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  };
  const raw = rawInsert(true);
  const rawRate = raw.rows / raw.seconds;
  const plain = rawInsert(false);
  const plainRate = plain.rows / plain.seconds;
  // the engine over the same first rows, from the pages it stored (one point per page)
  const reached = result.progress.find((p) => p.rows >= raw.rows) ?? result.progress.at(-1);
  const engineRate = fraction === 1 || !reached ? rate : reached.rows / reached.seconds;
  const { serverSeconds, storeSeconds } = result.breakdown;
  const rest = Math.max(0, result.seconds - serverSeconds - storeSeconds);
  const page = await mainThreadPageCost(server.url, args.pageToken, dataset.lastSeq);
  const [bootstrap, lag, searchReady, memory] = args.specs as [Spec, Spec, Spec, Spec];
  const backlog = result.searchBacklog;
  const untilSearchable = result.seconds + backlog.seconds;
  const share = `${Math.round(fraction * 100)}%`;

  return {
    checks,
    clientDatabaseMb: fileMb(result.client.profileFile),
    figures: [
      figure({
        ...bootstrap,
        label: `Bootstrap end to end over loopback (${rows.toLocaleString('en')} rows, worker store)`,
        value: rate,
        notes:
          `${result.seconds.toFixed(1)} s: server answers ${serverSeconds.toFixed(0)} s, ` +
          `parsing and storing pages in the store worker ${storeSeconds.toFixed(0)} s (the two overlap), the rest ${rest.toFixed(0)} s; ` +
          `messages are made searchable after it (next figure); ` +
          `raw insert with the search index ${Math.round(rawRate).toLocaleString('en')} rows/s` +
          (complete ? '' : '; INCOMPLETE: the client did not store every row'),
        baseline: {
          label:
            fraction === 1
              ? 'raw batched insert of the same rows, no search index'
              : `raw batched insert of the first ${share}, no search index (${plain.rows.toLocaleString('en')} rows; engine over the same rows ${Math.round(engineRate).toLocaleString('en')} rows/s)`,
          value: plainRate,
          unit: 'rows/s',
          ratio: engineRate / plainRate,
          ratioMeaning: 'of the raw insert rate',
        },
      }),
      figure({
        ...lag,
        value: result.lagP99Ms,
        notes:
          `max ${result.lagMaxMs.toFixed(0)} ms; one page of ${page.rows.toLocaleString('en')} rows (${Math.round(page.bytes / 1024)} KB) costs the main thread ` +
          `${page.cloneMs.toFixed(1)} ms to hand its bytes to the store worker, which parses (${page.parseMs.toFixed(1)} ms) and validates (${page.validateMs.toFixed(1)} ms) it`,
      }),
      figure({
        ...searchReady,
        value: rows / untilSearchable,
        notes:
          `${untilSearchable.toFixed(1)} s: the bootstrap's ${result.seconds.toFixed(1)} s, then ` +
          `${backlog.seconds.toFixed(1)} s indexing ${result.stored.messages.toLocaleString('en')} messages for search in chunks ` +
          `(${Math.round(result.stored.messages / Math.max(backlog.seconds, 0.001)).toLocaleString('en')} messages/s) while the app is usable`,
      }),
      figure({
        ...memory,
        value: result.rssAfterMb,
        notes: `${result.rssBeforeMb.toFixed(0)} MB before the core started; includes the store worker thread`,
      }),
    ],
  };
}

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
