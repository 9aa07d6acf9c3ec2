import { sql } from 'kysely';
import { summarise, type Summary } from '../stats.js';
import { createLoadFixture } from './fixtures.js';
import { LoadLog } from './load-log.js';
import { SimClient } from './sim-client.js';

/**
 * Many clients against one support server over loopback (issue "Load"): every client bootstraps,
 * keeps an SSE stream open, pulls when poked and pushes replies, notes and new tickets for the
 * given time. Then everyone catches up and the run is checked: no error answers, every push
 * applied exactly once (the database holds each written message and ticket once, and nothing
 * else), every client holds exactly the rows the server gives that person from scratch, and the
 * server's resident memory over the run.
 */
export interface LoadOptions {
  serverUrl: string;
  databaseUrl: string;
  /** The server process's resident memory in bytes (null where it cannot be read). */
  serverRss(): number | null;
  clients: number;
  seconds: number;
  organisations?: number;
  devicesPerPerson?: number;
  /** Mean time a client waits between rounds, and the chance it pushes in a round. */
  pace?: { meanWaitMs: number; pushChance: number };
  seed?: number;
  onProgress?(line: string): void;
}

export interface LoadReport {
  clients: number;
  people: number;
  seconds: number;
  bootstrapSeconds: number;
  requests: { pulls: number; pushes: number; resentPushes: number; perSecond: number };
  pulledRows: number;
  pokes: number;
  sseConnects: number;
  appliedMutations: number;
  latency: { pull: Summary; push: Summary };
  errors: { count: number; serverErrors: number; first: string[] };
  exactlyOnce: {
    messagesExpected: number;
    messagesFound: number;
    ticketsExpected: number;
    ticketsFound: number;
    /** Rows the run wrote that no applied push accounts for (a push applied twice). */
    unexpected: number;
  };
  convergence: { clients: number; diverged: number; first: string[] };
  memory: {
    beforeMb: number | null;
    baselineMb: number | null;
    peakMb: number | null;
    endMb: number | null;
    /** Peak minus the baseline taken once every client had bootstrapped. */
    growthMb: number | null;
    /** End minus the RSS a third of the way through the steady phase: a leak keeps climbing. */
    lateGrowthMb: number | null;
    /** [seconds since the steady phase started, MB], about one a second. */
    series: [number, number][];
  };
}

const mb = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 1048576));

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const say = options.onProgress ?? (() => {});
  const log = new LoadLog();
  const random = seeded(options.seed ?? 1);
  const fixture = await createLoadFixture(options.databaseUrl, {
    clients: options.clients,
    organisations: options.organisations ?? 4,
    devicesPerPerson: options.devicesPerPerson ?? 5,
  });
  try {
    const before = options.serverRss();
    const clients = fixture.clients.map(
      (spec) => new SimClient(spec, options.serverUrl, log, seeded(random() * 2 ** 31)),
    );
    say(`${clients.length} clients for ${fixture.observers.size} people; bootstrapping`);
    const bootstrapStarted = Date.now();
    await inBatches(clients, 25, (c) => c.bootstrap());
    for (const client of clients) client.listen();
    const bootstrapSeconds = (Date.now() - bootstrapStarted) / 1000;

    const series: [number, number][] = [];
    const steadyStart = Date.now();
    const baseline = options.serverRss();
    let peak = baseline;
    const sampler = setInterval(() => {
      const rss = options.serverRss();
      if (rss === null) return;
      peak = Math.max(peak ?? 0, rss);
      series.push([Math.round((Date.now() - steadyStart) / 1000), mb(rss)!]);
    }, 1000);
    const progress = setInterval(
      () => {
        const elapsed = Math.round((Date.now() - steadyStart) / 1000);
        say(
          `${elapsed}s: ${log.get('pulls')} pulls, ${log.get('pushes')} pushes, ${log.get('appliedMutations')} applied, ${log.errorCount} errors, server ${mb(options.serverRss())} MB`,
        );
      },
      Math.max(5000, Math.min(30_000, (options.seconds * 1000) / 6)),
    );

    const until = steadyStart + options.seconds * 1000;
    const pace = options.pace ?? { meanWaitMs: 5000, pushChance: 0.2 };
    try {
      await Promise.all(clients.map((c) => c.run(until, pace)));
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
    }
    const steadySeconds = (Date.now() - steadyStart) / 1000;
    const end = options.serverRss();
    const third = series.find(([at]) => at >= options.seconds / 3)?.[1] ?? null;
    for (const client of clients) client.stop();

    say('catching up and checking');
    await inBatches(clients, 50, (c) => c.pullToHead());
    const convergence = await checkConvergence(options.serverUrl, fixture.observers, clients);
    const exactlyOnce = await checkExactlyOnce(fixture.db, log);
    const requests = log.get('pulls') + log.get('pushes');
    return {
      clients: clients.length,
      people: fixture.observers.size,
      seconds: Math.round(steadySeconds),
      bootstrapSeconds: Math.round(bootstrapSeconds * 10) / 10,
      requests: {
        pulls: log.get('pulls'),
        pushes: log.get('pushes'),
        resentPushes: log.get('resentPushes'),
        perSecond: Math.round(requests / (bootstrapSeconds + steadySeconds)),
      },
      pulledRows: log.get('pulledRows'),
      pokes: log.get('pokes'),
      sseConnects: log.get('sseConnects'),
      appliedMutations: log.get('appliedMutations'),
      latency: { pull: summarise(log.samples.pull), push: summarise(log.samples.push) },
      errors: { count: log.errorCount, serverErrors: log.serverErrors, first: log.errors },
      exactlyOnce,
      convergence,
      memory: {
        beforeMb: mb(before),
        baselineMb: mb(baseline),
        peakMb: mb(peak),
        endMb: mb(end),
        growthMb: peak !== null && baseline !== null ? mb(peak - baseline) : null,
        lateGrowthMb: end !== null && third !== null ? mb(end)! - third : null,
        series,
      },
    };
  } finally {
    await fixture.close();
  }
}

