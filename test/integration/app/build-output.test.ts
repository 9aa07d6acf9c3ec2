import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPaths } from '../../../src-main/app/paths.js';

/**
 * What `electron-vite build` must produce for the packaged app to start (checked on the one
 * shared build of the test run): the main entry with its Electron-only libraries left
 * external, a sandbox-loadable preload, and a renderer whose page finds its scripts.
 */
const out = resolve(import.meta.dirname, '..', '..', '..', 'out');
const mainDir = join(out, 'main');
const paths = builtPaths(mainDir);

describe('electron-vite build output', () => {
  it('has the Electron main entry, with electron, the updater and the logger loaded at run time', () => {
    const main = readFileSync(join(mainDir, 'index.js'), 'utf8');
    for (const dependency of ['electron', 'electron-updater', 'electron-log/main']) {
      expect(main, dependency).toMatch(new RegExp(`from ["']${dependency}["']`));
    }
    for (const entry of ['host.js', 'store-worker.js']) {
      expect(existsSync(join(mainDir, entry)), entry).toBe(true);
    }
  });

  it('has a CommonJS preload that requires nothing a sandboxed preload cannot load', () => {
    const preload = readFileSync(paths.preload, 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toContain('electron');
    expect(required.filter((name) => name !== 'electron')).toEqual([]);
    expect(preload).not.toMatch(/^\s*import\s/m);
  });

  it('has a renderer page that carries its CSP and whose scripts and styles exist', () => {
    const html = readFileSync(paths.rendererIndex, 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*default-src/);
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) {
      expect(existsSync(join(dirname(paths.rendererIndex), asset)), asset).toBe(true);
    }
  });
});
