import {
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

export function useTicket(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.ticket(id ?? ''),
    queryFn: () => call('tickets.get', { id: id ?? '' }),
    enabled: id !== null,
    placeholderData: () => (id ? findListedTicket(queryClient, id) : undefined),
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
