import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { TicketListQuery, type TicketSortColumn } from '../src-shared/domain/ticket.js';
import {
  getTicket,
  getTimeline,
  listTickets,
  searchTickets,
} from '../src-main/core/store/queries/tickets.js';
import { TICKET_PAGE_SIZE } from '../src-renderer/src/api/ticket-pages.js';
import { savedViewsFor } from '../src-renderer/src/state/views.js';
import type { ClientUnderTest } from './client.js';
import type { Dataset } from './dataset.js';
import { figure, targets, type Figure } from './figures.js';
import { push, signIn } from './http-session.js';
import { likeSearch } from './like-search.js';
import type { BenchServer } from './server-handle.js';
import { listenForPokes } from './sse.js';
import { sample, sleep, summarise, wallClock } from './stats.js';

/** How many times each client measurement is repeated at a dataset size. */
export interface ClientPlan {
  queueIterations: number;
  /** The same queries without indexes take a full sort each: fewer runs. */
  slowIterations: number;
  searchIterations: number;
  openSamples: number;
  liveSamples: number;
  writes: number;
  /** Time budget of one measurement through the core (and of its inline twin). */
  budgetMs: number;
  /** Time budget of one unindexed or LIKE baseline. */
  slowBudgetMs: number;
}

const timed = (plan: ClientPlan) => ({ budgetMs: plan.budgetMs, minimum: 10 });
const slow = (plan: ClientPlan) => ({ warmup: 1, budgetMs: plan.slowBudgetMs, minimum: 2 });

const p50 = (times: number[]) => summarise(times).p50;

// ── queues ──────────────────────────────────────────────────────────────────────────────────

interface QueueCase {
  id: string;
  label: string;
  query: TicketListQuery;
}

/** The staff's saved views as the list asks for their first page, plus two other sort orders. */
export function queueCases(): QueueCase[] {
  const page = { offset: 0, limit: TICKET_PAGE_SIZE };
  const newest = { column: 'updatedAt' as TicketSortColumn, direction: 'desc' as const };
  const views = savedViewsFor('staff');
  const cases: QueueCase[] = views.map((view) => ({
    id: `client.queue.${view.id}`,
    label: `queue "${view.label}", newest first`,
    query: { ...view.filter, sort: newest, ...page },
  }));
  const needsAction = views.find((v) => v.id === 'needs-action');
  if (needsAction)
    cases.push({
      id: 'client.queue.needs-action.by-priority',
      label: 'queue "Needs action", by priority',
      query: { ...needsAction.filter, sort: { column: 'priority', direction: 'desc' }, ...page },
    });
  cases.push({
    id: 'client.queue.all.by-site',
    label: 'queue "All tickets", by site name',
    query: { sort: { column: 'siteName', direction: 'asc' }, ...page },
  });
  return cases;
}

export async function measureQueues(
  client: ClientUnderTest,
  withoutIndexes: Database.Database,
  plan: ClientPlan,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const c of queueCases()) {
    const times = await sample(
      plan.queueIterations,
      () => client.call('tickets.list', c.query),
      timed(plan),
    );
    const parsed = TicketListQuery.parse(c.query);
    const indexed = await sample(
      plan.queueIterations,
      () => listTickets(client.db, parsed),
      timed(plan),
    );
    const bare = await sample(
      plan.slowIterations,
      () => listTickets(withoutIndexes, parsed),
      slow(plan),
    );
    const summary = summarise(times);
    figures.push(
      figure({
        id: c.id,
        group: 'client',
        label: `First page (${TICKET_PAGE_SIZE} rows) of ${c.label}`,
        unit: 'ms',
        stat: 'p95',
        value: summary.p95,
        summary,
        target: targets.queuePage,
        baseline: {
          label: 'same query, queue indexes dropped',
          value: p50(bare),
          unit: 'ms',
          ratio: p50(bare) / p50(indexed),
          ratioMeaning: 'speed-up from the indexes',
        },
      }),
    );
  }
  return figures;
}

