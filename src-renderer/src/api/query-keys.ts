import type { TicketListQuery } from '../../../src-shared/domain/ticket';

/** The filter part of a ticket query: what decides which tickets, not their order or window. */
export type TicketFilter = Omit<TicketListQuery, 'sort' | 'offset' | 'limit'>;

/**
 * Every query key starts with the store table it reads, so a `store.changed` event can be
 * turned into invalidations without knowing which screens are open.
 */
export const queryKeys = {
  ticketList: (query: TicketListQuery) => ['tickets', 'list', query] as const,
  ticketCount: (filter: TicketFilter) => ['tickets', 'count', filter] as const,
  ticket: (id: string) => ['tickets', 'detail', id] as const,
  profiles: () => ['profiles'] as const,
  syncState: () => ['sync', 'state'] as const,
  appInfo: () => ['app', 'info'] as const,
};
