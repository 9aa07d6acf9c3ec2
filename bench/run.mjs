// `npm run bench`: builds out/ when a source changed (the store worker runs from there, as in the
// shells), bundles the TypeScript benchmark into bench/data/build, and runs it with plain Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { buildIfNeeded, root } from '../scripts/build-if-needed.mjs';

// --report only prints kept results: nothing to build for that
try {
  if (!process.argv.includes('--report') && buildIfNeeded({ quiet: true }))
    console.log('Built out/ (electron-vite build).');
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const dir = join(root, 'bench', 'data', 'build');
mkdirSync(dir, { recursive: true });
const file = join(dir, `main-${process.pid}.mjs`);
await build({
  input: join(root, 'bench', 'main.ts'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  output: { file, format: 'esm' },
  logLevel: 'warn',
});
// --expose-gc: memory is measured after a collection, not at a random point of the heap's life
const result = spawnSync(process.execPath, ['--expose-gc', file, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
rmSync(file, { force: true });
process.exit(result.status ?? 1);
