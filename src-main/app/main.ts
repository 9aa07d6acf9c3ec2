import { arch, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  nativeTheme,
  powerMonitor,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import log from 'electron-log/main';
import electronUpdater from 'electron-updater';
import type { CallName, CallOutput } from '../../src-shared/contract.js';
import { contentSecurityPolicy } from '../../src-shared/csp.js';
import type { AppSettings, NavigationTarget } from '../../src-shared/domain/desktop.js';
import type { SyncState } from '../../src-shared/domain/sync.js';
import { IPC_EVENT_CHANNEL } from '../../src-shared/ipc-channels.js';
import { createCore } from '../core/create-core.js';
import type { Core, DemoEnvironment } from '../core/core-types.js';
import { logsDir } from '../core/logging/log-files.js';
import { storeFailure } from '../core/store/store-errors.js';
import { createWorkerStore } from '../core/store/stores.js';
import type { Store } from '../core/store/store-types.js';
import { startDemo } from '../demo/start-demo.js';
import { configureAppLog, coreLoggerFor, setAppLogLevel } from './app-log.js';
import { withAttachmentViewer } from './attachment-viewer.js';
import {
  createDeepLinkRouter,
  DEEP_LINK_SCHEME,
  deepLinkFromArgv,
  protocolClientLaunch,
} from './deep-links.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { applyAutostartFile, loginItemPlan } from './login-item.js';
import { aboutDetails, appMenuTemplate, trayMenuTemplate } from './menu-template.js';
import { builtPaths, TASKBAR_OVERLAY_FILE, trayImageDir, trayImageFile } from './paths.js';
import { createRendererEvents } from './renderer-events.js';
import { createSafeStorageBox } from './safe-storage-box.js';
import { replyNotification } from './reply-notification.js';
import { slaNotification } from './sla-notification.js';
import {
  createSenderCheck,
  rendererSource,
  withContentSecurityPolicy,
  type RendererSource,
} from './security.js';
import { createUnreadIndicator } from './unread-badge.js';
import { createUpdateController, type UpdateController } from './update-controller.js';
import { resolveUpdateConfig } from './update-policy.js';
import { guardWebContents } from './web-contents-guards.js';
import { closeAction, hasTrayIcon, startsHidden } from './window-behaviour.js';
import { mainWindowOptions } from './window-options.js';

/**
 * The Electron entry: composes core (and the demo) with a window, tray, menu, deep links and
 * updates, and nothing else. Every decision worth testing lives in the modules it imports.
 */

const dataDir = app.getPath('userData');
const logDir = logsDir(dataDir);
configureAppLog(log, { logsDir: logDir, level: 'info' });
const logger = coreLoggerFor(log, 'app');
const mainDir = dirname(fileURLToPath(import.meta.url));
const paths = builtPaths(mainDir);
const platform = process.platform;
const { autoUpdater } = electronUpdater;

let source: RendererSource | null = null;
let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let store: Store | null = null;
let demo: DemoEnvironment | null = null;
let core: Core | null = null;
let updates: UpdateController | null = null;
let settings: AppSettings | null = null;
const disposers: (() => void)[] = [];
let shutdown: 'running' | 'closing' | 'closed' = 'running';
/** Set by a real quit (menu, tray, update): the window then closes instead of going to the tray. */
let quitting = false;

const openExternal = (url: string) => {
  shell
    .openExternal(url)
    .catch((error: unknown) => logger.warn('could not open a link in the browser', { error }));
};

function liveWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

function showMainWindow(): void {
  const win = liveWindow();
  if (!win) {
    if (source && core) createMainWindow(source, true);
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

// Deep links and menu commands go to the renderer on the core's event channel, held until
// the page has loaded (see renderer-events.ts).
const rendererEvents = createRendererEvents((event, payload) =>
  liveWindow()?.webContents.send(IPC_EVENT_CHANNEL, event, payload),
);

const openDeepLink = createDeepLinkRouter({
  open(target: NavigationTarget) {
    rendererEvents.send('navigate', target);
    showMainWindow();
  },
  log: (message, fields) => logger.warn(message, fields),
});

async function call<K extends CallName>(method: K, input: unknown): Promise<CallOutput<K> | null> {
  if (!core) return null;
  const result = await core.dispatch(method, input, { shell: 'electron' });
  if (result.ok) return result.value as CallOutput<K>;
  logger.warn('call from the shell failed', { method, code: result.error.code });
  return null;
}

/** Attachments open in the system's viewer only as the policy allows (attachment-open-policy.ts). */
const withViewer = (started: Core) =>
  withAttachmentViewer(started, {
    viewerDir: join(app.getPath('temp'), 'gatedesk-open'),
    openPath: (path) => shell.openPath(path),
  });

function createMainWindow(from: RendererSource, show: boolean): void {
  const win = new BrowserWindow(
    mainWindowOptions({ preloadPath: paths.preload, dark: nativeTheme.shouldUseDarkColors }),
  );
  mainWindow = win;
  if (show) win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    const action = closeAction({
      platform,
      closeToTray: settings?.closeToTray ?? false,
      trayExists: tray !== null,
      quitting,
    });
    if (action === 'hide') {
      event.preventDefault();
      win.hide();
    }
  });
  // Signing out of Windows closes windows without quitting first: going to the tray then
  // would hold up the shutdown.
  win.on('session-end', () => {
    quitting = true;
  });
  win.webContents.on('did-start-loading', () => rendererEvents.notReady());
  win.webContents.on('did-finish-load', () => rendererEvents.ready());
  win.on('closed', () => {
    rendererEvents.notReady();
    if (mainWindow === win) mainWindow = null;
  });
  win
    .loadURL(from.url)
    .catch((error: unknown) => logger.error('could not load the app page', { error }));
}

function installSessionPolicy(from: RendererSource): void {
  const ses = session.defaultSession;
  // The renderer needs no web permission: camera, location, notifications and the like are
  // either unused or main's job.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Sent as a header on every response. Whether webRequest sees file:// loads has varied
  // between Electron releases, so the built page must also carry the policy in a meta tag.
  const dev = from.kind === 'dev-server';
  const policy = contentSecurityPolicy({
    connectSrc: dev ? [from.origin.replace(/^http/, 'ws')] : [],
    devServer: dev,
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
}

function showMessage(message: string, detail: string, type: 'info' | 'error' = 'info'): void {
  const options = { type, message, detail, buttons: ['OK'] };
  const win = liveWindow();
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

function sendCommand(name: 'ticket.new' | 'search' | 'preferences'): void {
  rendererEvents.send('command', { name });
  showMainWindow();
}

async function reportProblem(): Promise<void> {
  const report = await call('app.reportProblem', {});
  if (!report) {
    showMessage(
      'Gatedesk could not write a problem report.',
      `The logs are in ${logDir}; you can attach them to a support ticket yourself.`,
      'error',
    );
    return;
  }
  shell.showItemInFolder(report.path);
  showMessage(
    'A problem report was saved.',
    `Attach this file to a support ticket:\n${report.path}\n\nPasswords, tokens, site keys and PINs were removed from it.`,
  );
}

function installMenu(): void {
  const template = appMenuTemplate({
    platform,
    isPackaged: app.isPackaged,
    actions: {
      newTicket: () => sendCommand('ticket.new'),
      search: () => sendCommand('search'),
      preferences: () => sendCommand('preferences'),
      syncNow: () => void call('sync.now', {}),
      checkForUpdates: () => updates?.checkNow(),
      reportProblem: () => void reportProblem(),
      openLogsFolder: () => void shell.openPath(logDir),
      about: () => {
        const about = aboutDetails({
          version: app.getVersion(),
          versions: process.versions,
          platform,
          arch: arch(),
        });
        showMessage(about.message, about.detail);
      },
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  if (platform === 'darwin') {
    app.setAboutPanelOptions({
      applicationName: 'Gatedesk',
      applicationVersion: app.getVersion(),
      version: `Electron ${process.versions.electron}`,
    });
  }
}

function installTray(): void {
  if (!hasTrayIcon(platform)) return;
  const dir = trayImageDir({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    mainDir,
  });
  const image = (unread: boolean) =>
    nativeImage.createFromPath(join(dir, trayImageFile(platform, unread)));
  const overlay = nativeImage.createFromPath(join(dir, TASKBAR_OVERLAY_FILE));
  tray = new Tray(image(false));
  tray.setContextMenu(
    Menu.buildFromTemplate(
      trayMenuTemplate({
        show: showMainWindow,
        syncNow: () => void call('sync.now', {}),
        quit: () => app.quit(),
      }),
    ),
  );
  tray.on('click', showMainWindow);
  const shown = tray;
  const unread = createUnreadIndicator({
    platform,
    setBadgeCount: (count) => app.setBadgeCount(count),
    tray: {
      setUnread: (on) => shown.setImage(image(on)),
      setToolTip: (text) => shown.setToolTip(text),
    },
    setOverlay: (on, description) => liveWindow()?.setOverlayIcon(on ? overlay : null, description),
  });
  unread.setCount(0);
  if (core) disposers.push(core.events.on('notifications.unread', (e) => unread.setCount(e.count)));
}

function installDockBadge(): void {
  if (platform !== 'darwin' || !core) return;
  const unread = createUnreadIndicator({
    platform,
    setDockBadge: (text) => app.dock?.setBadge(text),
  });
  disposers.push(core.events.on('notifications.unread', (e) => unread.setCount(e.count)));
}

/** A ticket about to breach its SLA: a system notification that opens the ticket. */
function installSlaNotifications(): void {
  if (!core || !Notification.isSupported()) return;
  disposers.push(
    core.events.on('notifications.sla', (warning) => {
      const shown = slaNotification(warning);
      const notification = new Notification({ title: shown.title, body: shown.body });
      notification.on('click', () => {
        if (shown.open) rendererEvents.send('navigate', shown.open);
        showMainWindow();
      });
      notification.show();
    }),
  );
}

/** A reply on a ticket the user follows: a system notification that opens the ticket. */
function installReplyNotifications(): void {
  if (!core || !Notification.isSupported()) return;
  const shownAt: number[] = [];
  disposers.push(
    core.events.on('notifications.reply', (notice) => {
      const now = Date.now();
      while (shownAt.length > 0 && now - shownAt[0]! > 60_000) shownAt.shift();
      const shown = replyNotification(notice, {
        windowFocused: liveWindow()?.isFocused() ?? false,
        shownLastMinute: shownAt.length,
      });
      if (!shown) return;
      shownAt.push(now);
      const notification = new Notification({ title: shown.title, body: shown.body });
      notification.on('click', () => {
        if (shown.open) rendererEvents.send('navigate', shown.open);
        showMainWindow();
      });
      notification.show();
    }),
  );
}

function applyLoginItem(enabled: boolean): void {
  const plan = loginItemPlan({
    platform,
    enabled,
    isPackaged: app.isPackaged,
    execPath: process.execPath,
    env: process.env,
    homeDir: homedir(),
  });
  try {
    if (plan.kind === 'login-item') app.setLoginItemSettings(plan.settings);
    else if (plan.kind === 'autostart-file') applyAutostartFile(plan);
    else if (enabled) logger.warn('start at login is not available', { reason: plan.reason });
  } catch (error) {
    logger.error('could not change start at login', { error });
  }
}

function installUpdates(current: AppSettings, initialSync: SyncState | null): void {
  autoUpdater.logger = log;
  const controller = createUpdateController({
    updater: autoUpdater,
    async ask(prompt) {
      const win = liveWindow();
      const options = { type: 'info' as const, ...prompt, buttons: [...prompt.buttons] };
      const { response } = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options);
      return response === 0 ? 'restart' : 'later';
    },
    tell: ({ message, detail }) => showMessage(message, detail),
    beforeInstall: () => {
      quitting = true;
    },
    log: logger,
    currentVersion: app.getVersion(),
  });
  updates = controller;
  if (initialSync) controller.setSyncState(initialSync);
  controller.configure(
    resolveUpdateConfig({
      isPackaged: app.isPackaged,
      autoUpdate: current.autoUpdate,
      env: process.env,
    }),
  );
  disposers.push(() => controller.dispose());
}

function followSettings(started: Core): void {
  disposers.push(
    started.events.on('app.settings.changed', (next) => {
      const previous = settings;
      settings = next;
      setAppLogLevel(log, next.logLevel);
      if (previous?.startAtLogin !== next.startAtLogin) applyLoginItem(next.startAtLogin);
      if (previous?.autoUpdate !== next.autoUpdate) {
        updates?.configure(
          resolveUpdateConfig({
            isPackaged: app.isPackaged,
            autoUpdate: next.autoUpdate,
            env: process.env,
          }),
        );
      }
    }),
    started.events.on('sync.state', (state) => updates?.setSyncState(state)),
  );
}

async function start(): Promise<void> {
  const from = rendererSource({
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
    indexHtmlPath: paths.rendererIndex,
  });
  source = from;
  installSessionPolicy(from);

  if (process.env.GATEDESK_NO_DEMO !== '1') demo = await startDemo({ dataDir, logger });
  if (shutdown !== 'running') return closeEverything();
  store = createWorkerStore(new URL('./store-worker.js', import.meta.url));
  const started = await createCore({
    dataDir,
    shell: 'electron',
    version: app.getVersion(),
    secrets: createSafeStorageBox(safeStorage),
    logger,
    store,
    demo,
    logsDir: logDir,
  });
  core = started;
  // Quit was asked for while the core was starting: close what exists now rather than open a window.
  if (shutdown !== 'running') return closeEverything();

  const isTrustedSender = createSenderCheck(from, (id) => liveWindow()?.webContents.id === id);
  disposers.push(
    registerIpcHandlers(ipcMain, withViewer(started), isTrustedSender, (method, error) =>
      logger.error('IPC call failed', { method, error }),
    ),
    forwardEvents(started, (channel, name, payload) =>
      liveWindow()?.webContents.send(channel, name, payload),
    ),
  );

  const current = await call('app.settings.get', {});
  settings = current;
  if (current) {
    setAppLogLevel(log, current.logLevel);
    applyLoginItem(current.startAtLogin);
  }
  followSettings(started);
  installMenu();
  installTray();
  installDockBadge();
  installSlaNotifications();
  installReplyNotifications();
  if (current) installUpdates(current, await call('sync.state', {}));

  // Linux and macOS shutting down: let the window close instead of going to the tray.
  powerMonitor.on('shutdown', () => {
    quitting = true;
  });
  createMainWindow(from, !startsHidden(process.argv, platform));
  app.on('activate', () => showMainWindow());
}

async function closeQuietly(name: string, close: () => Promise<void>): Promise<void> {
  try {
    await close();
  } catch (error) {
    logger.error(`could not close the ${name} cleanly`, { error });
  }
}

async function closeEverything(): Promise<void> {
  for (const dispose of disposers.splice(0)) dispose();
  tray?.destroy();
  tray = null;
  const [openCore, openStore, openDemo] = [core, store, demo];
  core = store = demo = null;
  // Once the core exists it owns the store and closes it.
  if (openCore) await closeQuietly('core', () => openCore.close());
  else if (openStore) await closeQuietly('store', () => openStore.close());
  if (openDemo) await closeQuietly('demo', () => openDemo.close());
}

function abort(error: unknown): void {
  // A start cut short by quitting fails on the closed store; that is not worth a dialog.
  if (shutdown !== 'running') return;
  logger.error('Gatedesk could not start', { error });
  // A database problem is said in the words a person can act on, as the web host does.
  const detail =
    storeFailure(error)?.message ?? (error instanceof Error ? error.message : String(error));
  dialog.showErrorBox('Gatedesk could not start', detail);
  void closeEverything().finally(() => app.exit(1));
}

// Every renderer is sandboxed, whatever options a window is created with.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Gatedesk already runs on this profile; it receives 'second-instance' with our
  // argv (and any gatedesk:// link in it) and comes forward.
  app.quit();
} else {
  if (platform === 'win32') app.setAppUserModelId('app.gatedesk.desktop');
  // Windows and Linux: the OS starts Gatedesk with the link as an argument.
  const launch = protocolClientLaunch({
    defaultApp: process.defaultApp ?? false,
    execPath: process.execPath,
    argv: process.argv,
    resolve: (path) => resolve(path),
  });
  if (launch) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, launch.path, launch.args);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  const launchLink = deepLinkFromArgv(process.argv);
  if (launchLink) openDeepLink(launchLink, 'argv');
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkFromArgv(argv);
    if (link) openDeepLink(link, 'second-instance');
    // Starting Gatedesk again means "show me Gatedesk", whatever the link said.
    showMainWindow();
  });
  // macOS delivers links as an event, possibly before 'ready' when the link launched the app.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDeepLink(url, 'open-url');
  });
  app.on('web-contents-created', (_event, contents) => {
    if (source) guardWebContents(contents, { source, openExternal });
    else contents.close();
  });
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (shutdown === 'closed') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    void closeEverything().finally(() => {
      shutdown = 'closed';
      app.quit();
    });
  });
  app.whenReady().then(start).catch(abort);
}
