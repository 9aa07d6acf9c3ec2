import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput, CallName } from '../../../src-shared/contract';
import type { CurrentUser, TimelineEntry } from '../../../src-shared/domain/timeline';
import { call } from './client';
import {
  optimisticMessage,
  optimisticTicket,
  withEntry,
  withoutEntry,
  type CreatedTicketFields,
} from './optimistic';
import { queryKeys } from './query-keys';

/**
 * Ticket actions and the other writes. Each one is queued by the core with its local effect, so
 * the store's change events refresh what is on screen; these hooks add only what must show
 * before that round trip (a message in the timeline, a new ticket's view).
 */

function useContractMutation<K extends CallName>(name: K) {
  return useMutation({ mutationFn: (input: CallInput<K>) => call(name, input) });
}

export const useSetStatus = () => useContractMutation('tickets.setStatus');
export const useReopen = () => useContractMutation('tickets.reopen');
export const useSetPriority = () => useContractMutation('tickets.setPriority');
export const useAssign = () => useContractMutation('tickets.assign');
export const useSurvey = () => useContractMutation('tickets.survey');
export const useOpenAttachment = () => useContractMutation('attachments.open');
export const useOpenInViewer = () => useContractMutation('attachments.openInViewer');
export const useStageFile = () => useContractMutation('attachments.stageFile');

export type MessageMode = 'reply' | 'note';

export interface SendMessageInput {
  mode: MessageMode;
  input: CallInput<'tickets.reply'>;
  author: Pick<CurrentUser, 'id' | 'name'> | null;
}

/** A reply or note appears in the timeline at once, marked pending, while the core queues it. */
export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mode, input }: SendMessageInput) =>
      call(mode === 'reply' ? 'tickets.reply' : 'tickets.note', input),
    onMutate: async ({ mode, input, author }) => {
      const key = queryKeys.timeline(input.ticketId);
      await queryClient.cancelQueries({ queryKey: key });
      const entry = optimisticMessage({
        localId: crypto.randomUUID(),
        ticketId: input.ticketId,
        kind: mode === 'reply' ? 'public' : 'internal',
        body: input.body,
        quotedMessageId: input.quotedMessageId ?? null,
        attachments: input.attachments ?? [],
        author,
        now: new Date(),
      });
      queryClient.setQueryData<TimelineEntry[]>(key, (old) => withEntry(old, entry));
      return { entryId: entry.id };
    },
    onError: (_error, { input }, context) => {
      if (!context) return;
      queryClient.setQueryData<TimelineEntry[]>(queryKeys.timeline(input.ticketId), (old) =>
        withoutEntry(old, context.entryId),
      );
    },
    onSettled: (_data, _error, { input }) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.timeline(input.ticketId) }),
  });
}

export interface CreateTicketInput {
  input: CallInput<'tickets.create'>;
  fields: CreatedTicketFields;
  user: CurrentUser | null;
  siteName: string | null;
}

/** The new ticket's view can open at once: its detail is seeded as "pending" until read back. */
export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input }: CreateTicketInput) => call('tickets.create', input),
    onSuccess: ({ id }, { fields, user, siteName }) => {
      queryClient.setQueryData(
        queryKeys.ticket(id),
        optimisticTicket(id, fields, user, new Date(), siteName),
      );
      queryClient.setQueryData(queryKeys.timeline(id), []);
      // Stale at once, so the view reads the core's row as soon as it mounts.
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(id), refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(id), refetchType: 'none' });
    },
  });
}

export function useResolveAttention() {
  return useContractMutation('sync.attention.resolve');
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => call('profiles.signIn', { password }),
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.session(), user);
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncState() });
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('profiles.signOut', {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.session() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.syncState() });
    },
  });
}
