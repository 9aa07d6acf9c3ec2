// `npm run load`: builds out/ when a source changed (the support server runs from
// out/main/server.js, as in production), bundles the load run into bench/data/build, and runs it
// with plain Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { buildIfNeeded, root } from '../scripts/build-if-needed.mjs';

try {
  if (buildIfNeeded({ quiet: true })) console.log('Built out/ (electron-vite build).');
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const dir = join(root, 'bench', 'data', 'build');
mkdirSync(dir, { recursive: true });
const file = join(dir, `load-${process.pid}.mjs`);
await build({
  input: join(root, 'bench', 'load-main.ts'),
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  output: { file, format: 'esm' },
  logLevel: 'warn',
});
const result = spawnSync(process.execPath, [file, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
rmSync(file, { force: true });
process.exit(result.status ?? 1);