// ── search ──────────────────────────────────────────────────────────────────────────────────

export function searchCases(dataset: Dataset) {
  const numbered = dataset.ticket(Math.floor(dataset.spec.tickets / 3));
  return [
    {
      id: 'client.search.common',
      label: `Search a word in 1 message of 6 ("${dataset.planted.common.word}")`,
      query: dataset.planted.common.word,
    },
    {
      id: 'client.search.rare',
      label: `Search a word in exactly 1 message ("${dataset.planted.rare.word}")`,
      query: dataset.planted.rare.word,
    },
    {
      id: 'client.search.two-words',
      label: 'Search two words ("keypad offline")',
      query: 'keypad offline',
    },
    {
      id: 'client.search.number',
      label: `Search a ticket number (${numbered.number})`,
      query: numbered.number,
    },
  ];
}

export async function measureSearch(
  client: ClientUnderTest,
  dataset: Dataset,
  plan: ClientPlan,
): Promise<{ figures: Figure[]; checks: Record<string, number | boolean> }> {
  const figures: Figure[] = [];
  const limit = 50;
  for (const c of searchCases(dataset)) {
    const times = await sample(
      plan.searchIterations,
      () => client.call('tickets.search', { query: c.query, limit }),
      timed(plan),
    );
    const fts = await sample(
      plan.searchIterations,
      () => searchTickets(client.db, { query: c.query, limit }),
      timed(plan),
    );
    const like = await sample(
      plan.slowIterations,
      () => likeSearch(client.db, { query: c.query, limit }),
      slow(plan),
    );
    const summary = summarise(times);
    figures.push(
      figure({
        id: c.id,
        group: 'client',
        label: c.label,
        unit: 'ms',
        stat: 'p95',
        value: summary.p95,
        summary,
        target: targets.search,
        baseline: {
          label: 'LIKE over the same columns',
          value: p50(like),
          unit: 'ms',
          ratio: p50(like) / p50(fts),
          ratioMeaning: 'speed-up over LIKE',
        },
      }),
    );
  }
  // The planted words are where the dataset put them: the figures measure what they claim.
  const rareHits = await client.call('tickets.search', { query: dataset.planted.rare.word, limit });
  const countMatches = (word: string) =>
    (
      client.db
        .prepare('SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?')
        .get(`"${word}"*`) as { n: number }
    ).n;
  return {
    figures,
    checks: {
      commonWordMessages: countMatches(dataset.planted.common.word),
      rareWordMessages: countMatches(dataset.planted.rare.word),
      rareWordFound: rareHits.some((h) => h.ticket.id === dataset.planted.rare.ticketId),
    },
  };
}

// ── opening a ticket ────────────────────────────────────────────────────────────────────────

export async function measureOpenTicket(
  client: ClientUnderTest,
  withoutIndexes: Database.Database,
  dataset: Dataset,
  plan: ClientPlan,
): Promise<Figure> {
  const ids = Array.from(
    { length: plan.openSamples },
    (_, k) => dataset.ticket(Math.floor((k * dataset.spec.tickets) / plan.openSamples)).id,
  );
  const times = await sample(
    ids.length,
    (i) =>
      Promise.all([
        client.call('tickets.get', { id: ids[i]! }),
        client.call('tickets.timeline', { id: ids[i]! }),
      ]),
    timed(plan),
  );
  const open = (db: Database.Database, i: number) => {
    getTicket(db, { id: ids[i % ids.length]! });
    getTimeline(db, { ticketId: ids[i % ids.length]!, includeInternal: true });
  };
  const indexed = await sample(ids.length, (i) => open(client.db, i), timed(plan));
  const bare = await sample(plan.slowIterations, (i) => open(withoutIndexes, i), slow(plan));
  const summary = summarise(times);
  return figure({
    id: 'client.open-ticket',
    group: 'client',
    label: 'Open a ticket: its row and timeline (two calls, in parallel)',
    unit: 'ms',
    stat: 'p95',
    value: summary.p95,
    summary,
    target: targets.openTicket,
    baseline: {
      label: 'same reads, timeline index dropped',
      value: p50(bare),
      unit: 'ms',
      ratio: p50(bare) / p50(indexed),
      ratioMeaning: 'speed-up from the index',
    },
    notes: `${ids.length} tickets spread over the dataset, ${(dataset.spec.messages / dataset.spec.tickets).toFixed(0)} messages each on average`,
  });
}

