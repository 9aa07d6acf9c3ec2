import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStandaloneSettings } from '../../../src-server/env.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cwd = join(tmpdir(), 'gatedesk-app');

describe('standalone settings', () => {
  it('defaults to loopback, port 4000 and a data folder under the working directory', () => {
    expect(readStandaloneSettings({}, cwd)).toEqual({
      ok: true,
      settings: { host: '127.0.0.1', port: 4000, dataDir: join(cwd, '.data', 'server') },
    });
  });

  it('explains a bad port', () => {
    expect(readStandaloneSettings({ PORT: 'eighty' }, cwd)).toEqual({
      ok: false,
      message: 'PORT must be a whole number from 0 to 65535; it is "eighty".',
    });
  });

  it('does not silently ignore DATABASE_URL', () => {
    const read = readStandaloneSettings({ DATABASE_URL: 'postgres://db/gatedesk' }, cwd);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.message).toMatch(
        /external PostgreSQL support arrives with the full support server/,
      );
  });
});

/** Runs the built server entry (out/main/server.js) and collects what it prints. */
function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['out/main/server.js'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('standalone server process', () => {
  it('exits non-zero with an explanation when DATABASE_URL is set', async () => {
    const run = runServer({ DATABASE_URL: 'postgres://db/gatedesk', PORT: '0' });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/DATABASE_URL is set/);
  });

  it('serves on the given port, prints its address and stops cleanly on SIGTERM', async () => {
    const dir = tempDir('server-process');
    const run = runServer({ PORT: '0', HOST: '127.0.0.1', GATEDESK_SERVER_DATA: dir.path });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no address printed:\n${run.output()}`)),
          60_000,
        );
        run.child.stdout.on('data', () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output());
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        void run.exited.then((code) => reject(new Error(`exited with ${code}:\n${run.output()}`)));
      });
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ ok: true, name: 'gatedesk-support-server' });
      expect(run.output()).toMatch(/Seeded demo data/);
      expect(run.output()).not.toMatch(/demo-technician-pass/);

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      dir.remove();
    }
  });
});
