import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { queryKeys } from '../../api/query-keys';

/**
 * The account screens' calls. "My settings" lives on the server only (online calls, no table):
 * a save puts the server's answer in the cache. Notifications are a table of the profile's
 * store, so `store.changed` for `notifications` refreshes every key below that starts with it.
 */
export const accountKeys = {
  settings: () => ['account', 'settings'] as const,
  notifications: (all: boolean) => ['notifications', 'list', all] as const,
};

export function useMySettings(enabled: boolean) {
  return useQuery({
    queryKey: accountKeys.settings(),
    queryFn: () => call('account.settings.get', {}),
    enabled,
    retry: false,
  });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: CallInput<'account.settings.set'>) => call('account.settings.set', patch),
    onSuccess: (saved) => {
      queryClient.setQueryData(accountKeys.settings(), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.session() });
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: CallInput<'account.changePassword'>) =>
      call('account.changePassword', input),
  });
}

export function useRequestAccount() {
  return useMutation({
    mutationFn: (input: CallInput<'account.requestAccount'>) =>
      call('account.requestAccount', input),
  });
}

export function useNotifications(all = false) {
  return useQuery({
    queryKey: accountKeys.notifications(all),
    queryFn: () => call('notifications.list', { all, limit: 100 }),
  });
}

export function useMarkRead() {
  return useMutation({
    mutationFn: (ticketId?: string) => call('notifications.markRead', ticketId ? { ticketId } : {}),
  });
}
