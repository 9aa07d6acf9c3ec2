import type Database from 'better-sqlite3';
import { getTicket, getTimeline } from '../src-main/core/store/queries/tickets.js';
import type { ClientUnderTest } from './client.js';
import { inline, p50, slow, timed, type ClientPlan } from './client-plan.js';
import type { Dataset } from './dataset.js';
import { figure, targets, type Figure } from './figures.js';
import { sample, summarise } from './stats.js';

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
  const indexed = await sample(ids.length, (i) => open(client.db, i), inline(plan));
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
