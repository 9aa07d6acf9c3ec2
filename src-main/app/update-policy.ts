import type { SyncState } from '../../src-shared/domain/sync.js';

/**
 * When Gatedesk looks for updates, and when it may restart into one. Free of Electron and of
 * electron-updater so every rule is unit-tested; update-controller.ts applies them.
 *
 * The rule that matters most: an update is never installed while the sync engine has changes
 * waiting to be pushed or is in the middle of a sync. Installing restarts the app; a push cut
 * short would be retried, but a technician's queued work should be on the server before the
 * app replaces itself.
 */

export const FIRST_CHECK_DELAY_MS = 30_000;
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export type UpdateConfig =
  | {
      enabled: true;
      /** A generic update server to use instead of the one built into the installer. */
      feedUrl: string | null;
    }
  | { enabled: false; reason: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http to loopback (a test server): anything else could serve a tampered update. */
export function isAcceptableFeedUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

export function resolveUpdateConfig(input: {
  isPackaged: boolean;
  /** The "Update automatically" setting. */
  autoUpdate: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): UpdateConfig {
  if (!input.isPackaged)
    return { enabled: false, reason: 'updates apply to installed copies of Gatedesk only' };
  // For IT departments that deploy Gatedesk themselves: wins over the user's setting.
  if (input.env.GATEDESK_DISABLE_UPDATES === '1')
    return { enabled: false, reason: 'updates are turned off on this computer' };
  if (!input.autoUpdate)
    return { enabled: false, reason: 'automatic updates are turned off in Preferences' };
  const feed = input.env.GATEDESK_UPDATE_URL?.trim();
  if (feed) {
    if (!isAcceptableFeedUrl(feed))
      return {
        enabled: false,
        reason:
          'GATEDESK_UPDATE_URL must be an https:// address without credentials, query or fragment',
      };
    return { enabled: true, feedUrl: feed.endsWith('/') ? feed : `${feed}/` };
  }
  return { enabled: true, feedUrl: null };
}

/** Why an update cannot be installed right now, or null when it can. */
export function installBlocker(sync: SyncState | null): string | null {
  if (!sync) return 'the sync state is not known yet';
  if (sync.pendingCount > 0)
    return sync.pendingCount === 1
      ? '1 change is waiting to sync'
      : `${sync.pendingCount} changes are waiting to sync`;
  if (sync.status === 'syncing') return 'a sync is in progress';
  return null;
}

export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'downloading'; version: string }
  | {
      phase: 'ready';
      version: string;
      /** The "restart now?" question was asked for this version. */
      prompted: boolean;
      /** The user chose to restart; it happens as soon as nothing blocks it. */
      restartRequested: boolean;
    }
  | { phase: 'failed'; message: string };

export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string }
  | { type: 'prompted' }
  | { type: 'restart-requested' }
  | { type: 'later' }
  /** Ask again (the user chose "Check for updates" while one was already waiting). */
  | { type: 'reprompt' };

export const initialUpdateState: UpdateState = { phase: 'idle' };

export function nextUpdateState(state: UpdateState, event: UpdateEvent): UpdateState {
  if (state.phase === 'ready') {
    // A downloaded update stays ready through later checks and their errors.
    switch (event.type) {
      case 'downloaded':
        return event.version === state.version
          ? state
          : { phase: 'ready', version: event.version, prompted: false, restartRequested: false };
      case 'prompted':
        return { ...state, prompted: true };
      case 'restart-requested':
        return { ...state, prompted: true, restartRequested: true };
      case 'later':
        return { ...state, prompted: true, restartRequested: false };
      case 'reprompt':
        return { ...state, prompted: false };
      default:
        return state;
    }
  }
  switch (event.type) {
    case 'checking':
      return { phase: 'checking' };
    case 'available':
      return { phase: 'downloading', version: event.version };
    case 'not-available':
      return { phase: 'idle' };
    case 'downloaded':
      return { phase: 'ready', version: event.version, prompted: false, restartRequested: false };
    case 'error':
      return { phase: 'failed', message: event.message };
    default:
      return state;
  }
}

/** What to do now, given the update and the sync engine's state. */
export function nextUpdateStep(
  state: UpdateState,
  sync: SyncState | null,
): 'none' | 'prompt' | 'install' {
  if (state.phase !== 'ready') return 'none';
  if (installBlocker(sync)) return 'none';
  if (state.restartRequested) return 'install';
  return state.prompted ? 'none' : 'prompt';
}

/** Whether quitting Gatedesk may install the downloaded update on the way out. */
export function installOnQuit(state: UpdateState, sync: SyncState | null): boolean {
  return state.phase === 'ready' && installBlocker(sync) === null;
}

export interface UpdatePrompt {
  title: string;
  message: string;
  detail: string;
  buttons: [restart: string, later: string];
  defaultId: 0;
  cancelId: 1;
}

export function updateReadyPrompt(version: string): UpdatePrompt {
  return {
    title: 'Update ready',
    message: `Gatedesk ${version} is ready to install.`,
    detail:
      'Restart Gatedesk to finish updating; it reopens where you were. ' +
      'Choose Later to install it the next time you quit Gatedesk.',
    buttons: ['Restart now', 'Later'],
    defaultId: 0,
    cancelId: 1,
  };
}

export function restartDeferredNotice(blocker: string): { message: string; detail: string } {
  return {
    message: 'Gatedesk will restart once your changes have synced.',
    detail: `The update waits because ${blocker}. Nothing you wrote is lost; Gatedesk restarts on its own as soon as the sync is done.`,
  };
}
