import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStandaloneSettings } from '../../../src-server/env.js';
import { freshDatabaseUrl } from '../../helpers/server-db.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cwd = join(tmpdir(), 'gatedesk-app');

describe('standalone settings', () => {
  it('defaults to loopback, port 4000 and a data folder under the working directory', () => {
    expect(readStandaloneSettings({}, cwd)).toEqual({
      ok: true,
      settings: {
        host: '127.0.0.1',
        port: 4000,
        databaseUrl: null,
        dataDir: join(cwd, '.data', 'server'),
        seed: 'demo',
      },
    });
  });

  it('explains a bad port', () => {
    expect(readStandaloneSettings({ PORT: 'eighty' }, cwd)).toEqual({
      ok: false,
      message: 'PORT must be a whole number from 0 to 65535; it is "eighty".',
    });
  });

  it('uses DATABASE_URL, and seeds demo data into it only when asked', () => {
    const url = 'postgres://gatedesk:secret@db.example.com:5432/gatedesk';
    expect(readStandaloneSettings({ DATABASE_URL: url }, cwd)).toMatchObject({
      ok: true,
      settings: { databaseUrl: url, seed: 'none' },
    });
    expect(readStandaloneSettings({ DATABASE_URL: url, GATEDESK_SEED: 'demo' }, cwd)).toMatchObject(
      { ok: true, settings: { databaseUrl: url, seed: 'demo' } },
    );
  });

  it('explains a DATABASE_URL that is not a PostgreSQL address, and a bad GATEDESK_SEED', () => {
    const read = readStandaloneSettings({ DATABASE_URL: 'mysql://db/gatedesk' }, cwd);
    expect(read).toEqual({
      ok: false,
      message: expect.stringMatching(/^DATABASE_URL must be a PostgreSQL connection string/),
    });
    expect(readStandaloneSettings({ GATEDESK_SEED: 'yes' }, cwd)).toEqual({
      ok: false,
      message: 'GATEDESK_SEED must be "demo" or "none"; it is "yes".',
    });
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
  it('runs on the PostgreSQL named by DATABASE_URL, never printing its password', async () => {
    const databaseUrl = await freshDatabaseUrl('standalone');
    const password = decodeURIComponent(new URL(databaseUrl).password);
    const run = runServer({ DATABASE_URL: databaseUrl, PORT: '0', GATEDESK_SEED: 'demo' });
    try {
      const url = await printedAddress(run);
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ ok: true, name: 'gatedesk-support-server' });
      expect(run.output()).toMatch(
        /database postgres:\/\/postgres@127\.0\.0\.1:\d+\/gd_standalone_/,
      );
      expect(run.output()).toMatch(/Seeded demo data/);
      expect(run.output()).not.toContain(password);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('exits non-zero with an explanation when DATABASE_URL is not PostgreSQL', async () => {
    const run = runServer({ DATABASE_URL: 'mysql://db/gatedesk', PORT: '0' });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/DATABASE_URL must be a PostgreSQL connection string/);
  });

  it('serves on the given port, prints its address and stops cleanly on SIGTERM', async () => {
    const dir = tempDir('server-process');
    const run = runServer({ PORT: '0', HOST: '127.0.0.1', GATEDESK_SERVER_DATA: dir.path });
    try {
      const url = await printedAddress(run);
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ ok: true, name: 'gatedesk-support-server' });
      expect(run.output()).toMatch(/Seeded demo data/);
      expect(run.output()).not.toMatch(/demo-technician-pass/);

      // requests are logged to a rotating file in the data folder too, with the token redacted
      await fetch(`${url}/sync/v1/events?access_token=not-a-real-token`).catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      const logs = readdirSync(join(dir.path, 'logs')).filter((f) => /^server\.\d+\.log$/.test(f));
      expect(logs.length).toBeGreaterThan(0);
      const text = logs.map((f) => readFileSync(join(dir.path, 'logs', f), 'utf8')).join('');
      expect(text).toContain('/health');
      expect(text).not.toContain('not-a-real-token');

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      dir.remove();
    }
  });

  it('refuses an unknown LOG_LEVEL and names the levels that fit', async () => {
    const run = runServer({ LOG_LEVEL: 'loud', PORT: '0' });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(
      /LOG_LEVEL=loud is not a log level; use one of fatal, error, warn, info, debug/,
    );
  });
});

/** The address the server prints once it listens. */
function printedAddress(run: ReturnType<typeof runServer>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
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
}
