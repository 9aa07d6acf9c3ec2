import { randomUUID } from 'node:crypto';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProblemReport } from '../../../src-main/core/diagnostics/problem-report.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { createHttpPtiConnector } from '../../../src-main/core/pti/http-pti-connector.js';
import { unitNameProblem } from '../../../src-shared/pti/unit-name.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, ticketInStatus } from '../../helpers/sync-client.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { callOk, heldClock, networkDown, openCore } from './support/client-fixture.js';
import { dataSnapshot } from './support/data-snapshot.js';

/**
 * One regression test per defect the security suite found, each named for what went wrong.
 * The fuzzers found most of them by chance; these find them every time. The defects found in
 * the web host and the local store are guarded where that behaviour is tested, in
 * robustness.test.ts: the host crashing on an oversize or bad-UTF-8 frame, slow headers holding
 * connections, and a locked or damaged database answering "internal".
 */
let work: ReturnType<typeof tempDir>;
beforeAll(() => {
  work = tempDir('found-defects');
});
afterAll(() => {
  work?.remove();
});

describe('in the desktop core', () => {
  let core: Core;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(work.path, 'core');
    core = await openCore(dataDir, { fetch: networkDown, clock: heldClock });
    const profile = await callOk(core, 'profiles.add', {
      name: 'Support',
      serverUrl: 'https://support.example.com',
      account: 'tech@example.com',
    });
    await callOk(core, 'profiles.activate', { id: profile.id });
  });
  afterAll(async () => {
    await core?.close();
  });

  it('refuses text that cannot be stored or sent (NUL, half a surrogate pair) before any service', async () => {
    // Was: supportPin.issue with such a site id threw inside encodeURIComponent ("internal").
    const before = dataSnapshot(dataDir);
    for (const [method, input] of [
      ['supportPin.issue', { siteId: 'x\ud800' }],
      ['tickets.reply', { ticketId: 'x', body: 'gate\u0000code' }],
      ['tickets.search', { query: '\udfff' }],
      ['profiles.add', { name: 'a\u0000', serverUrl: 'https://a.example', account: 'a@b.co' }],
    ] as const) {
      const result = await core.dispatch(method, input, { shell: 'test' });
      expect(result, method).toEqual({
        ok: false,
        error: {
          code: 'invalid_input',
          message: expect.stringMatching(/NUL character|broken character/),
          issues: [expect.objectContaining({ path: expect.any(String) })],
        },
      });
    }
    expect(dataSnapshot(dataDir)).toEqual(before);
  });

  it('never echoes a whole oversized input back in an error', async () => {
    // Was: zod quoted unknown keys and PTI unit names in full; a 400 kB key came back twice.
    const huge = 'K'.repeat(400_000);
    const result = (await core.dispatch('app.info', { [huge]: 1 }, { shell: 'test' })) as {
      error: { message: string; issues: { path: string; message: string }[] };
    };
    expect(result.error.message.length).toBeLessThan(1_000);
    expect(JSON.stringify(result.error.issues).length).toBeLessThan(2_000);
    const unit = unitNameProblem('A'.repeat(100_000))!;
    expect(unit.length).toBeLessThan(200);
    expect(unit).toMatch(/has 100000 characters/);
  });

  it("refuses to attach files from Gatedesk's own data folder, even through a link", async () => {
    const outside = join(work.path, 'gate-log.txt');
    writeFileSync(outside, 'keypad 1 offline at 06:02');
    const link = join(work.path, 'innocent.txt');
    symlinkSync(join(dataDir, 'secret.key'), link);
    for (const path of [
      join(dataDir, 'secret.key'),
      join(dataDir, 'gatedesk.sqlite'),
      join(dataDir, 'profiles', '..', 'secret.key'),
      link,
    ]) {
      const result = await core.dispatch(
        'attachments.stageFile',
        { path, name: 'log.txt' },
        { shell: 'test' },
      );
      expect(result, path).toEqual({
        ok: false,
        error: { code: 'forbidden', message: expect.stringMatching(/data folder/) },
      });
    }
    expect(await callOk(core, 'attachments.stageFile', { path: outside })).toMatchObject({
      name: 'gate-log.txt',
    });
  });

  it('keeps the newest problem reports when several are written in the same second', async () => {
    // Was: the sixth report of a second reused a pruned name, sorted as oldest and was deleted
    // the moment it was written, so "Report a problem" failed.
    const outDir = join(work.path, 'reports');
    const now = new Date(Date.UTC(2026, 5, 10, 9, 0, 0));
    const written: string[] = [];
    for (let i = 0; i < 8; i++) {
      const report = await writeProblemReport({
        logsDir: join(work.path, 'no-logs'),
        outDir,
        about: { i },
        now,
      });
      written.push(report.path);
    }
    const kept = readdirSync(outDir).map((name) => join(outDir, name));
    expect(kept.sort()).toEqual(written.slice(-5).sort());
  });

  it('sends PTI credentials only to the gateway address typed, whatever its path looks like', async () => {
    // Was: an address whose path starts with "//" (http://gw.example//evil.example/) was read
    // as a link to another host, and the site key and password went there.
    const asked: string[] = [];
    const connector = createHttpPtiConnector({
      baseUrl: 'http://gw.hps101.example:4100//evil.example/pti/',
      siteCode: 'HPS101',
      credentials: { siteKey: '1DCD-8C6F-3955', username: 'storlogix', password: 'pw-1' },
      fetch: (url) => {
        asked.push(String(url));
        return Promise.reject(new TypeError('fetch failed'));
      },
    });
    const result = await connector.testConnection();
    expect(result.ok).toBe(false);
    expect(asked.length).toBeGreaterThan(0);
    for (const url of asked) expect(new URL(url).host).toBe('gw.hps101.example:4100');
  });
});

