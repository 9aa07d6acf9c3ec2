import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../../src-shared/domain/sync.js';
import {
  createUpdateController,
  type UpdaterLike,
} from '../../../src-main/app/update-controller.js';
import {
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  installBlocker,
  installOnQuit,
  nextUpdateState,
  nextUpdateStep,
  resolveUpdateConfig,
  updateReadyPrompt,
  type UpdateState,
} from '../../../src-main/app/update-policy.js';

const sync = (over: Partial<SyncState> = {}): SyncState => ({
  profileId: 'p1',
  status: 'idle',
  lastPullAt: null,
  pendingCount: 0,
  needsAttentionCount: 0,
  searchBacklog: 0,
  lastError: null,
  ...over,
});

describe('update configuration', () => {
  const base = { isPackaged: true, autoUpdate: true, env: {} };

  it('is on for an installed copy, with the feed built into the installer', () => {
    expect(resolveUpdateConfig(base)).toEqual({ enabled: true, feedUrl: null });
  });

  it('uses GATEDESK_UPDATE_URL when it is https (or http on loopback for a test server)', () => {
    expect(
      resolveUpdateConfig({
        ...base,
        env: { GATEDESK_UPDATE_URL: 'https://updates.example.com/gd' },
      }),
    ).toEqual({ enabled: true, feedUrl: 'https://updates.example.com/gd/' });
    expect(
      resolveUpdateConfig({ ...base, env: { GATEDESK_UPDATE_URL: 'http://127.0.0.1:8080/' } }),
    ).toEqual({ enabled: true, feedUrl: 'http://127.0.0.1:8080/' });
  });

  it('turns updates off rather than fetch from an address that could serve a tampered update', () => {
    for (const url of [
      'http://updates.example.com/',
      'https://user:pw@updates.example.com/',
      'https://updates.example.com/?channel=x',
      'file:///tmp/updates',
      'not a url',
    ]) {
      const config = resolveUpdateConfig({ ...base, env: { GATEDESK_UPDATE_URL: url } });
      expect(config.enabled, url).toBe(false);
      if (!config.enabled) expect(config.reason).toMatch(/GATEDESK_UPDATE_URL/);
    }
  });

  it('is off when the user turned it off, when IT turned it off, and in development', () => {
    expect(resolveUpdateConfig({ ...base, autoUpdate: false })).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/Preferences/),
    });
    expect(
      resolveUpdateConfig({
        ...base,
        env: { GATEDESK_DISABLE_UPDATES: '1', GATEDESK_UPDATE_URL: 'https://u.example/' },
      }),
    ).toMatchObject({ enabled: false, reason: expect.stringMatching(/this computer/) });
    expect(resolveUpdateConfig({ ...base, isPackaged: false })).toMatchObject({ enabled: false });
  });
});

describe('when an update may be installed', () => {
  it('never while changes wait in the outbox or a sync runs', () => {
    expect(installBlocker(sync({ pendingCount: 1 }))).toBe('1 change is waiting to sync');
    expect(installBlocker(sync({ pendingCount: 12, status: 'offline' }))).toBe(
      '12 changes are waiting to sync',
    );
    expect(installBlocker(sync({ status: 'syncing' }))).toBe('a sync is in progress');
    expect(installBlocker(null)).toMatch(/not known/);
  });

  it('when everything is synced, whether online or not', () => {
    expect(installBlocker(sync())).toBeNull();
    expect(installBlocker(sync({ status: 'offline' }))).toBeNull();
    expect(installBlocker(sync({ status: 'no_profile', profileId: null }))).toBeNull();
  });

  it('asks once per downloaded version, waits for the outbox, installs once asked to', () => {
    let state: UpdateState = { phase: 'idle' };
    state = nextUpdateState(state, { type: 'checking' });
    state = nextUpdateState(state, { type: 'available', version: '1.2.0' });
    expect(nextUpdateStep(state, sync())).toBe('none');
    state = nextUpdateState(state, { type: 'downloaded', version: '1.2.0' });
    expect(nextUpdateStep(state, sync({ pendingCount: 3 }))).toBe('none');
    expect(installOnQuit(state, sync({ pendingCount: 3 }))).toBe(false);
    expect(nextUpdateStep(state, sync())).toBe('prompt');
    state = nextUpdateState(state, { type: 'prompted' });
    expect(nextUpdateStep(state, sync())).toBe('none');
    state = nextUpdateState(state, { type: 'restart-requested' });
    expect(nextUpdateStep(state, sync({ status: 'syncing' }))).toBe('none');
    expect(nextUpdateStep(state, sync())).toBe('install');
  });

  it('keeps a downloaded update through later checks and errors, and asks again for a newer one', () => {
    let state: UpdateState = {
      phase: 'ready',
      version: '1.2.0',
      prompted: true,
      restartRequested: false,
    };
    for (const event of [
      { type: 'checking' },
      { type: 'not-available' },
      { type: 'error', message: 'offline' },
    ] as const) {
      state = nextUpdateState(state, event);
      expect(state.phase).toBe('ready');
    }
    expect(installOnQuit(state, sync())).toBe(true);
    state = nextUpdateState(state, { type: 'downloaded', version: '1.3.0' });
    expect(state).toEqual({
      phase: 'ready',
      version: '1.3.0',
      prompted: false,
      restartRequested: false,
    });
  });

  it('words the prompt with the version and a restart as the default', () => {
    const prompt = updateReadyPrompt('1.2.0');
    expect(prompt.message).toContain('1.2.0');
    expect(prompt.buttons).toEqual(['Restart now', 'Later']);
    expect(prompt.defaultId).toBe(0);
    expect(prompt.cancelId).toBe(1);
  });
});

