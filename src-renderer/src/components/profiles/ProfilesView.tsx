import { useState } from 'react';
import type { Profile } from '../../../../src-shared/domain/profile';
import { errorMessage } from '../../api/client';
import { useSignOut } from '../../api/mutations';
import {
  useActivateProfile,
  useProfiles,
  useRemoveProfile,
  useSession,
  useSyncState,
} from '../../api/queries';
import { useUi } from '../../state/ui';
import { formatExact } from '../../format/time';
import { ErrorState } from '../common/ErrorState';
import { Skeleton } from '../common/Skeleton';
import { StateMessage } from '../common/StateMessage';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ProfileForm } from './ProfileForm';

/** Which support servers this client syncs with, and which one is in use. */
export function ProfilesView() {
  const profiles = useProfiles();
  const activate = useActivateProfile();
  const remove = useRemoveProfile();
  const [confirming, setConfirming] = useState<Profile | null>(null);
  const actionError = activate.error ?? remove.error;

  return (
    <div className="profiles-view">
      <header className="view-header">
        <h1 className="view-title">Server profiles</h1>
        <p className="view-subtitle">
          Each profile is a support server and the account Gatedesk uses there. One is active at a
          time.
        </p>
      </header>

      {actionError ? (
        <div className="inline-alert" role="alert">
          {errorMessage(actionError)}
        </div>
      ) : null}

      {profiles.isError ? (
        <ErrorState
          title="Profiles could not be loaded"
          error={profiles.error}
          onRetry={() => void profiles.refetch()}
        />
      ) : profiles.data ? (
        profiles.data.profiles.length === 0 ? (
          <StateMessage title="No server profiles yet">
            Add one below to start syncing tickets from your support server.
          </StateMessage>
        ) : (
          <ul className="profile-list" aria-label="Profiles">
            {profiles.data.profiles.map((profile) => {
              const active = profile.id === profiles.data.activeId;
              return (
                <li
                  key={profile.id}
                  className="profile-card"
                  aria-current={active ? 'true' : undefined}
                  data-testid="profile"
                  data-profile-id={profile.id}
                >
                  <div className="profile-card__main">
                    <p className="profile-card__name">
                      {profile.name}
                      {active ? <span className="tag tag--active">Active</span> : null}
                      {profile.isDemo ? <span className="tag">Demo</span> : null}
                    </p>
                    <p className="profile-card__meta">
                      {profile.account} · {profile.serverUrl}
                    </p>
                    <p className="profile-card__meta">Added {formatExact(profile.createdAt)}</p>
                  </div>
                  <div className="profile-card__actions">
                    {active ? <SessionButton profileName={profile.name} /> : null}
                    {active ? null : (
                      <button
                        type="button"
                        className="button button--small"
                        disabled={activate.isPending}
                        onClick={() => activate.mutate(profile.id)}
                        aria-label={`Make ${profile.name} the active profile`}
                      >
                        Make active
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button--small button--danger-quiet"
                      disabled={remove.isPending}
                      onClick={() => setConfirming(profile)}
                      aria-label={`Remove ${profile.name}`}
                    >
                      Remove
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )
      ) : (
        <div className="profile-list" aria-busy="true">
          <Skeleton width="long" />
          <Skeleton width="medium" />
        </div>
      )}

      <ProfileForm />

      {confirming ? (
        <ConfirmDialog
          title={`Remove “${confirming.name}”?`}
          message="Gatedesk forgets this server and deletes its local copy of the tickets. Changes not yet sent to that server are lost."
          confirmLabel="Remove profile"
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            remove.mutate(confirming.id);
            setConfirming(null);
          }}
        />
      ) : null}
    </div>
  );
}

/**
 * Sign out ends the session on this computer; queued changes stay and go out after the next
 * sign-in. Shown on the active profile only: the others have no running session.
 */
function SessionButton({ profileName }: { profileName: string }) {
  const sync = useSyncState();
  const session = useSession();
  const signOut = useSignOut();
  const openDialog = useUi((state) => state.openDialog);
  const setSignedOutHere = useUi((state) => state.setSignedOutHere);
  const signedOut = sync.data?.status === 'unauthorized';
  if (signedOut) {
    return (
      <button
        type="button"
        className="button button--small button--primary"
        onClick={() => openDialog('sign-in')}
        aria-label={`Sign in to ${profileName}`}
      >
        Sign in
      </button>
    );
  }
  return (
    <>
      {session.data ? (
        <span className="profile-card__user">Signed in as {session.data.name}</span>
      ) : null}
      <button
        type="button"
        className="button button--small"
        disabled={signOut.isPending}
        onClick={() => {
          setSignedOutHere(true);
          signOut.mutate(undefined, { onError: () => setSignedOutHere(false) });
        }}
        aria-label={`Sign out of ${profileName}`}
      >
        Sign out
      </button>
      {signOut.isError ? (
        <span className="form-field__error" role="alert">
          {errorMessage(signOut.error)}
        </span>
      ) : null}
    </>
  );
}
