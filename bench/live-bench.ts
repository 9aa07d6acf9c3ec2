import { randomUUID } from 'node:crypto';
import { openTicketIds, type ClientUnderTest } from './client.js';
import type { ClientPlan } from './client-plan.js';
import { figure, targets, type Figure } from './figures.js';
import { push, signIn } from './http-session.js';
import type { BenchServer } from './server-handle.js';
import { listenForPokes } from './sse.js';
import { sleep, summarise, wallClock } from './stats.js';

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
