import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProblemReporter } from '../../../src-main/core/diagnostics/problem-reporter.js';
import {
  KEEP_REPORTS,
  reportsDir,
  writeProblemReport,
} from '../../../src-main/core/diagnostics/problem-report.js';
import { logsDir } from '../../../src-main/core/logging/log-files.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { defaultAppSettings } from '../../../src-shared/domain/desktop.js';
import { readZip } from '../../helpers/read-zip.js';
import { testCore } from '../../helpers/test-core.js';

let dataDir: string;
let core: Core | null = null;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatedesk-report-'));
});
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dataDir, { recursive: true, force: true });
});

// Secrets as they reach real logs: in fields the logger missed, in headers a library dumped,
// in URLs, in JSON bodies, in object dumps. Each must be gone from the report.
const SECRETS = {
  accessToken: 'at_9b1f6c0e4d2a7e88',
  refreshToken: 'rt_51d0c3aa9e7f4b26',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZWNoQGRlbW8ifQ.Qm9ndXNTaWduYXR1cmVIZXJl',
  password: 'Hunter2-Storage!',
  sitePassword: 'pti-s1te-pw',
  siteKey: 'SK-7F3A-99B2-C0DE',
  launchToken: 'q8XcT0n1Lk2pVb7sYd4fGh6jKm9Nz3Rw5Ue8Ia0Ob1Q',
  basic: 'dGVjaDpIdW50ZXIy',
  pin: '482913',
};

const MAIN_LOG = [
  '[2026-11-23 09:00:00.001] [info] [app] Gatedesk started {"version":"0.1.0"}',
  `[2026-11-23 09:00:01.002] [warn] [app] request failed {"url":"https://support.example.com/sync/v1/pull","headers":{"Authorization":"Bearer ${SECRETS.accessToken}","Accept":"application/json"}}`,
  `[2026-11-23 09:00:02.003] [info] [app] refreshed session {"refresh_token":"${SECRETS.refreshToken}","expiresIn":3600}`,
  `[2026-11-23 09:00:03.004] [error] [app] upstream said: Authorization: Bearer ${SECRETS.jwt}`,
  `[2026-11-23 09:00:04.005] [info] [app] PTI site HPS101 connect { siteCode: 'HPS101', siteKey: '${SECRETS.siteKey}', username: 'installer', password: '${SECRETS.sitePassword}' }`,
  `[2026-11-23 09:00:05.006] [info] [app] opened ticket HW00000094 for site HPS101`,
  `[2026-11-23 09:00:06.007] [warn] [app] proxy refused Proxy-Authorization: Basic ${SECRETS.basic}`,
  `[2026-11-23 09:00:07.008] [info] [app] support PIN issued {"siteCode":"HPS101","pin":"${SECRETS.pin}"}`,
].join('\n');

const HOST_LOG = [
  `2026-11-23T09:00:00.000Z info [host] listening http://127.0.0.1:41234/?token=${SECRETS.launchToken}`,
  `2026-11-23T09:00:01.000Z warn [host] refused request {"cookie":"gatedesk_host=${SECRETS.launchToken}"}`,
  `2026-11-23T09:00:02.000Z info [host] sign-in POST body email=tech%40demo.test&password=${encodeURIComponent(SECRETS.password)}`,
  `2026-11-23T09:00:03.000Z info [host] raw header Cookie: gatedesk_host=${SECRETS.launchToken}; theme=dark`,
  `2026-11-23T09:00:04.000Z info [host] gateway https://installer:${SECRETS.sitePassword}@gw.hps101.example/api`,
].join('\n');

function writeLogs() {
  const dir = logsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.log'), MAIN_LOG);
  writeFileSync(join(dir, 'main.1.log'), 'older main log line for ticket SW00000012\n');
  writeFileSync(join(dir, 'host.log'), HOST_LOG);
  // Not logs: must never be swept into a report.
  writeFileSync(join(dir, 'notes.txt'), 'not a log');
  writeFileSync(join(dataDir, 'gatedesk.sqlite.copy.log.bak'), 'x');
  return dir;
}

function reportText(entries: Map<string, Buffer>): string {
  return [...entries.values()].map((b) => b.toString('utf8')).join('\n');
}

