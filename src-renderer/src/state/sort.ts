import type { TicketSortColumn } from '../../../src-shared/domain/ticket';
import type { TicketSort } from '../api/ticket-pages';

/** DESIGN.md, "Search": queues default to the last update, newest first. */
export const defaultSort: TicketSort = { column: 'updatedAt', direction: 'desc' };

/** Dates and urgency read best newest/most urgent first; text and numbers read best A→Z. */
const descendingFirst: ReadonlySet<TicketSortColumn> = new Set([
  'updatedAt',
  'createdAt',
  'priority',
]);

/** Clicking the sorted column flips it; clicking another starts in that column's natural direction. */
export function nextSort(current: TicketSort, column: TicketSortColumn): TicketSort {
  if (current.column === column)
    return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: descendingFirst.has(column) ? 'desc' : 'asc' };
}

export function ariaSort(
  current: TicketSort,
  column: TicketSortColumn,
): 'ascending' | 'descending' | 'none' {
  if (current.column !== column) return 'none';
  return current.direction === 'asc' ? 'ascending' : 'descending';
}
