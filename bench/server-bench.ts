import { randomUUID } from 'node:crypto';
import type { Mutation } from '../src-shared/mutations.js';
import { encodeCursor } from '../src-server/sync/cursor.js';
import type { Dataset } from './dataset.js';
import { figure, type Figure } from './figures.js';
import { pullPage, push, signIn } from './http-session.js';
import type { BenchServer } from './server-handle.js';
import { summarise, wallClock } from './stats.js';

export interface ServerPlan {
  pullClients: readonly number[];
  pullSeconds: number;
  /** Rows per pulled page (the client engine asks for 1,000). */
  pullPageRows: number;
  pushClients: number;
  pushMutations: number;
}

/** Signs in each load account once (sign-in is rate limited per account) and shares the tokens. */
export async function loadTokens(server: BenchServer, keys: readonly string[]): Promise<string[]> {
  return Promise.all(keys.map((key) => signIn(server.url, server.accounts.get(key)!)));
}

/**
 * Clients pulling pages of 1,000 changes as fast as the server answers, for a fixed time. Each
 * starts at a different point of the change log (as clients that last synced at different times
 * do) and wraps around at the end. Rows per second are summed over clients.
 */
export async function measurePull(
  server: BenchServer,
  dataset: Dataset,
  tokens: readonly string[],
  plan: ServerPlan,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  let single = 0;
  for (const clients of plan.pullClients) {
    const latencies: number[] = [];
    let rows = 0;
    const started = wallClock();
    const until = started + plan.pullSeconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const token = tokens[i % tokens.length]!;
        let cursor: string | null = encodeCursor(Math.floor((i / clients) * dataset.lastSeq));
        while (wallClock() < until) {
          const sent = wallClock();
          const page = await pullPage(server.url, token, cursor, plan.pullPageRows);
          latencies.push(wallClock() - sent);
          rows += page.rows;
          cursor = page.hasMore ? page.cursor : null;
        }
      }),
    );
    const rate = rows / ((wallClock() - started) / 1000);
    if (clients === plan.pullClients[0]) single = rate;
    const pages = summarise(latencies);
    figures.push(
      figure({
        id: `server.pull.c${clients}`,
        group: 'server',
        label: `Pull throughput, ${clients} concurrent client${clients === 1 ? '' : 's'} (pages of ${plan.pullPageRows.toLocaleString('en')})`,
        unit: 'rows/s',
        stat: 'rate',
        value: rate,
        summary: pages,
        baseline:
          clients === plan.pullClients[0]
            ? null
            : {
                label: `${plan.pullClients[0]} client`,
                value: single,
                unit: 'rows/s',
                ratio: rate / single,
                ratioMeaning: 'the single-client rate',
              },
        notes: `page p50 ${pages.p50.toFixed(0)} ms, p95 ${pages.p95.toFixed(0)} ms`,
      }),
    );
  }
  return figures;
}

/**
 * Several clients pushing batches of 100 internal notes at once; every mutation is applied in
 * its own transaction with its exactly-once record, as a real push is.
 */
export async function measurePush(
  server: BenchServer,
  tokens: readonly string[],
  ticketIds: readonly string[],
  plan: ServerPlan,
): Promise<Figure> {
  const perClient = Math.ceil(plan.pushMutations / plan.pushClients);
  const batchLatencies: number[] = [];
  let applied = 0;
  let sent = 0;
  const started = wallClock();
  await Promise.all(
    Array.from({ length: plan.pushClients }, async (_, c) => {
      const token = tokens[c % tokens.length]!;
      const clientId = randomUUID();
      for (let done = 0; done < perClient;) {
        const size = Math.min(100, perClient - done);
        const mutations: Mutation[] = Array.from({ length: size }, (_, k) => ({
          id: randomUUID(),
          name: 'ticket.note',
          args: {
            ticketId: ticketIds[(c * perClient + done + k) % ticketIds.length]!,
            messageId: randomUUID(),
            body: `Load note ${c}-${done + k}: controller checked in again.`,
          },
          baseVersion: null,
        }));
        const before = wallClock();
        const results = await push(server.url, token, clientId, mutations);
        batchLatencies.push(wallClock() - before);
        applied += results.filter((r) => r.status === 'applied').length;
        sent += size;
        done += size;
      }
    }),
  );
  const seconds = (wallClock() - started) / 1000;
  const batches = summarise(batchLatencies);
  return figure({
    id: 'server.push',
    group: 'server',
    label: `Push throughput, ${plan.pushClients} concurrent clients (batches of 100 notes)`,
    unit: 'mutations/s',
    stat: 'rate',
    value: applied / seconds,
    summary: batches,
    notes: `${applied} of ${sent} applied; batch p50 ${batches.p50.toFixed(0)} ms, p95 ${batches.p95.toFixed(0)} ms`,
  });
}
