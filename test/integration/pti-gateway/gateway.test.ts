import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPtiGateway } from '../../../src-pti-gateway/app.js';
import type { PtiGateway } from '../../../src-pti-gateway/app.js';
import { buildDemoState, DEMO_SITE_CODES } from '../../../src-pti-gateway/demo-data.js';
import { startEmbeddedPtiGateway } from '../../../src-pti-gateway/embedded.js';
import type { EmbeddedPtiGateway } from '../../../src-pti-gateway/embedded.js';
import { readGatewaySettings } from '../../../src-pti-gateway/env.js';
import {
  legacyBackupName,
  siteFileName,
  sitesDirName,
  stateFileName,
} from '../../../src-pti-gateway/state-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = tempDir('pti-gateway');
let gateway: EmbeddedPtiGateway;

beforeAll(async () => {
  gateway = await startEmbeddedPtiGateway({ dataDir: dir.path });
});
afterAll(async () => {
  await gateway?.close();
  dir.remove();
});

async function openSession(siteCode: string, body: unknown) {
  const response = await fetch(`${gateway.url}/v1/sites/${siteCode}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function get(path: string, token?: string) {
  const response = await fetch(gateway.url + path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: await response.json() };
}

const credentials = (siteCode: string) => {
  const site = gateway.demo.sites.find((s) => s.siteCode === siteCode)!;
  return { siteKey: site.siteKey, username: site.username, password: site.password };
};

describe('PTI gateway emulator', () => {
  it('reports health on loopback', async () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await get('/health')).body).toEqual({
      ok: true,
      name: 'gatedesk-pti-gateway',
      sites: DEMO_SITE_CODES.length,
    });
  });

  it('answers wrong credentials, and an unknown site, with 401 and PTI code −1', async () => {
    const site = DEMO_SITE_CODES[0];
    for (const [code, body] of [
      [site, { ...credentials(site), password: 'wrong' }],
      [site, { ...credentials(site), siteKey: 'AAAA-BBBB-CCCC' }],
      ['NOSUCH', credentials(site)],
    ] as const) {
      const answer = await openSession(code, body);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe(-1);
      expect(answer.body.error.message).toMatch(/site key, username or password was not accepted/);
    }
  });

  it('says which field is missing from a session request', async () => {
    const site = DEMO_SITE_CODES[0];
    const { username: _, ...withoutUsername } = credentials(site);
    const { status, body } = await openSession(site, withoutUsername);
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: -400, message: 'username: is required' });
  });

  it('serves every demo site: valid unit names, unique codes, shared codes, overlocks', async () => {
    let sharedCodes = 0;
    let overlocked = 0;
    for (const site of DEMO_SITE_CODES) {
      const session = await openSession(site, credentials(site));
      expect(session.status).toBe(200);
      const { body } = await get(`/v1/sites/${site}/snapshot`, session.body.token);
      expect(body.site.code).toBe(site);
      expect(body.units.length).toBeGreaterThanOrEqual(14);
      for (const unit of body.units) expect(unit.name).toMatch(/^\S{1,10}$/);
      const codes = body.users.map((u: { accessCode: string }) => u.accessCode);
      expect(new Set(codes).size).toBe(codes.length);
      sharedCodes += body.users.filter((u: { units: string[] }) => u.units.length > 1).length;
      overlocked += body.units.filter((u: { overlocked: boolean }) => u.overlocked).length;
      expect(body.keypads.length).toBeGreaterThanOrEqual(3);
    }
    expect(sharedCodes).toBeGreaterThan(0);
    expect(overlocked).toBeGreaterThan(0);
  });

  it('has a demo site whose users without a level are stored but denied', async () => {
    const site = 'PLS303';
    const session = await openSession(site, credentials(site));
    const { body } = await get(`/v1/sites/${site}/snapshot`, session.body.token);
    expect(body.site.defaults.accessLevel).toBeNull();
    expect(body.users.some((u: { accessLevel: number | null }) => u.accessLevel === null)).toBe(
      true,
    );
  });

  it('refuses reads without a session, or with another site’s session (−2)', async () => {
    const site = DEMO_SITE_CODES[0];
    expect((await get(`/v1/sites/${site}/units`)).body.error.code).toBe(-2);
    const other = await openSession(DEMO_SITE_CODES[1], credentials(DEMO_SITE_CODES[1]));
    const crossed = await get(`/v1/sites/${site}/units`, other.body.token);
    expect(crossed.status).toBe(401);
    expect(crossed.body.error.code).toBe(-2);
  });

  it('signs a session out', async () => {
    const site = DEMO_SITE_CODES[2];
    const { token } = (await openSession(site, credentials(site))).body;
    const out = await fetch(`${gateway.url}/v1/sites/${site}/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    expect((await get(`/v1/sites/${site}`, token)).body.error.code).toBe(-2);
  });

  it('keeps its state in owner-only files, one per site, written without leftovers, and reloads it', async () => {
    expect(readdirSync(dir.path).sort()).toEqual([stateFileName, sitesDirName].sort());
    const index = JSON.parse(readFileSync(join(dir.path, stateFileName), 'utf8'));
    expect(index).toEqual({ format: 2, sites: [...DEMO_SITE_CODES] });
    const siteFiles = readdirSync(join(dir.path, sitesDirName)).sort();
    expect(siteFiles).toEqual(DEMO_SITE_CODES.map(siteFileName).sort());
    if (process.platform !== 'win32') {
      expect(statSync(join(dir.path, sitesDirName)).mode & 0o077).toBe(0);
      for (const file of siteFiles)
        expect(statSync(join(dir.path, sitesDirName, file)).mode & 0o077).toBe(0);
    }

    let reopened: PtiGateway | undefined;
    try {
      reopened = await createPtiGateway({ dataDir: dir.path });
      expect(reopened.state).toEqual(buildDemoState());
    } finally {
      await reopened?.close();
    }
  });

  it('refuses a damaged state file with a message that says how to recover', async () => {
    const broken = tempDir('pti-gateway-broken');
    try {
      await (await createPtiGateway({ dataDir: broken.path })).close();
      const file = join(broken.path, sitesDirName, siteFileName('HPS101'));
      writeFileSync(file, '{"code":"HPS101","units":[{"name":"A 1"}]}');
      await expect(createPtiGateway({ dataDir: broken.path })).rejects.toThrow(
        /HPS101.json is not valid .*delete the folder to start again/,
      );
      // Well-formed, but a unit rented by a user who does not exist.
      const site = buildDemoState().sites[0]!;
      site.units[0]!.userId = 'U99999';
      writeFileSync(file, JSON.stringify(site));
      await expect(createPtiGateway({ dataDir: broken.path })).rejects.toThrow(
        /site HPS101: Unit \S+ is rented by user U99999, who does not exist/,
      );
      rmSync(file);
      await expect(createPtiGateway({ dataDir: broken.path })).rejects.toThrow(
        /for site HPS101 is missing/,
      );
    } finally {
      broken.remove();
    }
  });

  it('replaces the first emulator’s demo-only state file, keeping a copy beside it', async () => {
    const old = tempDir('pti-gateway-format1');
    try {
      const legacy = '{"format":1,"sites":[{"code":"HPS101","units":[]}]}';
      writeFileSync(join(old.path, stateFileName), legacy);
      const upgraded = await createPtiGateway({ dataDir: old.path });
      await upgraded.close();
      expect(readFileSync(join(old.path, legacyBackupName), 'utf8')).toBe(legacy);
      expect(JSON.parse(readFileSync(join(old.path, stateFileName), 'utf8')).format).toBe(2);
      expect(readdirSync(join(old.path, sitesDirName))).toHaveLength(DEMO_SITE_CODES.length);
    } finally {
      old.remove();
    }
  });
});

