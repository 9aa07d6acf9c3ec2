import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { CurrentUser, TicketDetail } from '../../../src-shared/domain/timeline';
import { call } from '../api/client';
import { queryKeys } from '../api/query-keys';
import { focusSearch } from '../components/search/SearchBox';
import { isTextField, shortcutFor } from '../state/shortcuts';
import { actorForRole, ticketAbilities } from '../state/ticket-actions';
import { useUi } from '../state/ui';
import { stepActiveList } from './list-navigator';

/** The window-wide keyboard shortcuts of state/shortcuts.ts. */
export function useGlobalShortcuts(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    function assignToMe(ticketId: string) {
      const user = queryClient.getQueryData<CurrentUser | null>(queryKeys.session());
      const ticket = queryClient.getQueryData<TicketDetail | null>(queryKeys.ticket(ticketId));
      if (!user || !ticket || !('description' in ticket) || ticket.assigneeId === user.id) return;
      const actor = actorForRole(user.role);
      if (!ticketAbilities(ticket, actor).editFields) return;
      // Failures show nowhere better than in the ticket's own actions; a shortcut stays quiet.
      void call('tickets.assign', { ticketId, assigneeId: user.id }).catch(() => undefined);
    }

    function onKeyDown(event: KeyboardEvent) {
      const target = event.target instanceof Element ? event.target : null;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inTextField: isTextField(target as HTMLElement | null),
        // Dialogs and menus own their keys (Esc closes them, letters pick items).
        inDialog: target?.closest('[role="dialog"], [role="alertdialog"], [role="menu"]') != null,
        defaultPrevented: event.defaultPrevented,
        repeat: event.repeat,
      });
      if (!action) return;
      const ui = useUi.getState();
      const inList = ui.view === 'tickets' || ui.view === 'search';
      const ticketId = inList ? ui.selectedTicketId : null;
      const handled = (): void => event.preventDefault();
      switch (action) {
        case 'palette':
          handled();
          if (ui.dialog === 'palette') ui.closeDialog();
          else ui.openDialog('palette');
          return;
        case 'next':
        case 'previous':
          if (inList && stepActiveList(action === 'next' ? 1 : -1)) handled();
          return;
        case 'open':
          if (ticketId) {
            handled();
            document.querySelector<HTMLElement>('[data-ticket-heading]')?.focus();
          }
          return;
        case 'close':
          if (ticketId) {
            handled();
            ui.selectTicket(null);
            document.querySelector<HTMLElement>('[data-testid="ticket-list"]')?.focus();
          }
          return;
        case 'reply':
        case 'note':
          if (ticketId) {
            handled();
            ui.requestComposer(action);
          }
          return;
        case 'assignToMe':
          if (ticketId) {
            handled();
            assignToMe(ticketId);
          }
          return;
        case 'toggleCheck':
          if (ticketId && ui.view === 'tickets') {
            handled();
            ui.toggleChecked(ticketId);
          }
          return;
        case 'newTicket':
          handled();
          ui.startNewTicket(null);
          return;
        case 'search':
          handled();
          focusSearch();
          return;
        case 'cheatSheet':
          handled();
          ui.openDialog('shortcuts');
          return;
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [queryClient]);
}
