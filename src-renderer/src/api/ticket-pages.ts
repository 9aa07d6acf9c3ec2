import type {
  TicketListQuery,
  TicketSortColumn,
  TicketStatus,
} from '../../../src-shared/domain/ticket';
import type { TicketFilter } from './query-keys';

/** Rows fetched per call as the list scrolls: small enough to answer in a few ms, big enough to scroll through. */
export const TICKET_PAGE_SIZE = 200;

export interface TicketSort {
  column: TicketSortColumn;
  direction: 'asc' | 'desc';
}

/** The pages that hold rows first..last (inclusive), clipped to the rows that exist. */
export function pagesForRange(
  first: number,
  last: number,
  total: number,
  pageSize = TICKET_PAGE_SIZE,
): number[] {
  if (total <= 0 || last < first) return [];
  const start = Math.max(0, Math.floor(Math.max(0, first) / pageSize));
  const end = Math.floor(Math.min(last, total - 1) / pageSize);
  const pages: number[] = [];
  for (let page = start; page <= end; page++) pages.push(page);
  return pages;
}

export function pageQuery(
  filter: TicketFilter,
  sort: TicketSort,
  page: number,
  pageSize = TICKET_PAGE_SIZE,
): TicketListQuery {
  return { ...filter, sort, offset: page * pageSize, limit: pageSize };
}

export function pageOf(
  index: number,
  pageSize = TICKET_PAGE_SIZE,
): { page: number; offsetInPage: number } {
  return { page: Math.floor(index / pageSize), offsetInPage: index % pageSize };
}

/** A status quick filter as the API's filter: no status means every ticket. */
export function statusFilter(status: TicketStatus | null): TicketFilter {
  return status ? { status: [status] } : {};
}