function fakeUpdater() {
  const emitter = new EventEmitter();
  const updater = Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    feeds: [] as string[],
    checks: 0,
    installs: [] as [boolean | undefined, boolean | undefined][],
    setFeedURL(options: { url: string }) {
      this.feeds.push(options.url);
    },
    async checkForUpdates() {
      this.checks++;
      return null;
    },
    quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
      this.installs.push([isSilent, isForceRunAfter]);
    },
  });
  return updater as typeof updater & UpdaterLike;
}

function controllerWith(answer: 'restart' | 'later' = 'restart') {
  const updater = fakeUpdater();
  const timers: { ms: number; run: () => void; repeat: boolean; stopped: boolean }[] = [];
  const schedule = (repeat: boolean) => (ms: number, run: () => void) => {
    const timer = { ms, run, repeat, stopped: false };
    timers.push(timer);
    return () => {
      timer.stopped = true;
    };
  };
  const asked: string[] = [];
  const told: string[] = [];
  const order: string[] = [];
  const controller = createUpdateController({
    updater,
    ask: async (prompt) => {
      asked.push(prompt.message);
      return answer;
    },
    tell: (notice) => told.push(notice.message),
    beforeInstall: () => order.push('beforeInstall'),
    log: { info: () => {}, warn: () => {} },
    currentVersion: '1.0.0',
    after: schedule(false),
    every: schedule(true),
  });
  const originalInstall = updater.quitAndInstall.bind(updater);
  updater.quitAndInstall = (a, b) => {
    order.push('quitAndInstall');
    originalInstall(a, b);
  };
  return { updater, controller, timers, asked, told, order };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('update controller', () => {
  it('takes installing away from electron-updater and checks on a schedule once enabled', () => {
    const { updater, controller, timers } = controllerWith();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    controller.configure({ enabled: true, feedUrl: 'https://u.example/gd/' });
    expect(updater.feeds).toEqual(['https://u.example/gd/']);
    expect(timers.map((t) => [t.ms, t.repeat])).toEqual([
      [FIRST_CHECK_DELAY_MS, false],
      [CHECK_INTERVAL_MS, true],
    ]);
    timers[0]!.run();
    expect(updater.checks).toBe(1);
    controller.configure({
      enabled: false,
      reason: 'automatic updates are turned off in Preferences',
    });
    expect(timers.every((t) => t.stopped)).toBe(true);
    timers[1]!.run();
    expect(updater.checks).toBe(1);
  });

  it('waits for pending changes to sync before asking, then restarts into the update', async () => {
    const { updater, controller, asked, order } = controllerWith('restart');
    controller.configure({ enabled: true, feedUrl: null });
    controller.setSyncState(sync({ pendingCount: 2, status: 'syncing' }));
    updater.emit('update-downloaded', { version: '1.1.0' });
    await settle();
    expect(asked).toEqual([]);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    controller.setSyncState(sync({ pendingCount: 0, status: 'idle' }));
    await settle();
    expect(asked).toEqual(['Gatedesk 1.1.0 is ready to install.']);
    expect(order).toEqual(['beforeInstall', 'quitAndInstall']);
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('does not restart when changes were queued while the question was open, until they sync', async () => {
    const updater = fakeUpdater();
    let answer!: (value: 'restart' | 'later') => void;
    const told: string[] = [];
    const controller = createUpdateController({
      updater,
      ask: () => new Promise((resolve) => (answer = resolve)),
      tell: (notice) => told.push(notice.message),
      beforeInstall: () => {},
      log: { info: () => {}, warn: () => {} },
      currentVersion: '1.0.0',
      after: () => () => {},
      every: () => () => {},
    });
    controller.configure({ enabled: true, feedUrl: null });
    controller.setSyncState(sync());
    updater.emit('update-downloaded', { version: '1.1.0' });
    controller.setSyncState(sync({ pendingCount: 1 }));
    answer('restart');
    await settle();
    expect(updater.installs).toEqual([]);
    expect(told).toEqual(['Gatedesk will restart once your changes have synced.']);
    controller.setSyncState(sync({ status: 'syncing', pendingCount: 1 }));
    expect(updater.installs).toEqual([]);
    controller.setSyncState(sync());
    expect(updater.installs).toHaveLength(1);
  });

  it('on "Later" installs on quit only while nothing waits to sync', async () => {
    const { updater, controller, asked } = controllerWith('later');
    controller.configure({ enabled: true, feedUrl: null });
    controller.setSyncState(sync());
    updater.emit('update-downloaded', { version: '1.1.0' });
    await settle();
    expect(asked).toHaveLength(1);
    expect(updater.installs).toEqual([]);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    controller.setSyncState(sync({ pendingCount: 4 }));
    expect(updater.autoInstallOnAppQuit).toBe(false);
    controller.setSyncState(sync());
    expect(updater.autoInstallOnAppQuit).toBe(true);
    // Turning updates off also stops the install on quit.
    controller.configure({ enabled: false, reason: 'off' });
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(asked).toHaveLength(1);
  });

  it('reports what a check the user asked for found, and says why when updates are off', () => {
    const { updater, controller, told } = controllerWith();
    controller.checkNow();
    expect(told).toEqual(['Updates are off.']);
    controller.configure({ enabled: true, feedUrl: null });
    controller.checkNow();
    expect(updater.checks).toBe(1);
    updater.emit('update-not-available', { version: '1.0.0' });
    controller.checkNow();
    updater.emit('error', new Error('getaddrinfo ENOTFOUND updates.gatedesk.app'));
    // A scheduled check's result is not announced.
    updater.emit('update-not-available', { version: '1.0.0' });
    expect(told).toEqual([
      'Updates are off.',
      'Gatedesk is up to date.',
      'Gatedesk could not check for updates.',
    ]);
  });
});
