import type { SyncState } from '../../src-shared/domain/sync.js';
import { createDispatch, type Handlers } from './api/dispatch.js';
import { ServiceError } from './api/errors.js';
import type { ActiveProfile } from './active-profile.js';
import type { Core, CoreLogger, DemoEnvironment, SecretBox } from './core-types.js';
import { createProblemReporter } from './diagnostics/problem-reporter.js';
import { prepareDemoPtiSites } from './demo-pti-sites.js';
import { createEventBus } from './events.js';
import { appDatabaseFile } from './paths.js';
import { openProfileRebuildingDamage } from './profile-recovery.js';
import { ProfileRegistry } from './profiles.js';
import { createAppSettings } from './settings/app-settings.js';
import { attachmentHandlers } from './services/attachment-service.js';
import { accountHandlers } from './services/account-service.js';
import { attentionHandlers } from './services/attention-service.js';
import { callbackHandlers } from './services/callback-service.js';
import { notificationHandlers } from './services/notification-service.js';
import { supportSettingsHandlers } from './services/support-settings-service.js';
import { savedViewHandlers } from './services/saved-view-service.js';
import { ptiHandlers } from './services/pti-service.js';
import { ptiKeypadHandlers } from './services/pti-keypad-service.js';
import { supportPinHandlers } from './services/support-pin-service.js';
import { ticketHandlers } from './services/ticket-service.js';
import { unitHandlers } from './services/unit-service.js';
import { DatabaseTooNewError } from './store/migrate.js';
import { storeFailure } from './store/store-errors.js';
import type { EngineClock } from './sync/clock.js';
import type { SupportClient } from './sync/support-client.js';
import type { Store } from './store/store-types.js';

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'web';
  version: string;
  secrets: SecretBox;
  logger: CoreLogger;
  /** The storage engine: the worker store in the shells, the inline store in some tests. */
  store: Store;
  demo: DemoEnvironment | null;
  fetch?: typeof fetch;
  /** Time and randomness for the sync engine; the simulation passes a fake clock. */
  clock?: EngineClock;
  /** Replaces the HTTP client of every profile (fault injection in tests and the simulation). */
  client?: SupportClient;
  /** Listen for server pokes (default true). */
  live?: boolean;
  /** Where this process's logs are, for "Report a problem"; default: the data folder's logs/. */
  logsDir?: string;
  /** Values a problem report must never contain, e.g. the web host's launch token. */
  reportSecrets?: () => readonly string[];
}

const noProfileState: SyncState = {
  profileId: null,
  status: 'no_profile',
  lastPullAt: null,
  pendingCount: 0,
  needsAttentionCount: 0,
  searchBacklog: 0,
  lastError: null,
};

