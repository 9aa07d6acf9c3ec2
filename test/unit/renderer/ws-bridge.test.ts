import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import {
  createWsBridge,
  reconnectDelay,
  type ConnectionStatus,
  type WsBridge,
} from '../../../src-renderer/src/api/ws-bridge';

interface CallFrame {
  type: 'call';
  id: number;
  method: string;
  input: unknown;
}

/** A stand-in for the web host: a real WebSocket server on loopback that the test scripts. */
async function startHost() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api' });
  await once(server, 'listening');
  const sockets: ServerSocket[] = [];
  const calls: CallFrame[] = [];
  const callWaiters: (() => void)[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      calls.push(JSON.parse(String(data)) as CallFrame);
      for (const wake of callWaiters.splice(0)) wake();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/api`,
    sockets,
    calls,
    async waitForCalls(count: number) {
      while (calls.length < count) await new Promise<void>((resolve) => callWaiters.push(resolve));
    },
    async waitForConnections(count: number) {
      while (sockets.length < count) await once(server, 'connection');
    },
    send(frame: unknown, socket = sockets.at(-1)) {
      socket?.send(JSON.stringify(frame));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
}

type Host = Awaited<ReturnType<typeof startHost>>;

function waitForStatus(client: WsBridge, wanted: ConnectionStatus): Promise<void> {
  if (client.connection.getStatus() === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = client.connection.subscribe((status) => {
      if (status === wanted) {
        stop();
        resolve();
      }
    });
  });
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  options: { queueTimeoutMs?: number } = {},
): Promise<{ host: Host; client: WsBridge }> {
  const host = await startHost();
  cleanups.push(host.close);
  const client = createWsBridge({
    url: host.url,
    WebSocket,
    initialDelayMs: 10,
    maxDelayMs: 40,
    random: () => 0,
    ...options,
  });
  cleanups.push(client.close);
  return { host, client };
}

describe('WebSocket bridge', () => {
  it('queues calls made while connecting and matches results by id, out of order', async () => {
    const { host, client } = await setup();
    // Both calls are made before the socket has opened.
    const first = client.bridge['tickets.get']({ id: 't1' });
    const second = client.bridge['app.info']({});
    await host.waitForCalls(2);
    const [callA, callB] = host.calls;
    expect(callA).toMatchObject({ type: 'call', method: 'tickets.get', input: { id: 't1' } });
    expect(callB).toMatchObject({ type: 'call', method: 'app.info', input: {} });
    expect(callA?.id).not.toBe(callB?.id);

    host.send({
      type: 'result',
      id: callB?.id,
      result: { ok: true, value: { version: '1.2.3', shell: 'web', demo: true } },
    });
    host.send({ type: 'result', id: callA?.id, result: { ok: true, value: null } });

    await expect(second).resolves.toEqual({
      ok: true,
      value: { version: '1.2.3', shell: 'web', demo: true },
    });
    await expect(first).resolves.toEqual({ ok: true, value: null });
  });

  it('passes an error Result through unchanged, issues included', async () => {
    const { host, client } = await setup();
    const pending = client.bridge['profiles.add']({
      name: '',
      serverUrl: 'ftp://x',
      account: 'nope',
    });
    await host.waitForCalls(1);
    const error = {
      code: 'invalid_input',
      message: 'Invalid input — name: give the profile a name (and 1 more problem(s)).',
      issues: [
        { path: 'name', message: 'give the profile a name' },
        { path: 'account', message: 'the account must be an email address' },
      ],
    };
    host.send({ type: 'result', id: host.calls[0]?.id, result: { ok: false, error } });
    await expect(pending).resolves.toEqual({ ok: false, error });
  });

  it('turns an unknown error code from the host into internal rather than trusting it', async () => {
    const { host, client } = await setup();
    const pending = client.bridge['sync.now']({});
    await host.waitForCalls(1);
    host.send({
      type: 'result',
      id: host.calls[0]?.id,
      result: { ok: false, error: { code: 'teapot', message: 'short and stout' } },
    });
    await expect(pending).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'short and stout' },
    });
  });

  it('rejects in-flight calls with unavailable when the connection drops, then reconnects', async () => {
    const { host, client } = await setup();
    await waitForStatus(client, 'open');
    const statuses: ConnectionStatus[] = [];
    client.connection.subscribe((status) => statuses.push(status));

    const inFlight = client.bridge['sync.now']({});
    await host.waitForCalls(1);
    host.sockets[0]?.terminate();

    const dropped = await inFlight;
    expect(dropped.ok).toBe(false);
    if (!dropped.ok) {
      expect(dropped.error.code).toBe('unavailable');
      expect(dropped.error.message).toContain('sync.now');
    }

    await host.waitForConnections(2);
    await waitForStatus(client, 'open');
    expect(statuses).toEqual(['reconnecting', 'open']);

    const after = client.bridge['sync.state']({});
    await host.waitForCalls(2);
    host.send({
      type: 'result',
      id: host.calls[1]?.id,
      result: { ok: true, value: { status: 'idle' } },
    });
    await expect(after).resolves.toEqual({ ok: true, value: { status: 'idle' } });
  });

  it('sends calls made during a reconnect once the connection is back', async () => {
    const { host, client } = await setup();
    await waitForStatus(client, 'open');
    host.sockets[0]?.terminate();
    await waitForStatus(client, 'reconnecting');

    const queued = client.bridge['app.info']({});
    await host.waitForCalls(1);
    expect(host.sockets).toHaveLength(2);
    host.send({ type: 'result', id: host.calls[0]?.id, result: { ok: true, value: 'back' } });
    await expect(queued).resolves.toEqual({ ok: true, value: 'back' });
  });

  it('fails a call queued while disconnected once its deadline passes', async () => {
    const host = await startHost();
    const url = host.url;
    await host.close();
    // Nothing listens at the URL any more: the client keeps retrying and the call times out.
    const client = createWsBridge({
      url,
      WebSocket,
      initialDelayMs: 10,
      maxDelayMs: 20,
      random: () => 0,
      queueTimeoutMs: 50,
    });
    cleanups.push(client.close);
    const result = await client.bridge['app.info']({});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(client.connection.getStatus()).toBe('reconnecting');
  });

  it('delivers events to the listeners of that event until they unsubscribe', async () => {
    const { host, client } = await setup();
    const changed: unknown[] = [];
    const sync: unknown[] = [];
    const stopChanged = client.bridge.on('store.changed', (payload) => changed.push(payload));
    client.bridge.on('sync.state', (payload) => sync.push(payload));
    await waitForStatus(client, 'open');

    host.send({
      type: 'event',
      event: 'store.changed',
      payload: { profileId: 'p1', tables: ['tickets'] },
    });
    host.send({ type: 'event', event: 'not.a.contract.event', payload: {} });
    const ping = client.bridge['app.info']({});
    await host.waitForCalls(1);
    host.send({ type: 'result', id: host.calls[0]?.id, result: { ok: true, value: 1 } });
    // Frames arrive in order, so once the result is in, the events before it were dispatched.
    await ping;
    expect(changed).toEqual([{ profileId: 'p1', tables: ['tickets'] }]);
    expect(sync).toEqual([]);

    stopChanged();
    host.send({
      type: 'event',
      event: 'store.changed',
      payload: { profileId: 'p1', tables: ['sites'] },
    });
    host.send({ type: 'event', event: 'sync.state', payload: { status: 'syncing' } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(changed).toHaveLength(1);
    expect(sync).toEqual([{ status: 'syncing' }]);
  });

  it('ignores frames it cannot read without failing pending calls', async () => {
    const { host, client } = await setup();
    const pending = client.bridge['app.info']({});
    await host.waitForCalls(1);
    host.sockets[0]?.send('not json');
    host.send({ type: 'result', id: 999_999, result: { ok: true, value: 'stray' } });
    host.send({ type: 'result', id: host.calls[0]?.id, result: { ok: true, value: 'mine' } });
    await expect(pending).resolves.toEqual({ ok: true, value: 'mine' });
  });

  it('refuses an input too large for one frame without dropping the connection', async () => {
    const { host, client } = await setup();
    const huge = client.bridge['tickets.get']({ id: 'x'.repeat(2 * 1024 * 1024) });
    await expect(huge).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const small = client.bridge['app.info']({});
    await host.waitForCalls(1);
    host.send({ type: 'result', id: host.calls[0]?.id, result: { ok: true, value: 'fine' } });
    await expect(small).resolves.toEqual({ ok: true, value: 'fine' });
    expect(host.sockets).toHaveLength(1);
  });

  it('settles everything as unavailable when closed', async () => {
    const { host, client } = await setup();
    const pending = client.bridge['app.info']({});
    await host.waitForCalls(1);
    client.close();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(client.connection.getStatus()).toBe('closed');
    await expect(client.bridge['app.info']({})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});

describe('reconnectDelay', () => {
  it('doubles per attempt up to the ceiling, jittered within the upper half', () => {
    expect(reconnectDelay(0, 500, 15_000, () => 0)).toBe(250);
    expect(reconnectDelay(0, 500, 15_000, () => 1)).toBe(500);
    expect(reconnectDelay(3, 500, 15_000, () => 1)).toBe(4000);
    expect(reconnectDelay(10, 500, 15_000, () => 1)).toBe(15_000);
    expect(reconnectDelay(10, 500, 15_000, () => 0)).toBe(7500);
  });
});