describe('problem report', () => {
  it('zips the logs, a summary and the description, with every secret removed', async () => {
    writeLogs();
    core = await testCore(dataDir);
    const result = await core.dispatch(
      'app.reportProblem',
      { description: `Sync stops after sign-in. My password is password=${SECRETS.password}` },
      { shell: 'test' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = result.value as { path: string; bytes: number; entries: string[] };
    expect(report.path.startsWith(reportsDir(dataDir))).toBe(true);
    expect(report.path).toMatch(/gatedesk-problem-report-\d{8}T\d{6}Z\.zip$/);

    const zip = readFileSync(report.path);
    expect(report.bytes).toBe(zip.length);
    const entries = readZip(zip);
    expect([...entries.keys()].sort()).toEqual(
      [
        'README.txt',
        'about.json',
        'description.txt',
        'logs/host.log',
        'logs/main.1.log',
        'logs/main.log',
      ].sort(),
    );
    expect(report.entries.sort()).toEqual([...entries.keys()].sort());

    const text = reportText(entries);
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(text, name).not.toContain(secret);
    }
    expect(text).not.toContain(encodeURIComponent(SECRETS.password));
    // What a support agent needs survives.
    const main = entries.get('logs/main.log')!.toString('utf8');
    expect(main).toContain('opened ticket HW00000094 for site HPS101');
    expect(main).toContain('https://support.example.com/sync/v1/pull');
    expect(main.split('\n')).toHaveLength(MAIN_LOG.split('\n').length);
    expect(main).toContain('[redacted]');
    expect(entries.get('description.txt')!.toString('utf8')).toContain('Sync stops after sign-in.');
  });

  it('describes the installation in about.json', async () => {
    core = await testCore(dataDir);
    await core.dispatch('app.settings.set', { logLevel: 'debug' }, { shell: 'test' });
    const result = await core.dispatch('app.reportProblem', {}, { shell: 'test' });
    if (!result.ok) throw new Error(result.error.message);
    const entries = readZip(readFileSync((result.value as { path: string }).path));
    const about = JSON.parse(entries.get('about.json')!.toString('utf8'));
    expect(about.app).toEqual({ name: 'Gatedesk', version: '0.0.0-test', shell: 'web' });
    expect(about.settings).toEqual({ ...defaultAppSettings, logLevel: 'debug' });
    expect(about.sync).toMatchObject({ status: 'no_profile', pendingCount: 0 });
    expect(about.system.platform).toBe(process.platform);
    // No logs yet is not an error, and no description means no description file.
    expect([...entries.keys()].sort()).toEqual(['README.txt', 'about.json']);
  });

  it('strips values the shell knows are secret wherever they appear', async () => {
    const dir = writeLogs();
    writeFileSync(join(dir, 'host.1.log'), `token in prose ${SECRETS.launchToken} end\n`);
    const report = createProblemReporter({
      dataDir,
      version: '1.0.0',
      shell: 'web',
      settings: { get: async () => defaultAppSettings },
      syncState: async () => ({
        profileId: null,
        status: 'no_profile',
        lastPullAt: null,
        pendingCount: 0,
        needsAttentionCount: 0,
        searchBacklog: 0,
        lastError: null,
      }),
      knownSecrets: () => [SECRETS.launchToken],
    });
    const { path } = await report({});
    const entries = readZip(readFileSync(path));
    expect(entries.get('logs/host.1.log')!.toString('utf8')).toBe(
      'token in prose [redacted] end\n',
    );
  });

  it('takes only the newest part of a huge log, starting on a whole line', async () => {
    const dir = logsDir(dataDir);
    mkdirSync(dir, { recursive: true });
    const lines = Array.from(
      { length: 5000 },
      (_, i) => `line ${String(i).padStart(5, '0')} ${'x'.repeat(40)}`,
    );
    writeFileSync(join(dir, 'main.log'), lines.join('\n') + '\n');
    const { path } = await writeProblemReport({
      logsDir: dir,
      outDir: reportsDir(dataDir),
      about: {},
      maxLogBytes: 10_000,
    });
    const log = readZip(readFileSync(path)).get('logs/main.log')!.toString('utf8');
    const kept = log.split('\n');
    expect(kept[0]).toMatch(/^\[… the first \d+ bytes of this log were left out …\]$/);
    expect(kept[1]).toMatch(/^line \d{5} x{40}$/);
    expect(log.endsWith(`${lines.at(-1)}\n`)).toBe(true);
    expect(log.length).toBeLessThan(10_200);
  });

  it(`keeps the newest ${KEEP_REPORTS} reports and no half-written file`, async () => {
    const out = reportsDir(dataDir);
    for (let i = 0; i < KEEP_REPORTS + 2; i++) {
      await writeProblemReport({
        logsDir: logsDir(dataDir),
        outDir: out,
        about: { i },
        now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      });
    }
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(KEEP_REPORTS);
    expect(files[0]).toBe('gatedesk-problem-report-20260101T000002Z.zip');
    expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('refuses an over-long description before doing anything', async () => {
    core = await testCore(dataDir);
    const result = await core.dispatch(
      'app.reportProblem',
      { description: 'x'.repeat(4001) },
      { shell: 'test' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
