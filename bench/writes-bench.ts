import { openTicketIds, type ClientUnderTest } from './client.js';
import type { ClientPlan } from './client-plan.js';
import { figure, targets, type Figure } from './figures.js';
import { sample, sleep, summarise, wallClock } from './stats.js';

/**
 * A technician works offline: replies, notes, priority changes and assignments, each written
 * with its outbox entry in one transaction (timed one by one). Then the network comes back and
 * the whole outbox is pushed and pulled back (timed until nothing is pending).
 */
export async function measureWritesAndDrain(
  client: ClientUnderTest,
  technicianIds: string[],
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
      assigneeId: technicianIds[k % technicianIds.length]!,
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
