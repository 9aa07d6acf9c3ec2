// Finds the Electron binary without triggering the download that `require('electron')` starts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './build-if-needed.mjs';

const electronDir = join(root, 'node_modules', 'electron');

export function electronBinaryPath() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  const full = join(base, relative);
  return existsSync(full) ? full : null;
}

/** One attempt at Electron's own first-run download, bounded so an offline machine is not kept waiting. */
export function tryDownloadElectron(timeoutMs = 60_000) {
  const installer = join(electronDir, 'install.js');
  if (!existsSync(installer))
    return Promise.resolve({ ok: false, reason: 'the electron package is not installed' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], {
      cwd: electronDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && electronBinaryPath()) return resolve({ ok: true });
      // the installer's own message, without its stack trace (which names local paths)
      const message = output
        .split('\n')
        .map((line) => line.trim())
        .find(
          (line) => line && !line.startsWith('at ') && /error|fail|refused|not found/i.test(line),
        );
      resolve({
        ok: false,
        reason: signal
          ? `no answer within ${timeoutMs / 1000} s`
          : (message ?? `the installer exited with ${code}`).slice(0, 160),
      });
    });
  });
}