/** Each client against a fresh bootstrap of the same person: the same rows, row for row. */
async function checkConvergence(
  serverUrl: string,
  observers: Map<string, string>,
  clients: SimClient[],
): Promise<LoadReport['convergence']> {
  const first: string[] = [];
  let diverged = 0;
  const truth = new Map<string, Map<string, string>>();
  for (const [userId, accessToken] of observers) {
    const fresh = new SimClient(
      { index: -1, userId, role: 'technician', organisationId: null, siteId: null, accessToken },
      serverUrl,
      new LoadLog(),
      Math.random,
    );
    await fresh.bootstrap();
    truth.set(userId, fresh.rows);
  }
  for (const client of clients) {
    const expected = truth.get(client.spec.userId)!;
    const missing = [...expected].filter(([key, value]) => client.rows.get(key) !== value);
    const extra = [...client.rows.keys()].filter((key) => !expected.has(key));
    if (missing.length === 0 && extra.length === 0) continue;
    diverged += 1;
    if (first.length < 5)
      first.push(
        `client ${client.spec.index}: ${missing.length} rows differ or are missing (${missing
          .slice(0, 3)
          .map(([k]) => k)
          .join(', ')}), ${extra.length} extra`,
      );
  }
  return { clients: clients.length, diverged, first };
}

async function checkExactlyOnce(
  db: Awaited<ReturnType<typeof createLoadFixture>>['db'],
  log: LoadLog,
): Promise<LoadReport['exactlyOnce']> {
  const found = async (table: 'messages' | 'tickets', ids: string[]) => {
    let n = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .selectFrom(table)
        .select('id')
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
      n += rows.length;
    }
    return n;
  };
  const messageIds = [...log.messages.keys()];
  const ticketIds = [...log.tickets.keys()];
  // every row the run wrote carries "Load " at the start of its text
  const written = await sql<{ messages: string; tickets: string }>`
    SELECT (SELECT COUNT(*) FROM messages WHERE body LIKE 'Load %') AS messages,
           (SELECT COUNT(*) FROM tickets WHERE subject LIKE 'Load %') AS tickets`.execute(db);
  const row = written.rows[0]!;
  return {
    messagesExpected: messageIds.length,
    messagesFound: await found('messages', messageIds),
    ticketsExpected: ticketIds.length,
    ticketsFound: await found('tickets', ticketIds),
    unexpected: Number(row.messages) - messageIds.length + (Number(row.tickets) - ticketIds.length),
  };
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map(work));
}

/** A small deterministic generator (mulberry32), so a run's choices repeat for a seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The report as lines for a terminal or a test's output. */
export function formatLoadReport(r: LoadReport): string[] {
  const ms = (s: Summary) =>
    s.n === 0
      ? 'none'
      : `p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (n=${s.n})`;
  return [
    `${r.clients} clients (${r.people} people) for ${r.seconds} s after a ${r.bootstrapSeconds} s bootstrap`,
    `requests: ${r.requests.pulls} pulls, ${r.requests.pushes} pushes (${r.requests.resentPushes} re-sent), ${r.requests.perSecond} a second; ${r.pulledRows} rows pulled; ${r.pokes} pokes over ${r.sseConnects} SSE streams`,
    `pull latency: ${ms(r.latency.pull)}`,
    `push latency: ${ms(r.latency.push)}`,
    `applied: ${r.appliedMutations} mutations; in the database ${r.exactlyOnce.messagesFound}/${r.exactlyOnce.messagesExpected} messages and ${r.exactlyOnce.ticketsFound}/${r.exactlyOnce.ticketsExpected} tickets, ${r.exactlyOnce.unexpected} unexpected`,
    `errors: ${r.errors.count} (${r.errors.serverErrors} 5xx)${r.errors.first.length ? `: ${r.errors.first.slice(0, 3).join(' | ')}` : ''}`,
    `converged: ${r.convergence.clients - r.convergence.diverged}/${r.convergence.clients} clients${r.convergence.first.length ? `: ${r.convergence.first.join(' | ')}` : ''}`,
    `server RSS: ${r.memory.beforeMb} MB before the clients, ${r.memory.baselineMb} MB after their bootstrap, peak ${r.memory.peakMb} MB, ${r.memory.endMb} MB at the end (growth ${r.memory.growthMb} MB over the baseline; ${r.memory.lateGrowthMb} MB over the last two thirds)`,
  ];
}
