import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../src-shared/contract';
import { call } from './client';

/** The user's saved views; the key starts with their store table so `store.changed` refreshes it. */
export const savedViewKeys = { list: () => ['saved_views', 'list'] as const };

export function useSavedViews() {
  return useQuery({ queryKey: savedViewKeys.list(), queryFn: () => call('views.list', {}) });
}

export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'views.save'>) => call('views.save', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewKeys.list() }),
  });
}

export function useRemoveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('views.remove', { id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewKeys.list() }),
  });
}
