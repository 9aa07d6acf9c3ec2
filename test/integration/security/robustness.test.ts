import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { startWebHost, type WebHost } from '../../../src-main/host/web-host.js';
import { WS_MAX_PAYLOAD_BYTES } from '../../../src-shared/ws-protocol.js';
import { startHostProcess } from '../../helpers/host-process.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { mutation } from '../../helpers/sync-client.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { silentLogger } from '../../helpers/test-core.js';
import { within } from './support/answer-checks.js';
import { callOk, heldClock, networkDown, openCore } from './support/client-fixture.js';
import { openContractSocket, sessionCookie } from './support/contract-socket.js';
import { serverRoutes } from './support/server-routes.js';

/**
 * Abuse that is not about input: slow and oversized requests, bursts of concurrent ones, and a
 * local database that is locked by another program or damaged. Each must end in a clear answer
 * for the one who caused it, while everyone else is served as usual.
 */
let work: ReturnType<typeof tempDir>;
beforeAll(() => {
  work = tempDir('robustness');
});
afterAll(() => {
  work?.remove();
});

describe('the web host', () => {
  let core: Core;
  let host: WebHost;
  let cookie: string;

  beforeAll(async () => {
    const rendererDir = join(work.path, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatedesk</title>');
    core = await openCore(join(work.path, 'host-data'));
    host = await startWebHost({ core, rendererDir, logger: silentLogger, headersTimeoutMs: 400 });
    cookie = await sessionCookie(host.launchUrl);
  });
  afterAll(async () => {
    await host?.close();
    await core?.close();
  });

  /** A client that sends a request's headers a byte at a time and never finishes. */
  function slowClient(): { socket: Socket; closed: Promise<string> } {
    const socket = connect(host.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += String(d)));
    socket.on('error', () => {});
    const text = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nCookie: ${cookie}\r\nX-Slow: `;
    let i = 0;
    const drip = setInterval(() => {
      if (socket.writable) socket.write(text[i++ % text.length]!);
    }, 50);
    const closed = new Promise<string>((resolve) =>
      socket.on('close', () => {
        clearInterval(drip);
        resolve(answer);
      }),
    );
    return { socket, closed };
  }

  it('cuts off clients that drip their headers, and serves everyone else meanwhile', async () => {
    const slow = Array.from({ length: 40 }, slowClient);
    const socket = await openContractSocket(host.origin, cookie);
    const started = performance.now();
    const [page, info] = await Promise.all([
      fetch(`${host.origin}/`, { headers: { cookie } }),
      socket.call('app.info', {}),
    ]);
    expect(page.status).toBe(200);
    expect(info).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeLessThan(1_000);
    const answers = await within(
      Promise.all(slow.map((s) => s.closed)),
      5_000,
      'cutting off slow clients',
    );
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // An open WebSocket is not a slow request: it outlives the header timeout.
    expect(await socket.call('app.info', {})).toMatchObject({ ok: true });
    await socket.close();
  });

  it('answers a burst of concurrent calls on many sockets, each exactly once', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 10 }, () => openContractSocket(host.origin, cookie)),
    );
    const results = await within(
      Promise.all(
        sockets.flatMap((s) =>
          Array.from({ length: 20 }, (_, i) =>
            s.call(i % 2 ? 'profiles.list' : 'tickets.search', i % 2 ? {} : { query: `gate ${i}` }),
          ),
        ),
      ),
      15_000,
      '200 concurrent calls',
    );
    expect(results).toHaveLength(200);
    // tickets.search needs a profile, and there is none: a clear refusal, never a crash.
    for (const result of results) expect(result).toHaveProperty('ok');
    for (const s of sockets)
      expect(s.frames.filter((f) => f.includes('"type":"result"'))).toHaveLength(20);
    await Promise.all(sockets.map((s) => s.close()));
  });
});

describe('the web host process', () => {
  it('survives an oversize frame: that socket is closed, the host keeps serving', async () => {
    const dir = join(work.path, 'host-process');
    const host = await startHostProcess({ GATEDESK_DATA_DIR: dir, GATEDESK_NO_DEMO: '1' });
    try {
      const origin = new URL(host.launchUrl).origin;
      const cookie = await sessionCookie(host.launchUrl);
      const bystander = await openContractSocket(origin, cookie);
      const attacker = await openContractSocket(origin, cookie);
      attacker.sendRaw(Buffer.alloc(WS_MAX_PAYLOAD_BYTES + 1, 0x61));
      expect((await within(attacker.closed, 5_000, 'closing the oversize socket')).code).toBe(1009);
      // Bad UTF-8 in a text frame is the other protocol error a browser never sends.
      const second = await openContractSocket(origin, cookie);
      second.ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
      expect((await within(second.closed, 5_000, 'closing the bad-UTF-8 socket')).code).toBe(1007);
      expect(await bystander.call('app.info', {})).toMatchObject({
        ok: true,
        value: { shell: 'web' },
      });
      expect(host.child.exitCode).toBeNull();
      await bystander.close();
    } finally {
      await host.stop();
    }
  });

  it('refuses to start on a damaged settings database, once, saying why', async () => {
    const dir = join(work.path, 'damaged-app');
    mkdirSync(dir, { recursive: true });
    const garbage = Buffer.from('this is not a SQLite database '.repeat(200));
    writeFileSync(join(dir, 'gatedesk.sqlite'), garbage);
    const started = performance.now();
    const error = await startHostProcess({ GATEDESK_DATA_DIR: dir, GATEDESK_NO_DEMO: '1' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/exited with 1/);
    expect(error?.message).toMatch(/Gatedesk could not start: The local database file is damaged/);
    expect(performance.now() - started).toBeLessThan(30_000);
    // The damaged file is left as it was, for support to look at.
    expect(readFileSync(join(dir, 'gatedesk.sqlite')).equals(garbage)).toBe(true);
  });
});

describe('the support server', () => {
  let f: SupportFixture;
  beforeAll(async () => {
    f = await startSupportFixture({ label: 'robustness' });
  });
  afterAll(async () => {
    await f?.server.close();
  });

  /** Declares a body larger than any limit, sends the first bytes, and reads the answer. */
  function oversized(method: string, path: string, token: string, bytes: number) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(f.server.url + path);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': String(bytes),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += String(d)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"padding":"' + 'x'.repeat(64 * 1024));
    });
  }

  it('refuses a body over its limit with 413 on every route that takes one, before reading it', async () => {
    const routes = (await serverRoutes(f.server.url)).filter((r) =>
      ['POST', 'PUT', 'PATCH'].includes(r.method),
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = route.path
        .replace(/\{sha256\}/, 'a'.repeat(64))
        .replace(/\{\w+\}/g, randomUUID());
      const answer = await within(
        oversized(route.method, path, f.as.tech.token, 64 * 1024 * 1024),
        10_000,
        `${route.method} ${route.path} with a 64 MiB body`,
      );
      expect(answer.status, `${route.method} ${route.path}: ${answer.body}`).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
  });

  it('counts a streamed body without a declared length, and stops it at the limit', async () => {
    const response = await fetch(`${f.server.url}/auth/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"email":"a@b.co","password":"'));
          for (let i = 0; i < 40; i++)
            controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/too large/);
  });

  it('takes a burst of concurrent pushes and pulls without an error, a lost or a doubled change', async () => {
    const sessions = [f.as.tech, f.as.tech2, f.as.managerA, f.as.managerB, f.as.installerA];
    const creates = sessions.flatMap((session) =>
      Array.from({ length: 10 }, () => ({
        session,
        m: mutation('ticket.create', {
          ticketId: randomUUID(),
          productLine: 'pti_hardware',
          category: 'technical',
          priority: 'normal',
          subject: 'Gate arm stuck open',
          description: 'Since the power cut.',
          siteId: session === f.as.managerB ? f.siteB : f.siteA,
        }),
      })),
    );
    const started = performance.now();
    const [pushed, pulled] = await Promise.all([
      Promise.all(creates.map(({ session, m }) => session.push([m]))),
      Promise.all(sessions.flatMap((s) => Array.from({ length: 10 }, () => s.pull(null, 50)))),
    ]);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(pushed.flat().map((r) => r.status)).toEqual(creates.map(() => 'applied'));
    expect(pulled).toHaveLength(50);
    // The same pushes again (a client that lost the answers) change nothing.
    const replayed = await Promise.all(creates.map(({ session, m }) => session.push([m])));
    expect(replayed.flat().map((r) => r.status)).toEqual(creates.map(() => 'applied'));
    const rows = await f.server.db
      .selectFrom('tickets')
      .select(['id', 'number'])
      .where(
        'id',
        'in',
        creates.map(({ m }) => (m.args as { ticketId: string }).ticketId),
      )
      .execute();
    expect(rows).toHaveLength(creates.length);
    const numbers = rows.map((r) => Number(r.number.slice(2))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(numbers.length);
    // One counter, no gaps: the burst took consecutive numbers.
    expect(numbers.at(-1)! - numbers[0]!).toBe(numbers.length - 1);
  });
});

