// Builds out/ with electron-vite when any source is newer than the last build.
// Shared by `npm start`, `npm run server` and the test suite's one-time build fixture.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'out', '.build-stamp');
// Several test runs (or `npm start` beside a test run) may ask for a build at once; one builds.
const lock = join(root, '.build-lock');
const staleLockMs = 5 * 60_000;
const inputs = [
  'src-shared',
  'src-main',
  'src-preload',
  'src-renderer',
  'src-server',
  'src-pti-gateway',
  'resources',
  'package.json',
  'electron.vite.config.ts',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIsCurrent() {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return inputs.every((input) => newestMtime(join(root, input)) <= built);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock() {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // a build that crashed leaves its lock behind; nobody builds for five minutes
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > staleLockMs) rmSync(lock, { recursive: true, force: true });
      else sleep(250);
    }
  }
}

export function buildIfNeeded({ quiet = false } = {}) {
  if (buildIsCurrent()) return false;
  acquireLock();
  try {
    // another process may have finished the same build while this one waited
    if (buildIsCurrent()) return false;
    return build(quiet);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build(quiet) {
  if (!quiet) console.log('Building Gatedesk (electron-vite build)…');
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: quiet ? 'pipe' : 'inherit',
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stdout + result.stderr);
    throw new Error('electron-vite build failed; see the output above.');
  }
  writeFileSync(stamp, new Date(started).toISOString() + '\n');
  // dated at the build's start, so an edit made during the build triggers the next one
  utimesSync(stamp, started / 1000, started / 1000);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildIfNeeded();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
