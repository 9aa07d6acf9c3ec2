import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  safeStorage,
  session,
  shell,
} from 'electron';
import { contentSecurityPolicy } from '../../src-shared/csp.js';
import { createCore } from '../core/create-core.js';
import type { Core, DemoEnvironment } from '../core/core-types.js';
import { createConsoleLogger } from '../core/logger.js';
import { createWorkerStore } from '../core/store/stores.js';
import type { Store } from '../core/store/store-types.js';
import { startDemo } from '../demo/start-demo.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { builtPaths } from './paths.js';
import { createSafeStorageBox } from './safe-storage-box.js';
import {
  createSenderCheck,
  rendererSource,
  withContentSecurityPolicy,
  type RendererSource,
} from './security.js';
import { guardWebContents } from './web-contents-guards.js';
import { mainWindowOptions } from './window-options.js';

/**
 * The Electron entry: composes core (and the demo) with a window, and nothing else. Every
 * decision worth testing lives in the modules it imports.
 */

const logger = createConsoleLogger('app');
const mainDir = dirname(fileURLToPath(import.meta.url));
const paths = builtPaths(mainDir);

let source: RendererSource | null = null;
let mainWindow: BrowserWindow | null = null;
let store: Store | null = null;
let demo: DemoEnvironment | null = null;
let core: Core | null = null;
const disposers: (() => void)[] = [];
let shutdown: 'running' | 'closing' | 'closed' = 'running';

const openExternal = (url: string) => {
  shell
    .openExternal(url)
    .catch((error: unknown) => logger.warn('could not open a link in the browser', { error }));
};

function liveWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

function focusMainWindow(): void {
  const win = liveWindow();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function createMainWindow(from: RendererSource): void {
  const win = new BrowserWindow(
    mainWindowOptions({ preloadPath: paths.preload, dark: nativeTheme.shouldUseDarkColors }),
  );
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
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

async function start(): Promise<void> {
  const from = rendererSource({
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
    indexHtmlPath: paths.rendererIndex,
  });
  source = from;
  installSessionPolicy(from);

  const dataDir = app.getPath('userData');
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
  });
  core = started;
  // Quit was asked for while the core was starting: close what exists now rather than open a window.
  if (shutdown !== 'running') return closeEverything();

  const isTrustedSender = createSenderCheck(from, (id) => liveWindow()?.webContents.id === id);
  disposers.push(
    registerIpcHandlers(ipcMain, started, isTrustedSender, (method, error) =>
      logger.error('IPC call failed', { method, error }),
    ),
    forwardEvents(started, (channel, name, payload) =>
      liveWindow()?.webContents.send(channel, name, payload),
    ),
  );
  createMainWindow(from);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(from);
  });
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
  const detail = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Gatedesk could not start', detail);
  void closeEverything().finally(() => app.exit(1));
}

// Every renderer is sandboxed, whatever options a window is created with.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Gatedesk already runs on this profile; it receives 'second-instance' and comes forward.
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId('app.gatedesk.desktop');
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => {
    if (source) guardWebContents(contents, { source, openExternal });
    else contents.close();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
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
