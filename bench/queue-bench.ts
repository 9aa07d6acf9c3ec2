import type Database from 'better-sqlite3';
import { TicketListQuery, type TicketSortColumn } from '../src-shared/domain/ticket.js';
import { listTickets } from '../src-main/core/store/queries/tickets.js';
import { TICKET_PAGE_SIZE } from '../src-renderer/src/api/ticket-pages.js';
import { savedViewsFor } from '../src-renderer/src/state/views.js';
import type { ClientUnderTest } from './client.js';
import { inline, p50, slow, timed, type ClientPlan } from './client-plan.js';
import { figure, targets, type Figure } from './figures.js';
import { sample, summarise } from './stats.js';

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
  const unassigned = views.find((v) => v.id === 'unassigned');
  if (unassigned)
    cases.push({
      id: 'client.queue.unassigned.by-priority',
      label: 'queue "Unassigned", by priority',
      query: { ...unassigned.filter, sort: { column: 'priority', direction: 'desc' }, ...page },
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
      inline(plan),
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
