import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Painted before the renderer's first frame, so a window opening in the dark theme does not
 * flash white. Keep in step with the renderer's page background.
 */
export const WINDOW_BACKGROUND = { light: '#f7f7f8', dark: '#16181d' } as const;

/**
 * The main window. Sized to fit a 1366×768 office screen with a taskbar; the renderer is
 * isolated from Node and Electron and reaches the core only through the preload's bridge.
 */
export function mainWindowOptions(options: {
  preloadPath: string;
  dark: boolean;
}): BrowserWindowConstructorOptions {
  return {
    title: 'Gatedesk',
    width: 1280,
    height: 720,
    minWidth: 900,
    minHeight: 560,
    // Shown on ready-to-show, once the first frame is painted.
    show: false,
    backgroundColor: options.dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      // A file dropped outside a drop zone must not replace the app with that file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}
