import { useUi } from '../state/ui';
import { SearchBox } from './search/SearchBox';

/** The bar above every screen: search, a new ticket, and the command palette. */
export function AppHeader() {
  const startNewTicket = useUi((state) => state.startNewTicket);
  const openDialog = useUi((state) => state.openDialog);
  return (
    <div className="app-header">
      <SearchBox />
      <button
        type="button"
        className="button button--primary"
        onClick={() => startNewTicket(null)}
        title="New ticket (c)"
      >
        New ticket
      </button>
      <button
        type="button"
        className="button"
        onClick={() => openDialog('palette')}
        title="Command palette (Ctrl+K or ⌘K)"
        aria-keyshortcuts="Control+K Meta+K"
      >
        Commands <kbd aria-hidden="true">Ctrl K</kbd>
      </button>
      <button
        type="button"
        className="button button--quiet"
        onClick={() => openDialog('shortcuts')}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        aria-keyshortcuts="?"
      >
        <span aria-hidden="true">?</span>
      </button>
    </div>
  );
}
