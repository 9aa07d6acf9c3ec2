import { join } from 'node:path';

/**
 * Where the build puts the preload and the renderer, relative to the built main entry
 * (out/main/index.js), so the same paths hold in development and inside the packaged asar.
 */
export function builtPaths(mainDir: string): { preload: string; rendererIndex: string } {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndex: join(mainDir, '..', 'renderer', 'index.html'),
  };
}

/**
 * The tray and overlay images: copied next to the app's resources by electron-builder
 * (extraResources → tray/), and read from the repository's resources/ in development.
 */
export function trayImageDir(options: {
  isPackaged: boolean;
  resourcesPath: string;
  mainDir: string;
}): string {
  return options.isPackaged
    ? join(options.resourcesPath, 'tray')
    : join(options.mainDir, '..', '..', 'resources', 'tray');
}

/**
 * Windows loads tray.png and picks tray@2x.png itself on high-DPI screens. Linux panels draw
 * tray icons at 22–24 px and scale what they get, so they get the 32 px image.
 */
export function trayImageFile(platform: NodeJS.Platform, unread: boolean): string {
  const base = unread ? 'tray-unread' : 'tray';
  return platform === 'linux' ? `${base}@2x.png` : `${base}.png`;
}

export const TASKBAR_OVERLAY_FILE = 'overlay-unread.png';
