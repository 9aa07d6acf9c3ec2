import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../src-shared/contract';
import { call } from './client';
import { ptiKeys } from './site-queries';

/**
 * The keypad tester's online calls: the gateway's own answer and the site's gate event log.
 * Neither reads a store table, so the log refreshes when a test entry is made or on request.
 */
export const keypadKeys = {
  events: (siteCode: string) => ['pti_gate_events', siteCode] as const,
};

/** Newest entries of the site's gate log; answers `ok: false` with a reason when the gateway is away. */
export function useGateEvents(siteCode: string, limit = 50) {
  return useQuery({
    queryKey: keypadKeys.events(siteCode),
    queryFn: () => call('pti.events.list', { siteCode, limit }),
    retry: false,
  });
}

/** Types the tenant's code at the keypad through the gateway; the entry then shows in the log. */
export function useTryAtGateway(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<CallInput<'pti.keypads.tryAtGateway'>, 'siteCode'>) =>
      call('pti.keypads.tryAtGateway', { siteCode, ...input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keypadKeys.events(siteCode) }),
  });
}

/** Pushes the whole site as Gatedesk sees it: what the tester suggests when the two disagree. */
export function useResyncSite(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('pti.rentals.resyncSite', { siteCode }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ptiKeys.rentals(siteCode) }),
  });
}