// ── a change on the server reaching another client ─────────────────────────────────────────

/**
 * Another technician adds notes to open tickets, one at a time. For each commit the server
 * reports when it committed; a bare poke listener records when its poke arrived, and the client
 * under test when the note is in its database (pulled, stored, change event emitted).
 */
export async function measureLiveUpdates(
  client: ClientUnderTest,
  server: BenchServer,
  plan: ClientPlan,
): Promise<Figure[]> {
  const writer = server.accounts.get('writer')!;
  const observer = server.accounts.get('observer')!;
  const writerToken = await signIn(server.url, writer);
  const observerToken = await signIn(server.url, observer);
  const pokes = new Map<number, number>();
  const listener = await listenForPokes(server.url, observerToken, (seq, at) => {
    if (!pokes.has(seq)) pokes.set(seq, at);
  });
  const tickets = openTicketIds(client.db, plan.liveSamples);
  const hasMessage = client.db.prepare('SELECT 1 FROM messages WHERE id = ?');
  const clientId = randomUUID();
  const pokeTimes: number[] = [];
  const visibleTimes: number[] = [];
  let missed = 0;
  server.watchCommits(true);
  try {
    await sleep(200); // the listener's first poke (the current head) is not a sample
    for (let k = 0; k < plan.liveSamples; k++) {
      const messageId = randomUUID();
      const visible = new Promise<number>((resolve, reject) => {
        const check = () => {
          if (hasMessage.get(messageId)) {
            off();
            clearTimeout(timer);
            resolve(wallClock());
          }
        };
        const off = client.core.events.on('store.changed', (event) => {
          if (event.tables.includes('messages')) check();
        });
        const timer = setTimeout(() => {
          off();
          reject(new Error('not visible within 10 s'));
        }, 10_000);
      });
      const [result] = await push(server.url, writerToken, clientId, [
        {
          id: randomUUID(),
          name: 'ticket.note',
          args: {
            ticketId: tickets[k % tickets.length]!,
            messageId,
            body: `Live update ${k}: checked remotely.`,
          },
          baseVersion: null,
        },
      ]);
      if (result?.status !== 'applied')
        throw new Error(`the writer's note was not applied: ${JSON.stringify(result)}`);
      const seen = visible.then(
        (at) => at,
        () => null,
      );
      const commit = await server.nextCommit();
      const at = await seen;
      if (at === null) missed += 1;
      else visibleTimes.push(at - commit.at);
      const poked = pokes.get(commit.seq);
      if (poked !== undefined) pokeTimes.push(poked - commit.at);
      await sleep(50);
    }
  } finally {
    server.watchCommits(false);
    listener.close();
  }
  const poke = summarise(pokeTimes);
  const visible = summarise(visibleTimes);
  return [
    figure({
      id: 'server.poke',
      group: 'server',
      label: 'Commit to poke received by a connected SSE client',
      unit: 'ms',
      stat: 'p95',
      value: poke.n > 0 ? poke.p95 : null,
      ...(poke.n === 0 ? { unavailable: 'no poke arrived for any commit' } : {}),
      summary: poke,
      notes: `${poke.n} of ${plan.liveSamples} commits poked`,
    }),
    figure({
      id: 'client.visible',
      group: 'client',
      label: 'A change on the server visible on another client (poke, pull, store)',
      unit: 'ms',
      stat: 'p95',
      value: visible.n > 0 ? visible.p95 : null,
      ...(visible.n === 0 ? { unavailable: 'no change became visible within 10 s' } : {}),
      summary: visible,
      target: targets.visible,
      notes:
        missed > 0 ? `${missed} of ${plan.liveSamples} changes not visible within 10 s` : undefined,
    }),
  ];
}

