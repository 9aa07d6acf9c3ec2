import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Profile } from '../../src-shared/domain/profile.js';
import type { SyncState } from '../../src-shared/domain/sync.js';
import type { SignInResponse } from '../../src-shared/sync-protocol.js';
import { LocalBlobStore } from './attachments/blob-store.js';
import { ServiceError } from './api/errors.js';
import type { CoreLogger, DemoEnvironment, SecretBox } from './core-types.js';
import type { EventBus } from './events.js';
import { profileDatabaseFile } from './paths.js';
import type { ProfileRegistry } from './profiles.js';
import { PtiSync } from './pti/pti-sync.js';
import { createReplyNotifier } from './services/notification-service.js';
import type { Store, StoreDb } from './store/store-types.js';
import { systemClock, type EngineClock } from './sync/clock.js';
import type { ActingUser } from './sync/local-effects.js';
import { SlaWatch } from './sync/sla-watch.js';
import { createSupportClient, ServerError, type SupportClient } from './sync/support-client.js';
import { SupportSync, type SessionSource } from './sync/support-sync.js';

/** The open database, attachments and running sync of the profile the user is working in. */
export interface ActiveProfile {
  profile: Profile;
  db: StoreDb;
  sync: SupportSync;
  blobs: LocalBlobStore;
  client: SupportClient;
  session: SessionSource;
  /** The PTI gateway sync of the profile's sites, one queue per site. */
  pti: PtiSync;
  /** Seals secrets (PTI site keys and passwords) before they reach the store. */
  secrets: SecretBox;
  /** Tables changed by a local action: tell the renderer and push soon. */
  changed(tables: string[]): void;
  user(): Promise<(ActingUser & { name: string; email: string }) | null>;
  /** Signs in with the profile's account; the sync engine starts over with the new session. */
  signIn(password: string): Promise<SignInResponse['user']>;
  signOut(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenProfileDeps {
  store: Store;
  dataDir: string;
  registry: ProfileRegistry;
  events: EventBus;
  logger: CoreLogger;
  secrets: SecretBox;
  demo: DemoEnvironment | null;
  fetch?: typeof fetch;
  clock?: EngineClock;
  /** Replaces the HTTP client (fault injection in tests and the simulation). */
  client?: SupportClient;
  live?: boolean;
}

export async function openActiveProfile(
  profile: Profile,
  deps: OpenProfileDeps,
): Promise<ActiveProfile> {
  const db = await deps.store.open(profileDatabaseFile(deps.dataDir, profile.id), 'profile');
  try {
    return await startProfile(profile, deps, db);
  } catch (error) {
    // a file that opens but fails on its first reads (damaged pages) is let go, so it can be
    // moved aside and rebuilt
    await db.close().catch(() => {});
    throw error;
  }
}

async function startProfile(
  profile: Profile,
  deps: OpenProfileDeps,
  db: StoreDb,
): Promise<ActiveProfile> {
  // damage is found now, when the file can still be set aside and rebuilt, not mid-work
  await db.read('store.quickCheck', {});
  const client =
    deps.client ??
    createSupportClient({
      baseUrl: profile.serverUrl,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  let clientId = await db.read('sync.getMeta', { key: 'client_id' });
  if (!clientId) {
    clientId = randomUUID();
    await db.write('sync.setMeta', { key: 'client_id', value: clientId });
  }

  const remember = async (signedIn: SignInResponse) => {
    await deps.registry.storeTokens(profile.id, {
      access: signedIn.accessToken,
      refresh: signedIn.refreshToken,
    });
    await db.write('sync.setMeta', { key: 'session_user', value: JSON.stringify(signedIn.user) });
  };
  const session: SessionSource = {
    accessToken: () => deps.registry.accessToken(profile.id),
    async renew() {
      const refreshToken = await deps.registry.refreshToken(profile.id);
      if (refreshToken) {
        try {
          await remember(await client.refresh(refreshToken));
          return true;
        } catch (error) {
          if (!(error instanceof ServerError)) throw error; // offline: keep the tokens, try later
        }
      }
      // Only the demo can sign itself in; a real account signs in through the sign-in screen.
      if (!profile.isDemo || !deps.demo) return false;
      await remember(await client.signIn(deps.demo.account));
      return true;
    },
  };

  const blobs = new LocalBlobStore(join(deps.dataDir, 'blobs', profile.id));
  const emitChanged = (tables: string[]) =>
    deps.events.emit('store.changed', { profileId: profile.id, tables });
  const notifier = createReplyNotifier({
    profileId: profile.id,
    db,
    events: deps.events,
    logger: deps.logger,
  });
  const sync = new SupportSync({
    profileId: profile.id,
    clientId,
    db,
    client,
    session,
    blobs,
    logger: deps.logger,
    onState: (state: SyncState) => deps.events.emit('sync.state', state),
    onChanged: emitChanged,
    onPulledPage: (recorded) => notifier.pulled(recorded),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.live !== undefined ? { live: deps.live } : {}),
  });
  await notifier.announceCount();
  await sync.start();
  const pti = new PtiSync({
    db,
    secrets: deps.secrets,
    logger: deps.logger,
    onChanged: emitChanged,
    // a refused PTI operation joins needs-attention: the counts the sync state shows follow
    onAttention: (tables) => {
      emitChanged(tables);
      void sync.localChange();
    },
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  await pti.start();
  // Tickets cached before SLA columns existed get them now; then watch for near breaches.
  await db.write('tickets.refreshSla', { which: 'missing' });
  const slaWatch = new SlaWatch({
    profileId: profile.id,
    db,
    clock: deps.clock ?? systemClock,
    user: async () => {
      const raw = await db.read('sync.getMeta', { key: 'session_user' });
      return raw ? (JSON.parse(raw) as ActingUser) : null;
    },
    emit: (warning) => deps.events.emit('notifications.sla', warning),
    onError: (error) => deps.logger.warn('SLA check failed', { error }),
  });
  slaWatch.start();
  return {
    profile,
    db,
    sync,
    blobs,
    client,
    session,
    pti,
    secrets: deps.secrets,
    changed(tables) {
      emitChanged(tables);
      void sync.localChange();
    },
    async user() {
      const raw = await db.read('sync.getMeta', { key: 'session_user' });
      return raw ? (JSON.parse(raw) as ActingUser & { name: string; email: string }) : null;
    },
    async signIn(password) {
      let signedIn: SignInResponse;
      try {
        signedIn = await client.signIn({ email: profile.account, password });
      } catch (error) {
        if (error instanceof ServerError && (error.status === 401 || error.status === 400)) {
          throw new ServiceError('unauthorized', error.message);
        }
        if (error instanceof ServerError && error.status === 429)
          throw new ServiceError('unavailable', error.message);
        throw new ServiceError(
          'unavailable',
          `The server could not be reached to sign in. ${(error as Error).message}`,
        );
      }
      await remember(signedIn);
      sync.resume();
      return signedIn.user;
    },
    async signOut() {
      await deps.registry.storeTokens(profile.id, null);
      sync.pauseSignedOut();
    },
    async close() {
      await slaWatch.stop();
      await pti.stop();
      await sync.stop();
      await db.close();
    },
  };
}
