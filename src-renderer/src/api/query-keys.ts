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
  /** Full-text search reads the tickets' and their messages' index; a reply also touches its ticket. */
  search: (query: string, limit: number) => ['tickets', 'search', query, limit] as const,
  timeline: (ticketId: string) => ['messages', 'timeline', ticketId] as const,
  pendingChanges: () => ['outbox', 'pending'] as const,
  attention: () => ['needs_attention', 'list'] as const,
  directorySites: () => ['sites', 'directory'] as const,
  directoryUsers: () => ['users', 'directory'] as const,
  kbSections: () => ['kb_sections'] as const,
  kbArticles: (sectionId: string | null, limit: number) =>
    ['kb_articles', 'list', sectionId, limit] as const,
  kbArticle: (id: string) => ['kb_articles', 'detail', id] as const,
  kbSearch: (query: string, limit: number) => ['kb_articles', 'search', query, limit] as const,
  /** Not a table: refreshed by sign-in and sign-out, profile switches and sync status changes. */
  session: () => ['session'] as const,
  profiles: () => ['profiles'] as const,
  syncState: () => ['sync', 'state'] as const,
  appInfo: () => ['app', 'info'] as const,
};