/**
 * Composes the desktop core: app database, profiles, the active profile's store and sync,
 * and the handlers of every contract call. Shells call `dispatch` and listen to `events`.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { store, logger, demo } = options;
  const now = () => options.clock?.now() ?? new Date();
  const events = createEventBus((error) => logger.error('event listener failed', { error }));
  const appDb = await store.open(appDatabaseFile(options.dataDir), 'app');
  const registry = new ProfileRegistry(appDb, options.dataDir, options.secrets);
  const appSettings = createAppSettings(appDb, events);
  let active: ActiveProfile | null = null;
  // Why the profile active at start could not be opened (a damaged or locked file): every call
  // that needs it says so, rather than that no profile is active.
  let openFailure: ServiceError | null = null;
  // profile switches are serialised so two quick clicks never leave two syncs running
  let switching: Promise<unknown> = Promise.resolve();

  const activate = (id: string | null) => {
    const next = switching.then(async () => {
      openFailure = null;
      if (active) await active.close();
      active = null;
      events.emit('profiles.switching', { activeId: id });
      if (id) {
        const profile = await registry.setActive(id);
        active = await openProfileRebuildingDamage(
          profile,
          {
            store,
            dataDir: options.dataDir,
            registry,
            events,
            logger,
            secrets: options.secrets,
            demo,
            ...(options.fetch ? { fetch: options.fetch } : {}),
            ...(options.clock ? { clock: options.clock } : {}),
            ...(options.client ? { client: options.client } : {}),
            ...(options.live !== undefined ? { live: options.live } : {}),
          },
          now,
        );
        if (profile.isDemo && demo?.ptiSites)
          await prepareDemoPtiSites(active, demo.ptiSites, now()).catch((error: unknown) =>
            logger.warn('demo PTI sites could not be set up', { error }),
          );
      } else {
        events.emit('sync.state', noProfileState);
      }
      events.emit('profiles.changed', { activeId: id });
    });
    switching = next.catch(() => {});
    return next;
  };

  const requireActive = async (): Promise<ActiveProfile> => {
    await switching;
    if (!active)
      throw (
        openFailure ??
        new ServiceError('not_found', 'No server profile is active. Add or choose a profile first.')
      );
    return active;
  };

  if (demo) {
    const demoProfile = await registry.ensureDemo(demo);
    if (!(await registry.activeId())) await registry.setActive(demoProfile.id);
  }
  const startId = await registry.activeId();
  if (startId) {
    await activate(startId).catch((error: unknown) => {
      if (error instanceof DatabaseTooNewError) throw error;
      logger.error('could not open the active profile', { error });
      const failure = storeFailure(error);
      if (failure) openFailure = new ServiceError(failure.code, failure.message);
    });
  }

  const currentSyncState = async (): Promise<SyncState> => {
    await switching;
    return active?.sync.current ?? noProfileState;
  };
  const reportProblem = createProblemReporter({
    dataDir: options.dataDir,
    logsDir: options.logsDir,
    version: options.version,
    shell: options.shell,
    settings: appSettings,
    syncState: currentSyncState,
    knownSecrets: options.reportSecrets,
  });

  const handlers: Handlers = {
    'app.info': () => ({ version: options.version, shell: options.shell, demo: demo !== null }),
    'app.settings.get': () => appSettings.get(),
    'app.settings.set': (patch) => appSettings.set(patch),
    'app.reportProblem': (input) => reportProblem(input),
    'profiles.list': async () => ({
      profiles: await registry.list(),
      activeId: await registry.activeId(),
    }),
    'profiles.add': (input) => registry.add(input),
    'profiles.activate': async ({ id }) => {
      const profile = await registry.get(id);
      await activate(id);
      return profile;
    },
    'profiles.signIn': async ({ password }) => (await requireActive()).signIn(password),
    'profiles.signOut': async () => {
      await (await requireActive()).signOut();
      return {};
    },
    'profiles.remove': async ({ id }) => {
      const profile = await registry.get(id);
      if (profile.isDemo && demo)
        throw new ServiceError(
          'conflict',
          'The demo profile is built in and cannot be removed while the demo runs.',
        );
      if (active?.profile.id === id) await activate(null);
      await registry.remove(id);
      return {};
    },
    ...ticketHandlers({ active: requireActive, now }),
    ...attentionHandlers({
      active: requireActive,
      now,
      // PTI operations have their own retry (re-planned on the current site view)
      resolveElsewhere: async (item, input) => {
        if (!item.name.startsWith('pti.') || input.action === 'follow_up') return false;
        const pti = ptiHandlers({ active: requireActive, now, logger })['pti.attention.resolve'];
        await pti(
          input.action === 'retry'
            ? { id: input.id, action: 'retry' }
            : { id: input.id, action: 'discard' },
          { shell: options.shell },
        );
        return true;
      },
    }),
    ...callbackHandlers({ active: requireActive, now }),
    ...supportSettingsHandlers({ active: requireActive }),
    ...savedViewHandlers({ active: requireActive, now }),
    ...ptiHandlers({ active: requireActive, now, logger }),
    ...ptiKeypadHandlers({ active: requireActive, logger }),
    ...attachmentHandlers({ active: requireActive, now, dataDir: options.dataDir }),
    ...unitHandlers({ active: requireActive, now }),
    ...supportPinHandlers({ active: requireActive, now, secrets: options.secrets }),
    ...accountHandlers({
      active: requireActive,
      activeOrNull: async () => {
        await switching;
        return active;
      },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      updateProfileAccount: async (id, account) => {
        await appDb.write('profiles.updateAccount', { id, account });
        events.emit('profiles.changed', { activeId: id });
      },
    }),
    ...notificationHandlers({ active: requireActive, events, now }),
    'sync.state': async () => {
      await switching;
      return active?.sync.current ?? noProfileState;
    },
    'sync.now': async () => (await requireActive()).sync.syncNow(),
  };

  return {
    dispatch: createDispatch(handlers, {
      onInternalError: (method, error) => logger.error('call failed', { method, error }),
    }),
    events,
    async close() {
      await switching;
      if (active) await active.close();
      active = null;
      await appDb.close();
      await store.close();
    },
  };
}
