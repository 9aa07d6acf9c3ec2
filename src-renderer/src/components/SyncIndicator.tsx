import type { SyncState } from '../../../src-shared/domain/sync';
import { errorMessage } from '../api/client';
import { useSyncNow, useSyncState } from '../api/queries';
import { pluralise } from '../format/number';
import { formatExact, formatRelative } from '../format/time';
import { useNow } from '../hooks/use-now';
import { useUi } from '../state/ui';
import { syncStatusLabels } from './sync/sync-labels';

/** Bottom of the sidebar: is what I see current, and is anything I did still waiting to go out? */
export function SyncIndicator() {
  const state = useSyncState();
  const syncNow = useSyncNow();
  const now = useNow();
  const status = state.data?.status;
  const openDialog = useUi((ui) => ui.openDialog);

  return (
    <div
      className="sync-state"
      data-testid="sync-state"
      data-status={status ?? 'loading'}
      aria-live="polite"
    >
      <div className="sync-state__line">
        <span className="sync-state__dot" aria-hidden="true" />
        <span className="sync-state__label">
          {status ? syncStatusLabels[status] : state.isError ? 'Sync state unknown' : ''}
        </span>
      </div>
      {state.data ? (
        <SyncDetails state={state.data} now={now} onOpenPanel={() => openDialog('sync')} />
      ) : null}
      {syncNow.isError ? (
        <p className="sync-state__error" role="alert">
          {errorMessage(syncNow.error)}
        </p>
      ) : null}
      <div className="sync-state__actions">
        {status === 'unauthorized' ? (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => openDialog('sign-in')}
          >
            Sign in
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={() => (state.isError ? void state.refetch() : syncNow.mutate())}
            disabled={syncNow.isPending || status === 'syncing' || status === 'no_profile'}
          >
            {state.isError
              ? 'Check again'
              : syncNow.isPending || status === 'syncing'
                ? 'Syncing…'
                : 'Sync now'}
          </button>
        )}
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => openDialog('sync')}
          disabled={status === 'no_profile'}
          data-testid="open-sync-panel"
        >
          Details
        </button>
      </div>
    </div>
  );
}

function SyncDetails({
  state,
  now,
  onOpenPanel,
}: {
  state: SyncState;
  now: number;
  onOpenPanel: () => void;
}) {
  return (
    <ul className="sync-state__details">
      <li>
        {state.lastPullAt ? (
          <>
            Last pull{' '}
            <time dateTime={state.lastPullAt} title={formatExact(state.lastPullAt)}>
              {formatRelative(state.lastPullAt, now)}
            </time>
          </>
        ) : (
          'Never pulled yet'
        )}
      </li>
      <li>
        {state.pendingCount === 0
          ? 'Nothing waiting to send'
          : `${pluralise(state.pendingCount, 'change', 'changes')} waiting to send`}
      </li>
      {state.needsAttentionCount > 0 ? (
        <li>
          <button
            type="button"
            className="link-button sync-state__attention"
            onClick={onOpenPanel}
            data-testid="attention-link"
          >
            {pluralise(state.needsAttentionCount, 'change needs', 'changes need')} attention
          </button>
        </li>
      ) : null}
      {state.lastError && state.status !== 'idle' ? (
        <li className="sync-state__error">{state.lastError}</li>
      ) : null}
    </ul>
  );
}