describe('npm run pti-gateway', () => {
  it('is documented with the demo sites’ real credentials', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The PTI gateway emulator'));
    for (const site of buildDemoState().sites) {
      const row = section.split('\n').find((line) => line.startsWith(`| ${site.code} `));
      expect(row, site.code).toBeDefined();
      for (const value of [site.timeZone, site.siteKey, site.username, site.password])
        expect(row).toContain(value);
    }
  });

  it('reads HOST, PORT, GATEDESK_PTI_DATA and GATEDESK_PTI_FAULTS, explaining bad values', () => {
    const cwd = join(root, 'somewhere');
    expect(readGatewaySettings({}, cwd)).toEqual({
      ok: true,
      settings: {
        host: '127.0.0.1',
        port: 4100,
        dataDir: join(cwd, '.data', 'pti-gateway'),
        faults: false,
      },
    });
    expect(readGatewaySettings({ GATEDESK_PTI_FAULTS: '1', PORT: '0' }, cwd)).toMatchObject({
      ok: true,
      settings: { port: 0, faults: true },
    });
    expect(readGatewaySettings({ PORT: 'eighty' }, cwd)).toEqual({
      ok: false,
      message: 'PORT must be a whole number from 0 to 65535; it is "eighty".',
    });
    expect(readGatewaySettings({ GATEDESK_PTI_FAULTS: 'yes' }, cwd)).toMatchObject({ ok: false });
  });

  it('serves on the given port with fault switches only when asked, and stops on SIGTERM', async () => {
    const data = tempDir('pti-gateway-process');
    const child = spawn(process.execPath, ['out/main/pti-gateway.js'], {
      cwd: root,
      env: { ...process.env, PORT: '0', GATEDESK_PTI_DATA: data.path, GATEDESK_PTI_FAULTS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 30_000);
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match && /Fault switches/.test(output)) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      expect(output).toMatch(/Fault switches are on/);
      const faults = await fetch(`${url}/_faults`);
      expect(await faults.json()).toMatchObject({ offline: false, slowMs: 0 });
      expect(existsSync(join(data.path, stateFileName))).toBe(true);
      for (const site of buildDemoState().sites) {
        expect(output).not.toContain(site.password);
        expect(output).not.toContain(site.siteKey);
      }
    } finally {
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      data.remove();
    }
  });
});