function openTicketIds(db: Database.Database, count: number): string[] {
  const rows = db
    .prepare("SELECT id FROM tickets WHERE status <> 'CLOSED' ORDER BY id LIMIT ?")
    .all(Math.max(1, count)) as { id: string }[];
  if (rows.length === 0) throw new Error('the dataset has no open tickets to change');
  return rows.map((r) => r.id);
}

// ── offline writes, then draining them ──────────────────────────────────────────────────────

/**
 * A technician works offline: replies, notes, priority changes and assignments, each written
 * with its outbox entry in one transaction (timed one by one). Then the network comes back and
 * the whole outbox is pushed and pulled back (timed until nothing is pending).
 */
export async function measureWritesAndDrain(
  client: ClientUnderTest,
  dataset: Dataset,
  plan: ClientPlan,
): Promise<Figure[]> {
  const tickets = openTicketIds(
    client.db,
    Math.min(1000, Math.max(1, Math.floor(plan.writes / 5))),
  );
  const priorities = ['low', 'normal', 'high', 'critical'] as const;
  const write = (k: number) => {
    const ticketId = tickets[k % tickets.length]!;
    const kind = k % 20;
    if (kind < 11)
      return client.call('tickets.reply', {
        ticketId,
        body: `Reply ${k}: we checked the controller remotely and the keypad answers again.`,
      });
    if (kind < 16)
      return client.call('tickets.note', {
        ticketId,
        body: `Note ${k}: same symptom as last month.`,
      });
    if (kind < 18)
      return client.call('tickets.setPriority', { ticketId, priority: priorities[k % 4]! });
    return client.call('tickets.assign', {
      ticketId,
      assigneeId: dataset.technicianIds[k % dataset.technicianIds.length]!,
    });
  };

  client.network.offline = true;
  let writeTimes: number[];
  let before;
  try {
    writeTimes = await sample(plan.writes, write, { warmup: 0 });
    // Let the cycle the last write started fail while still offline, so that nothing is pushed
    // before the clock starts.
    before = await client.call('sync.now', {});
  } finally {
    client.network.offline = false;
  }
  const started = wallClock();
  let state = before;
  let failedCycles = 0;
  while (state.pendingCount > 0) {
    if (wallClock() - started > 600_000)
      throw new Error('the outbox did not drain within 10 minutes');
    state = await client.call('sync.now', {});
    failedCycles = state.status === 'idle' || state.status === 'syncing' ? 0 : failedCycles + 1;
    if (failedCycles >= 5)
      throw new Error(
        `draining failed: ${state.status}: ${state.lastError ?? ''} ${client.log.join(' | ')}`,
      );
    if (state.pendingCount > 0 && failedCycles > 0) await sleep(100);
  }
  const drainSeconds = (wallClock() - started) / 1000;
  const writes = summarise(writeTimes);
  const refused = state.needsAttentionCount - before.needsAttentionCount;
  return [
    figure({
      id: 'client.write',
      group: 'client',
      label: 'Optimistic write + outbox entry (reply, note, priority, assignment; offline)',
      unit: 'ms',
      stat: 'p99',
      value: writes.p99,
      summary: writes,
      target: targets.write,
    }),
    figure({
      id: 'client.drain',
      group: 'client',
      label: `Drain ${before.pendingCount.toLocaleString('en')} queued mutations (push in batches, then pull)`,
      unit: 's',
      stat: 'total',
      value: drainSeconds,
      compareValue: before.pendingCount / drainSeconds,
      target: { ...targets.drainRate, text: `${targets.drainRate.text} (≥ 167/s)` },
      notes: `${(before.pendingCount / drainSeconds).toFixed(0)} mutations/s${refused > 0 ? `; ${refused} refused by the server` : ''}`,
    }),
  ];
}
