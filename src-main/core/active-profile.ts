import type { Profile } from '../../src-shared/domain/profile.js';
import type { SyncState } from '../../src-shared/domain/sync.js';
import type { CoreLogger, DemoEnvironment } from './core-types.js';
import type { EventBus } from './events.js';
import { profileDatabaseFile } from './paths.js';
import type { ProfileRegistry } from './profiles.js';
import type { Store, StoreDb } from './store/store-types.js';
import { createSupportClient } from './sync/support-client.js';
import { SupportSync, type SessionSource } from './sync/support-sync.js';

/** The open database and running sync of the profile the user is working in. */
export interface ActiveProfile {
  profile: Profile;
  db: StoreDb;
  sync: SupportSync;
  close(): Promise<void>;
}

export interface OpenProfileDeps {
  store: Store;
  dataDir: string;
  registry: ProfileRegistry;
  events: EventBus;
  logger: CoreLogger;
  demo: DemoEnvironment | null;
  fetch?: typeof fetch;
}

export async function openActiveProfile(
  profile: Profile,
  deps: OpenProfileDeps,
): Promise<ActiveProfile> {
  const db = await deps.store.open(profileDatabaseFile(deps.dataDir, profile.id), 'profile');
  const client = createSupportClient({
    baseUrl: profile.serverUrl,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const session: SessionSource = {
    accessToken: () => deps.registry.accessToken(profile.id),
    // Only the demo can sign itself in; a real account signs in through the sign-in screen.
    async renew() {
      if (!profile.isDemo || !deps.demo) return false;
      const signedIn = await client.signIn(deps.demo.account);
      await deps.registry.storeTokens(profile.id, {
        access: signedIn.accessToken,
        refresh: signedIn.refreshToken,
      });
      return true;
    },
  };
  const sync = new SupportSync({
    profileId: profile.id,
    db,
    client,
    session,
    logger: deps.logger,
    onState: (state: SyncState) => deps.events.emit('sync.state', state),
    onChanged: (tables) => deps.events.emit('store.changed', { profileId: profile.id, tables }),
  });
  await sync.start();
  return {
    profile,
    db,
    sync,
    async close() {
      sync.stop();
      await db.close();
    },
  };
}
