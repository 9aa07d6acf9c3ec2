import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../../src-main/core/core-types.js';
import { startWebHost, type WebHost } from '../../../src-main/host/web-host.js';
import { silentLogger, testCore } from '../../helpers/test-core.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = 'launch-token-for-tests-0123456789abcdef';
let dir: ReturnType<typeof tempDir>;
let core: Core;
let host: WebHost;
let cookie: string;

beforeAll(async () => {
  dir = tempDir('host');
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatedesk</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'outside.txt'), 'must never be served');
  core = await testCore(join(dir.path, 'data'));
  host = await startWebHost({ core, rendererDir, logger: silentLogger, token: TOKEN });
  const login = await fetch(host.launchUrl, { redirect: 'manual' });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});

afterAll(async () => {
  await host.close();
  await core.close();
  dir.remove();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(host.origin + path, { headers, redirect: 'manual' });

/** fetch cannot forge a Host header; a DNS-rebinding attacker's browser effectively can. */
function statusWithHost(hostHeader: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: '/', headers: { ...headers, host: hostHeader } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

function call(
  ws: WebSocket,
  id: number,
  method: string,
  input: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'call', id, method, input }));
  });
}

describe('web host access', () => {
  it('binds loopback only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('turns the launch token into an HttpOnly SameSite cookie and drops it from the URL', async () => {
    const res = await fetch(host.launchUrl, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
  });

  it('refuses requests without the token, with a wrong token, or with a foreign Host', async () => {
    const none = await get('/');
    expect(none.status).toBe(401);
    expect(await none.text()).toMatch(/address printed when it started/);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { cookie: 'gatedesk_host=wrong' })).status).toBe(401);
    expect(await statusWithHost('attacker.example', { cookie })).toBe(403);
    expect(await statusWithHost(`attacker.example:${host.port}`, { cookie })).toBe(403);
    expect(await statusWithHost(`localhost:${host.port}`, { cookie })).toBe(200);
  });

  it('serves the renderer with a strict CSP once the cookie is held', async () => {
    const res = await get('/', { cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Gatedesk</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('/assets/app.js', { cookie })).headers.get('content-type')).toMatch(
      /javascript/,
    );
  });

  it('never serves files outside the renderer directory', async () => {
    for (const path of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/..%2foutside.txt',
    ]) {
      const res = await get(path, { cookie });
      expect(await res.text()).not.toContain('must never be served');
    }
  });

  it('refuses WebSocket upgrades without the cookie or from a foreign Origin', async () => {
    const origin = host.origin;
    await expect(connect({ origin })).rejects.toThrow(/403/);
    await expect(connect({ origin: 'http://evil.example', cookie })).rejects.toThrow(/403/);
    await expect(connect({ origin: `http://127.0.0.1:${host.port + 1}`, cookie })).rejects.toThrow(
      /403/,
    );
    await expect(connect({ cookie })).rejects.toThrow(/403/);
    const ws = await connect({ origin, cookie });
    ws.close();
  });
});

describe('the contract over WebSocket', () => {
  it('answers calls and refuses input that fails its schema without changing anything', async () => {
    const ws = await connect({ origin: host.origin, cookie });
    const before = await call(ws, 1, 'profiles.list', {});
    expect(before).toEqual({ ok: true, value: { profiles: [], activeId: null } });

    const refused = await call(ws, 2, 'profiles.add', {
      name: '',
      serverUrl: 'javascript:alert(1)',
      account: 'nobody',
    });
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('invalid_input');
    expect(refused.error?.message).toMatch(/name|serverUrl|account/);

    const unknown = await call(ws, 3, 'profiles.drop', {});
    expect(unknown.error?.code).toBe('unknown_method');
    expect(await call(ws, 4, 'profiles.list', {})).toEqual(before);

    const added = await call(ws, 5, 'profiles.add', {
      name: 'Head office',
      serverUrl: 'https://support.example.com',
      account: 'me@example.com',
    });
    expect(added).toMatchObject({ ok: true, value: { name: 'Head office', isDemo: false } });
    ws.close();
  });

  it('pushes core events to connected clients', async () => {
    const ws = await connect({ origin: host.origin, cookie });
    const listed = (await call(ws, 1, 'profiles.list', {})) as {
      value: { profiles: { id: string }[] };
    };
    const event = new Promise((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type === 'event' && frame.event === 'profiles.changed') resolve(frame.payload);
      });
    });
    const id = listed.value.profiles[0]!.id;
    await call(ws, 2, 'profiles.activate', { id });
    expect(await event).toEqual({ activeId: id });
    ws.close();
  });

  it('closes the socket on a frame that is not a call', async () => {
    const ws = await connect({ origin: host.origin, cookie });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('{"not":"a call"');
    expect(await closed).toBe(1003);
  });
});
