import type { TicketStatus } from '../../../../src-shared/domain/ticket.js';

/**
 * Statuses of the work still open, as the staff queues name them ("My open", "Unassigned",
 * "Breaching SLA"). Profile migration 11 derives the `queue_open` column from the same list
 * (SQL text in a migration cannot import it): change both together, in a new migration.
 */
export const queueOpenStatuses: readonly TicketStatus[] = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'];

/** The part of a ticket-list filter that decides whether the open-queue indexes serve it. */
interface OpenQueueFilter {
  status?: readonly TicketStatus[];
  siteId?: string;
  unitId?: string;
  callbackBetween?: unknown;
}

/**
 * A condition that adds nothing to the filter (every status asked for is open) but lets SQLite
 * read the open tickets' own small indexes in the list's order and stop after a page, instead
 * of collecting every ticket of each status and sorting them. Not added when the filter has a
 * more selective index of its own (one site, one unit, the day's callbacks).
 */
export function openQueueCondition(filter: OpenQueueFilter): string | null {
  const { status } = filter;
  if (!status || status.length === 0) return null;
  if (!status.every((s) => queueOpenStatuses.includes(s))) return null;
  if (filter.siteId !== undefined || filter.unitId !== undefined || filter.callbackBetween)
    return null;
  return 't.queue_open = 1';
}
