import { useEffect } from 'react';
import { useSyncState } from '../api/queries';
import { useGlobalShortcuts } from '../hooks/use-global-shortcuts';
import { useUi } from '../state/ui';
import { MySettingsView } from './account/MySettingsView';
import { RepliesView } from './account/RepliesView';
import { RequestAccountDialog } from './account/RequestAccountDialog';
import { useReplyNotifications } from './account/use-reply-notifications';
import { AppHeader } from './AppHeader';
import { CheatSheet } from './CheatSheet';
import { CommandPalette } from './CommandPalette';
import { ConnectionBanner } from './ConnectionBanner';
import { KbView } from './kb/KbView';
import { SitesView } from './sites/SitesView';
import { CallbacksView } from './callbacks/CallbacksView';
import { SlaPolicyView } from './sla-policy/SlaPolicyView';
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
  useReplyNotifications();
  return (
    <div className="app-shell">
      <Sidebar />
      <main className="main">
        <AppHeader />
        <ConnectionBanner />
        <SyncBanner />
        {view === 'profiles' ? (
          <ProfilesView />
        ) : view === 'account' ? (
          <MySettingsView />
        ) : view === 'replies' ? (
          <RepliesView />
        ) : view === 'new-ticket' ? (
          <NewTicketView />
        ) : view === 'search' ? (
          <SearchView />
        ) : view === 'kb' ? (
          <KbView />
        ) : view === 'sites' ? (
          <SitesView />
        ) : view === 'callbacks' ? (
          <CallbacksView />
        ) : view === 'sla-policy' ? (
          <SlaPolicyView />
        ) : (
          <TicketsView />
        )}
      </main>
      <CommandPalette />
      <CheatSheet />
      <SyncPanel />
      <SignInDialog />
      <RequestAccountDialog />
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
