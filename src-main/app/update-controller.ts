import type { SyncState } from '../../src-shared/domain/sync.js';
import {
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  initialUpdateState,
  installBlocker,
  installOnQuit,
  nextUpdateState,
  nextUpdateStep,
  restartDeferredNotice,
  updateReadyPrompt,
  type UpdateConfig,
  type UpdateEvent,
  type UpdatePrompt,
  type UpdateState,
} from './update-policy.js';

/** The part of electron-updater's AppUpdater this uses (a fake in tests). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdateControllerDeps {
  updater: UpdaterLike;
  /** Shows the "update ready" question; resolves with the button chosen. */
  ask(prompt: UpdatePrompt): Promise<'restart' | 'later'>;
  /** Shows a message (results of a check the user asked for, a deferred restart). */
  tell(notice: { message: string; detail: string }): void;
  /** Called right before installing: the shell must let its windows close for real. */
  beforeInstall(): void;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
  currentVersion: string;
  /** Timers, replaced by a fake clock in tests. */
  after?: (ms: number, run: () => void) => () => void;
  every?: (ms: number, run: () => void) => () => void;
}

export interface UpdateController {
  /** Applies a new configuration (the setting changed): starts or stops checking. */
  configure(config: UpdateConfig): void;
  /** The sync engine's latest state; may unblock a waiting restart. */
  setSyncState(sync: SyncState): void;
  /** "Check for updates…": like a scheduled check, but reports what it found. */
  checkNow(): void;
  readonly state: UpdateState;
  dispose(): void;
}

const defaultAfter = (ms: number, run: () => void) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};
const defaultEvery = (ms: number, run: () => void) => {
  const timer = setInterval(run, ms);
  timer.unref();
  return () => clearInterval(timer);
};

const versionOf = (info: unknown) =>
  info && typeof info === 'object' && 'version' in info ? String(info.version) : 'unknown';

export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const { updater, log } = deps;
  const after = deps.after ?? defaultAfter;
  const every = deps.every ?? defaultEvery;
  let config: UpdateConfig = { enabled: false, reason: 'not configured yet' };
  let state: UpdateState = initialUpdateState;
  let sync: SyncState | null = null;
  let stopTimers: (() => void)[] = [];
  let interactive = false;
  let asking = false;
  let installing = false;

  // Installation is ours to decide, never electron-updater's on its own.
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;

  const apply = (event: UpdateEvent) => {
    state = nextUpdateState(state, event);
    advance();
  };

  function advance(): void {
    updater.autoInstallOnAppQuit = config.enabled && installOnQuit(state, sync);
    if (!config.enabled || installing) return;
    const step = nextUpdateStep(state, sync);
    if (step === 'install') {
      installing = true;
      log.info('installing update', { version: state.phase === 'ready' ? state.version : null });
      deps.beforeInstall();
      updater.quitAndInstall(false, true);
    } else if (step === 'prompt' && !asking && state.phase === 'ready') {
      asking = true;
      const version = state.version;
      apply({ type: 'prompted' });
      deps
        .ask(updateReadyPrompt(version))
        .then((answer) => {
          asking = false;
          if (answer === 'later') return apply({ type: 'later' });
          const blocker = installBlocker(sync);
          // Changes may have been queued while the question was open.
          if (blocker) deps.tell(restartDeferredNotice(blocker));
          apply({ type: 'restart-requested' });
        })
        .catch((error: unknown) => {
          asking = false;
          log.warn('could not ask about the update', { error });
        });
    }
  }

  const check = () => {
    if (!config.enabled) return;
    updater.checkForUpdates().catch((error: unknown) => {
      // Also reported through the 'error' event; offline is the common case and not worth more.
      log.warn('update check failed', { error });
    });
  };

  updater.on('checking-for-update', () => apply({ type: 'checking' }));
  updater.on('update-available', (info: unknown) => {
    const version = versionOf(info);
    log.info('update available', { version });
    if (interactive) {
      interactive = false;
      deps.tell({
        message: `Gatedesk ${version} is available.`,
        detail: 'It is downloading now; you will be asked to restart when it is ready.',
      });
    }
    apply({ type: 'available', version });
  });
  updater.on('update-not-available', () => {
    if (interactive) {
      interactive = false;
      deps.tell({
        message: 'Gatedesk is up to date.',
        detail: `You have the latest version, ${deps.currentVersion}.`,
      });
    }
    apply({ type: 'not-available' });
  });
  updater.on('update-downloaded', (info: unknown) => {
    const version = versionOf(info);
    log.info('update downloaded', { version });
    apply({ type: 'downloaded', version });
  });
  updater.on('error', (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.warn('update failed', { error: message });
    if (interactive) {
      interactive = false;
      deps.tell({
        message: 'Gatedesk could not check for updates.',
        detail:
          'The update server could not be reached or answered with an error. Try again later; the details are in the log.',
      });
    }
    apply({ type: 'error', message });
  });

  return {
    configure(next) {
      for (const stop of stopTimers.splice(0)) stop();
      config = next;
      if (next.enabled) {
        if (next.feedUrl) updater.setFeedURL({ provider: 'generic', url: next.feedUrl });
        stopTimers.push(after(FIRST_CHECK_DELAY_MS, check), every(CHECK_INTERVAL_MS, check));
        log.info('automatic updates on', { feed: next.feedUrl ?? 'built in' });
      } else {
        log.info('automatic updates off', { reason: next.reason });
      }
      advance();
    },
    setSyncState(next) {
      sync = next;
      advance();
    },
    checkNow() {
      if (!config.enabled) {
        deps.tell({
          message: 'Updates are off.',
          detail: `Gatedesk does not update itself: ${config.reason}.`,
        });
        return;
      }
      if (state.phase === 'ready') {
        const blocker = installBlocker(sync);
        if (blocker)
          deps.tell({
            message: `Gatedesk ${state.version} is ready to install.`,
            detail: `You will be asked to restart once your changes have synced (${blocker}).`,
          });
        return apply({ type: 'reprompt' });
      }
      interactive = true;
      check();
    },
    get state() {
      return state;
    },
    dispose() {
      for (const stop of stopTimers.splice(0)) stop();
      stopTimers = [];
    },
  };
}
