import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu and the tray menu, as data. Electron's standard roles do the editing,
 * zoom, window and services work (and get each platform's labels and shortcuts right); the
 * app's own items call the actions given here, which main.ts wires to the renderer (new
 * ticket, search, preferences), to the core (sync now, report a problem) or to dialogs.
 */
export interface MenuActions {
  newTicket(): void;
  search(): void;
  syncNow(): void;
  preferences(): void;
  checkForUpdates(): void;
  reportProblem(): void;
  openLogsFolder(): void;
  /** The About dialog on Windows and Linux (macOS uses the standard About panel). */
  about(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development builds get reload and the developer tools; installed ones do not. */
  isPackaged: boolean;
  actions: MenuActions;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function appMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions } = options;
  const mac = options.platform === 'darwin';

  const preferences: MenuItemConstructorOptions = {
    id: 'preferences',
    label: mac ? 'Settings…' : 'Preferences…',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.preferences(),
  };
  const checkForUpdates: MenuItemConstructorOptions = {
    id: 'check-for-updates',
    label: 'Check for Updates…',
    click: () => actions.checkForUpdates(),
  };

  const appMenu: MenuItemConstructorOptions = {
    label: 'Gatedesk',
    submenu: [
      { role: 'about' },
      checkForUpdates,
      separator,
      preferences,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      {
        id: 'new-ticket',
        label: 'New Ticket',
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.newTicket(),
      },
      {
        id: 'sync-now',
        label: 'Sync Now',
        accelerator: 'CmdOrCtrl+Shift+S',
        click: () => actions.syncNow(),
      },
      separator,
      ...(mac ? [{ role: 'close' } as const] : [preferences, separator, { role: 'quit' } as const]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { role: 'selectAll' },
      separator,
      {
        id: 'search',
        label: 'Search Tickets…',
        accelerator: 'CmdOrCtrl+F',
        click: () => actions.search(),
      },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(options.isPackaged
        ? []
        : [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            separator,
          ]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = { label: '&Window', role: 'windowMenu' };

  const helpMenu: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      { id: 'report-problem', label: 'Report a Problem…', click: () => actions.reportProblem() },
      { id: 'open-logs', label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ...(mac
        ? []
        : [
            separator,
            checkForUpdates,
            { id: 'about', label: 'About Gatedesk', click: () => actions.about() },
          ]),
    ],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

export function trayMenuTemplate(actions: {
  show(): void;
  syncNow(): void;
  quit(): void;
}): MenuItemConstructorOptions[] {
  return [
    { id: 'show', label: 'Open Gatedesk', click: () => actions.show() },
    { id: 'sync-now', label: 'Sync Now', click: () => actions.syncNow() },
    separator,
    { id: 'quit', label: 'Quit Gatedesk', click: () => actions.quit() },
  ];
}

/** The About text: the version a support agent asks for first, and what it runs on. */
export function aboutDetails(input: {
  version: string;
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
  platform: NodeJS.Platform;
  arch: string;
}): { title: string; message: string; detail: string } {
  const runtime = [
    input.versions.electron && `Electron ${input.versions.electron}`,
    input.versions.chrome && `Chromium ${input.versions.chrome}`,
    input.versions.node && `Node.js ${input.versions.node}`,
  ].filter(Boolean);
  return {
    title: 'About Gatedesk',
    message: `Gatedesk ${input.version}`,
    detail: `Helpdesk for sites that run PTI access control.\n${runtime.join(', ')}\n${input.platform} ${input.arch}`,
  };
}
