import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../src-shared/contract';
import { call } from '../../api/client';

/**
 * Callbacks and the business calendar from the core. Keys start with the store tables they read
 * (`callbacks`, `business_calendars`), so `store.changed` refreshes them after every local change
 * and every pull: a tentative booking turns confirmed, or disappears after a conflict, by itself.
 */
export const callbackKeys = {
  list: (input: CallInput<'callbacks.list'>) => ['callbacks', 'list', input] as const,
  free: (input: CallInput<'callbacks.freeSlots'>) => ['callbacks', 'free', input] as const,
  calendar: () => ['business_calendars', 'default'] as const,
  policy: () => ['business_calendars', 'sla-policy'] as const,
};

export function useCallbackList(input: CallInput<'callbacks.list'>, enabled = true) {
  return useQuery({
    queryKey: callbackKeys.list(input),
    queryFn: () => call('callbacks.list', input),
    enabled,
  });
}

export function useFreeSlots(input: CallInput<'callbacks.freeSlots'> | null) {
  return useQuery({
    queryKey: callbackKeys.free(input ?? { technicianId: '', day: '' }),
    queryFn: () => call('callbacks.freeSlots', input!),
    enabled: input !== null && input.technicianId !== '',
  });
}

export function useBusinessCalendar() {
  return useQuery({
    queryKey: callbackKeys.calendar(),
    queryFn: () => call('businessCalendar.get', {}),
  });
}

export function useSlaPolicy() {
  return useQuery({ queryKey: callbackKeys.policy(), queryFn: () => call('slaPolicy.get', {}) });
}

function useInvalidatingMutation<
  K extends 'callbacks.book' | 'callbacks.request' | 'callbacks.complete',
>(name: K) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<K>) => call(name, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export const useBookCallback = () => useInvalidatingMutation('callbacks.book');
export const useRequestCallback = () => useInvalidatingMutation('callbacks.request');
export const useCompleteCallback = () => useInvalidatingMutation('callbacks.complete');

export function useSetSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'slaPolicy.set'>) => call('slaPolicy.set', input),
    onSuccess: (policy) => queryClient.setQueryData(callbackKeys.policy(), policy),
  });
}
