import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPtiGateway } from '../../../src-pti-gateway/app.js';
import type { PtiGateway } from '../../../src-pti-gateway/app.js';
import { DEMO_SITE_CODES } from '../../../src-pti-gateway/demo-data.js';
import { startEmbeddedPtiGateway } from '../../../src-pti-gateway/embedded.js';
import type { EmbeddedPtiGateway } from '../../../src-pti-gateway/embedded.js';
import { stateFileName } from '../../../src-pti-gateway/state.js';
import { tempDir } from '../../helpers/temp-dir.js';

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

async function units(siteCode: string, token?: string) {
  const response = await fetch(`${gateway.url}/v1/sites/${siteCode}/units`, {
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
    const health = await (await fetch(`${gateway.url}/health`)).json();
    expect(health).toEqual({
      ok: true,
      name: 'gatedesk-pti-gateway',
      sites: DEMO_SITE_CODES.length,
    });
  });

  it('answers wrong credentials, and an unknown site, with 401 and PTI code -1', async () => {
    const site = DEMO_SITE_CODES[0];
    const expected = { status: 401, body: { error: { code: -1, message: 'bad credentials' } } };
    expect(await openSession(site, { ...credentials(site), password: 'wrong' })).toEqual(expected);
    expect(await openSession(site, { ...credentials(site), siteKey: 'AAAA-BBBB-CCCC' })).toEqual(
      expected,
    );
    expect(await openSession('NOSUCH', credentials(site))).toEqual(expected);
  });

  it('says which field is missing from a session request', async () => {
    const site = DEMO_SITE_CODES[0];
    const { username: _, ...withoutUsername } = credentials(site);
    const { status, body } = await openSession(site, withoutUsername);
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: -400, message: 'username: is required' });
  });

  it('lists a site’s units under valid PTI unit names once a session is open', async () => {
    for (const site of DEMO_SITE_CODES) {
      const session = await openSession(site, credentials(site));
      expect(session.status).toBe(200);
      const listed = await units(site, session.body.token);
      expect(listed.status).toBe(200);
      expect(listed.body.siteCode).toBe(site);
      expect(listed.body.units.length).toBeGreaterThanOrEqual(12);
      for (const unit of listed.body.units) expect(unit.name).toMatch(/^\S{1,10}$/);
      const names = listed.body.units.map((u: { name: string }) => u.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('refuses units without a session, or with another site’s session', async () => {
    expect((await units(DEMO_SITE_CODES[0])).status).toBe(401);
    const other = await openSession(DEMO_SITE_CODES[1], credentials(DEMO_SITE_CODES[1]));
    const crossed = await units(DEMO_SITE_CODES[0], other.body.token);
    expect(crossed.status).toBe(401);
    expect(crossed.body.error.code).toBe(-1);
  });

  it('keeps its state in one owner-only file, written without leftovers, and reloads it', async () => {
    expect(readdirSync(dir.path)).toEqual([stateFileName]);
    const file = join(dir.path, stateFileName);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.sites.map((s: { code: string }) => s.code)).toEqual([...DEMO_SITE_CODES]);

    let reopened: PtiGateway | undefined;
    try {
      reopened = await createPtiGateway({ dataDir: dir.path });
      expect(reopened.state).toEqual(saved);
    } finally {
      await reopened?.close();
    }
  });

  it('refuses a damaged state file with a message that says how to recover', async () => {
    const broken = tempDir('pti-gateway-broken');
    try {
      writeFileSync(
        join(broken.path, stateFileName),
        '{"format":1,"sites":[{"code":"X","units":[{"name":"A 1"}]}]}',
      );
      await expect(createPtiGateway({ dataDir: broken.path })).rejects.toThrow(
        /is not valid .*delete it to start again/,
      );
    } finally {
      broken.remove();
    }
  });
});
