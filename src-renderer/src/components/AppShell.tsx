import { useUi } from '../state/ui';
import { ConnectionBanner } from './ConnectionBanner';
import { ProfilesView } from './profiles/ProfilesView';
import { Sidebar } from './Sidebar';
import { TicketsView } from './TicketsView';

export function AppShell() {
  const view = useUi((state) => state.view);
  return (
    <div className="app-shell">
      <Sidebar />
      <main className="main">
        <ConnectionBanner />
        {view === 'profiles' ? <ProfilesView /> : <TicketsView />}
      </main>
    </div>
  );
}
