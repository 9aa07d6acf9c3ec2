import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { CallOutput } from '../../../src-shared/contract';
import type { ProfileInput } from '../../../src-shared/domain/profile';
import type { TicketListQuery, TicketSummary } from '../../../src-shared/domain/ticket';
import type { TicketDetail } from '../../../src-shared/domain/timeline';
import { call } from './client';
import { queryKeys, type TicketFilter } from './query-keys';
import { pageQuery, TICKET_PAGE_SIZE, type TicketSort } from './ticket-pages';

/**
 * Server data reaches components only through these hooks. Freshness comes from core events
 * (cache-events.ts), not from timers or window focus.
 */

export type TicketPage = CallOutput<'tickets.list'>;

export const ticketsQuery = (query: TicketListQuery) =>
  queryOptions({
    queryKey: queryKeys.ticketList(query),
    queryFn: () => call('tickets.list', query),
  });

export function useTickets(query: TicketListQuery) {
  return useQuery(ticketsQuery(query));
}

/** How many tickets match a filter; one row is the cheapest call that returns the total. */
export function useTicketCount(filter: TicketFilter) {
  return useQuery({
    queryKey: queryKeys.ticketCount(filter),
    queryFn: () => call('tickets.list', { ...filter, limit: 1 }),
    select: (page) => page.total,
  });
}

/** The pages of one sorted, filtered list that the virtual window needs right now. */
export function useTicketPages(filter: TicketFilter, sort: TicketSort, pages: readonly number[]) {
  return useQueries({
    queries: pages.map((page) => ticketsQuery(pageQuery(filter, sort, page, TICKET_PAGE_SIZE))),
  });
}

/** A row already in a loaded list page, so a selected ticket shows at once while its own query runs. */
function findListedTicket(queryClient: QueryClient, id: string): TicketSummary | undefined {
  for (const [, page] of queryClient.getQueriesData<TicketPage>({
    queryKey: ['tickets', 'list'],
  })) {
    const row = page?.rows.find((ticket) => ticket.id === id);
    if (row) return row;
  }
  return undefined;
}

/** The rows of these tickets, from loaded list pages where possible, else read one by one. */
export async function ticketSummaries(
  queryClient: QueryClient,
  ids: readonly string[],
): Promise<TicketSummary[]> {
  const rows: TicketSummary[] = [];
  for (const id of ids) {
    const row = findListedTicket(queryClient, id) ?? (await call('tickets.get', { id }));
    if (row) rows.push(row);
  }
  return rows;
}

/** A full ticket, as opposed to a list row standing in for it while it loads. */
export function isTicketDetail(ticket: TicketSummary | TicketDetail): ticket is TicketDetail {
  return 'description' in ticket;
}

/** The ticket, or its list row while the full ticket loads (see isTicketDetail). */
export function useTicket(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery<TicketDetail | TicketSummary | null>({
    queryKey: queryKeys.ticket(id ?? ''),
    queryFn: () => call('tickets.get', { id: id ?? '' }),
    enabled: id !== null,
    placeholderData: () => (id ? findListedTicket(queryClient, id) : undefined),
  });
}

export function useTimeline(ticketId: string | null) {
  return useQuery({
    queryKey: queryKeys.timeline(ticketId ?? ''),
    queryFn: () => call('tickets.timeline', { id: ticketId ?? '' }),
    enabled: ticketId !== null,
  });
}

/** Local full-text search; keeps the previous hits on screen while the next query runs. */
export function useSearch(query: string, limit = 50) {
  const trimmed = query.trim();
  return useQuery({
    queryKey: queryKeys.search(trimmed, limit),
    queryFn: () => call('tickets.search', { query: trimmed, limit }),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Who is signed in to the active profile (null before the first sign-in). */
export function useSession() {
  return useQuery({ queryKey: queryKeys.session(), queryFn: () => call('session.current', {}) });
}

export function usePendingChanges() {
  return useQuery({
    queryKey: queryKeys.pendingChanges(),
    queryFn: () => call('sync.pending', {}),
  });
}

export function useAttentionItems() {
  return useQuery({
    queryKey: queryKeys.attention(),
    queryFn: () => call('sync.attention.list', {}),
  });
}

/** Sites and people this user may see, for pickers. */
export function useDirectorySites() {
  return useQuery({
    queryKey: queryKeys.directorySites(),
    queryFn: () => call('directory.sites', {}),
  });
}

export function useDirectoryUsers() {
  return useQuery({
    queryKey: queryKeys.directoryUsers(),
    queryFn: () => call('directory.users', {}),
  });
}

export function useKbSections() {
  return useQuery({ queryKey: queryKeys.kbSections(), queryFn: () => call('kb.sections', {}) });
}

/** A section's articles, or the most read ones when no section is given. */
export function useKbArticles(sectionId: string | null, limit = 100) {
  return useQuery({
    queryKey: queryKeys.kbArticles(sectionId, limit),
    queryFn: () => call('kb.articles', { sectionId, limit }),
  });
}

export function useKbArticle(id: string | null) {
  return useQuery({
    queryKey: queryKeys.kbArticle(id ?? ''),
    queryFn: () => call('kb.article', { id: id ?? '' }),
    enabled: id !== null,
  });
}

/** Several knowledge-base searches at once (the new-ticket form asks with the subject and its words). */
export function useKbSearches(queries: readonly string[], limit = 5) {
  return useQueries({
    queries: queries.map((query) => ({
      queryKey: queryKeys.kbSearch(query, limit),
      queryFn: () => call('kb.search', { query, limit }),
      placeholderData: keepPreviousData,
    })),
  });
}

export function useProfiles() {
  return useQuery({ queryKey: queryKeys.profiles(), queryFn: () => call('profiles.list', {}) });
}

export function useSyncState() {
  return useQuery({ queryKey: queryKeys.syncState(), queryFn: () => call('sync.state', {}) });
}

export function useAppInfo() {
  return useQuery({
    queryKey: queryKeys.appInfo(),
    queryFn: () => call('app.info', {}),
    staleTime: Infinity,
  });
}

export function useSyncNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('sync.now', {}),
    onSuccess: (state) => queryClient.setQueryData(queryKeys.syncState(), state),
  });
}

/* Profile mutations refresh the profile list themselves rather than rely on which events the core emits for them. */

export function useAddProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProfileInput) => call('profiles.add', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.profiles() }),
  });
}

export function useActivateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('profiles.activate', { id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.profiles() }),
  });
}

export function useRemoveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('profiles.remove', { id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.profiles() }),
  });
}
