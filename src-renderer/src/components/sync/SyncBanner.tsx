import { errorMessage } from '../../api/client';
import { useSyncNow, useSyncState } from '../../api/queries';
import { pluralise } from '../../format/number';
import { formatRelative } from '../../format/time';
import { useNow } from '../../hooks/use-now';
import { useUi } from '../../state/ui';

/**
 * The server is out of reach or the session ended: say so across the top, say that nothing is
 * lost, and offer the next step. (A dropped connection to the app's own core is the
 * ConnectionBanner's business.)
 */
export function SyncBanner() {
  const state = useSyncState();
  const syncNow = useSyncNow();
  const openDialog = useUi((ui) => ui.openDialog);
  const now = useNow();
  const data = state.data;
  if (!data) return null;
  const waiting =
    data.pendingCount > 0
      ? `${pluralise(data.pendingCount, 'change is', 'changes are')} kept here and sent when it is back.`
      : 'What you do now is kept here and sent when it is back.';

  if (data.status === 'offline') {
    return (
      <div className="banner banner--warning" role="status" data-testid="offline-banner">
        <span>
          <strong>Offline.</strong> The support server cannot be reached
          {data.lastPullAt ? ` (last synced ${formatRelative(data.lastPullAt, now)})` : ''}.{' '}
          {waiting}
        </span>
        <button
          type="button"
          className="button button--small"
          disabled={syncNow.isPending}
          onClick={() => syncNow.mutate()}
        >
          {syncNow.isPending ? 'Trying…' : 'Try now'}
        </button>
        {syncNow.isError ? <span role="alert">{errorMessage(syncNow.error)}</span> : null}
      </div>
    );
  }
  if (data.status === 'unauthorized') {
    return (
      <div className="banner banner--warning" role="status" data-testid="signed-out-banner">
        <span>
          <strong>Not signed in.</strong> Sign in to sync.{' '}
          {data.pendingCount > 0
            ? `${pluralise(data.pendingCount, 'change is', 'changes are')} waiting and kept until then.`
            : ''}
        </span>
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => openDialog('sign-in')}
        >
          Sign in
        </button>
      </div>
    );
  }
  return null;
}
