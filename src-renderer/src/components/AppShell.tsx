import { useEffect } from 'react';
import { useSyncState } from '../api/queries';
import { useGlobalShortcuts } from '../hooks/use-global-shortcuts';
import { useUi } from '../state/ui';
import { AppHeader } from './AppHeader';
import { CheatSheet } from './CheatSheet';
import { CommandPalette } from './CommandPalette';
import { ConnectionBanner } from './ConnectionBanner';
import { KbView } from './kb/KbView';
import { SitesView } from './sites/SitesView';
import { NewTicketView } from './new-ticket/NewTicketView';
import { ProfilesView } from './profiles/ProfilesView';
import { SearchView } from './search/SearchView';
import { Sidebar } from './Sidebar';
import { SignInDialog } from './sync/SignInDialog';
import { SyncBanner } from './sync/SyncBanner';
import { SyncPanel } from './sync/SyncPanel';
import { TicketsView } from './TicketsView';

export function AppShell() {
  const view = useUi((state) => state.view);
  useGlobalShortcuts();
  useSignInWhenNeeded();
  return (
    <div className="app-shell">
      <Sidebar />
      <main className="main">
        <AppHeader />
        <ConnectionBanner />
        <SyncBanner />
        {view === 'profiles' ? (
          <ProfilesView />
        ) : view === 'new-ticket' ? (
          <NewTicketView />
        ) : view === 'search' ? (
          <SearchView />
        ) : view === 'kb' ? (
          <KbView />
        ) : view === 'sites' ? (
          <SitesView />
        ) : (
          <TicketsView />
        )}
      </main>
      <CommandPalette />
      <CheatSheet />
      <SyncPanel />
      <SignInDialog />
    </div>
  );
}

/** When the session ends, ask for the password once, unless the person signed out here. */
function useSignInWhenNeeded(): void {
  const status = useSyncState().data?.status;
  useEffect(() => {
    if (status !== 'unauthorized') return;
    const ui = useUi.getState();
    if (!ui.signedOutHere && ui.dialog === null) ui.openDialog('sign-in');
  }, [status]);
}