describe('a local database that is locked or damaged', () => {
  it('refuses a change while another program holds the database, changing nothing, then takes it', async () => {
    const dataDir = join(work.path, 'locked');
    const core = await openCore(dataDir, { fetch: networkDown, clock: heldClock });
    const profile = await callOk(core, 'profiles.add', {
      name: 'Support',
      serverUrl: 'https://support.example.com',
      account: 'tech@example.com',
    });
    await callOk(core, 'profiles.activate', { id: profile.id });
    const other = new Database(join(dataDir, 'gatedesk.sqlite'));
    try {
      other.exec('BEGIN EXCLUSIVE');
      const refused = await within(
        core.dispatch('app.settings.set', { logLevel: 'debug' }, { shell: 'test' }),
        15_000,
        'a change to a locked database',
      );
      expect(refused).toEqual({
        ok: false,
        error: { code: 'unavailable', message: expect.stringMatching(/in use by another program/) },
      });
      other.exec('COMMIT');
      expect(await callOk(core, 'app.settings.get', {})).toMatchObject({ logLevel: 'info' });
      expect(await callOk(core, 'app.settings.set', { logLevel: 'debug' })).toMatchObject({
        logLevel: 'debug',
      });
    } finally {
      other.close();
      await core.close();
    }
  });

  it('sets a damaged profile database aside as it is, says so, and keeps the app working offline', async () => {
    const dataDir = join(work.path, 'damaged-profile');
    const first = await openCore(dataDir, { fetch: networkDown, clock: heldClock });
    const profile = await callOk(first, 'profiles.add', {
      name: 'Support',
      serverUrl: 'https://support.example.com',
      account: 'tech@example.com',
    });
    await callOk(first, 'profiles.activate', { id: profile.id });
    await first.close();
    const file = join(dataDir, 'profiles', `${profile.id}.sqlite`);
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    const damaged = Buffer.alloc(64 * 1024, 0x5a);
    writeFileSync(file, damaged);

    const core = await openCore(dataDir, { fetch: networkDown, clock: heldClock });
    try {
      // Offline, the rebuilt profile is empty until the server is reached, but it works.
      expect((await callOk(core, 'tickets.list', {})).rows).toEqual([]);
      expect(await callOk(core, 'tickets.search', { query: 'gate' })).toEqual([]);
      expect(await callOk(core, 'sync.pending', {})).toEqual([]);
      const [notice] = await callOk(core, 'sync.attention.list', {});
      expect(notice).toMatchObject({
        code: 'local_database_rebuilt',
        message: expect.stringMatching(/The local database was damaged/),
      });
      expect((await callOk(core, 'profiles.list', {})).profiles).toHaveLength(1);
      expect(await callOk(core, 'app.settings.get', {})).toBeTruthy();
    } finally {
      await core.close();
    }
    // The damaged file is kept as it was, for support to look at.
    const aside = readdirSync(join(dataDir, 'profiles')).find((n) => n.includes('.damaged-'));
    expect(readFileSync(join(dataDir, 'profiles', aside!)).equals(damaged)).toBe(true);
  });
});