describe('on the support server', () => {
  let f: SupportFixture;
  beforeAll(async () => {
    f = await startSupportFixture({ label: 'found-defects' });
  });
  afterAll(async () => {
    await f?.server.close();
  });

  const get = (path: string, token = f.as.managerA.token) =>
    fetch(f.server.url + path, { headers: { authorization: `Bearer ${token}` } });

  it('refuses a NUL anywhere in a request with 400, where it used to fail with 500', async () => {
    for (const [path, init] of [
      ['/kb/v1/search?q=gate%00code', {}],
      ['/kb/v1/articles/a%00b/view', { method: 'POST' }],
      [`/sites/v1/a%00/support-pin`, {}],
      [
        '/account/v1/settings',
        { method: 'PUT', body: JSON.stringify({ name: 'Jordan\u0000Ellis' }) },
      ],
    ] as const) {
      const response = await fetch(f.server.url + path, {
        ...init,
        headers: {
          authorization: `Bearer ${f.as.managerA.token}`,
          ...('body' in init ? { 'content-type': 'application/json' } : {}),
        },
      });
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.message).toMatch(/NUL character/);
    }
  });

  it('refuses one pushed change holding a NUL, instead of asking for it again for ever', async () => {
    // Was: "retry_later", so the client resent the same change on every sync, never settling.
    const ticket = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const results = await f.as.managerA.push([
      mutation('ticket.reply', { ticketId: ticket.id, messageId: randomUUID(), body: 'a\u0000b' }),
      mutation('ticket.reply', { ticketId: ticket.id, messageId: randomUUID(), body: 'Thanks!' }),
    ]);
    expect(results.map((r) => [r.status, 'code' in r ? r.code : null])).toEqual([
      ['rejected', 'invalid_args'],
      ['applied', null],
    ]);
  });

  it('answers requests too broken to route in the error shape, like every other failure', async () => {
    // Was: Fastify's and Node's own shapes ({"error": "Bad Request", "statusCode": 400}).
    const badPath = await get('/admin/v1/users/%C0%AF');
    expect(badPath.status).toBe(400);
    expect(await badPath.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringMatching(/percent-encoded/) },
    });
    const hugeHeaders = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(f.server.url);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/health',
          headers: { 'x-big': 'a'.repeat(100_000) },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += String(d)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(hugeHeaders.status).toBe(431);
    expect(JSON.parse(hugeHeaders.body)).toEqual({
      error: { code: 'invalid_input', message: expect.stringMatching(/headers are too large/) },
    });
  });

  it('never echoes a whole oversized field name back', async () => {
    const response = await fetch(`${f.server.url}/auth/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.co', password: 'x', ['K'.repeat(200_000)]: 1 }),
    });
    expect(response.status).toBe(400);
    expect((await response.text()).length).toBeLessThan(2_000);
  });
});
