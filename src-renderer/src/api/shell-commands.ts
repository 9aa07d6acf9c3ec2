import type { Bridge } from '../../../src-shared/bridge';
import { useUi } from '../state/ui';
import { call } from './client';

/**
 * What the desktop shell asks of the renderer: menu commands and `gatedesk://` links.
 * Returns a function that stops listening.
 */
export function connectShellCommands(bridge: Pick<Bridge, 'on'>): () => void {
  const stops = [
    bridge.on('command', ({ name }) => {
      const ui = useUi.getState();
      if (name === 'ticket.new') ui.startNewTicket(null);
      else if (name === 'search') {
        ui.showView('search');
        document.getElementById('global-search')?.focus();
      } else if (name === 'preferences') ui.showView('account');
    }),
    bridge.on('navigate', (target) => {
      if (target.to !== 'ticket') return;
      // Numbers are unique, so the search by number finds the one ticket when it is synced.
      void call('tickets.search', { query: target.number, limit: 5 }).then(
        (hits) => {
          const hit = hits.find((h) => h.ticket.number === target.number);
          if (hit) useUi.getState().openTicket(hit.ticket.id);
          else useUi.getState().search(target.number);
        },
        () => useUi.getState().search(target.number),
      );
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
