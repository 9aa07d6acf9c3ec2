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
