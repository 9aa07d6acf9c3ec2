import type { CurrentUser } from '../../../src-shared/domain/timeline';
import { useProfiles, useSession } from '../api/queries';
import { actorForRole, type Actor } from '../state/ticket-actions';

export interface Viewer {
  user: CurrentUser | null;
  /** Null until the active profile has signed in once: nothing role-specific is offered then. */
  actor: Actor | null;
  profileId: string | null;
}

/** Who is working: the signed-in user of the active profile and what their role may do. */
export function useViewer(): Viewer {
  const session = useSession();
  const profiles = useProfiles();
  const user = session.data ?? null;
  return {
    user,
    actor: user ? actorForRole(user.role) : null,
    profileId: profiles.data?.activeId ?? null,
  };
}
