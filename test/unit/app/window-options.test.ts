import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPaths, trayImageDir } from '../../../src-main/app/paths.js';
import { mainWindowOptions, WINDOW_BACKGROUND } from '../../../src-main/app/window-options.js';

describe('main window options', () => {
  const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', dark: false });

  it('isolates the renderer from Node and Electron', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('fits a 1366×768 office screen and cannot shrink below a usable size', () => {
    expect(options.width).toBeLessThanOrEqual(1366);
    expect(options.height).toBeLessThanOrEqual(728);
    expect(options.minWidth).toBeLessThanOrEqual(options.width!);
    expect(options.minHeight).toBeLessThanOrEqual(options.height!);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
  });

  it('stays hidden until the first frame and paints the theme background meanwhile', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Gatedesk');
    expect(options.webPreferences?.spellcheck).toBe(true);
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    expect(mainWindowOptions({ preloadPath: 'p', dark: true }).backgroundColor).toBe(
      WINDOW_BACKGROUND.dark,
    );
  });
});

describe('built paths', () => {
  it('finds the sandboxed CommonJS preload and the renderer next to the built main', () => {
    const out = resolve('app', 'out');
    expect(builtPaths(resolve(out, 'main'))).toEqual({
      preload: resolve(out, 'preload', 'index.cjs'),
      rendererIndex: resolve(out, 'renderer', 'index.html'),
    });
  });

  it('finds the tray images in the packaged resources, or in the repository during development', () => {
    const repo = resolve('repo');
    expect(
      trayImageDir({
        isPackaged: false,
        resourcesPath: '/ignored',
        mainDir: resolve(repo, 'out', 'main'),
      }),
    ).toBe(resolve(repo, 'resources', 'tray'));
    expect(
      trayImageDir({ isPackaged: true, resourcesPath: resolve('app', 'resources'), mainDir: '/x' }),
    ).toBe(resolve('app', 'resources', 'tray'));
  });
});
