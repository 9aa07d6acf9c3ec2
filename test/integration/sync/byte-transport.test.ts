import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnswerCutOff,
  ConnectionFailed,
  nodeByteTransport,
} from '../../../src-main/core/sync/byte-transport.js';
import {
  createSupportClient,
  NetworkError,
  ServerError,
} from '../../../src-main/core/sync/support-client.js';

// The pull's HTTP transport against a real HTTP server misbehaving in the ways networks do:
// whole answers come back as one movable buffer, and a half answer is never taken for a page.
let server: Server;
let base: string;
const page = Buffer.from(JSON.stringify({ changes: Array.from({ length: 2000 }, (_, i) => i) }));

const routes: Record<string, (res: ServerResponse, body: string) => void> = {
  '/whole': (res, body) => {
    res.writeHead(200, { 'content-length': page.length, 'x-echo': body });
    res.end(page);
  },
  '/chunked': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let at = 0; at < page.length; at += 4096) res.write(page.subarray(at, at + 4096));
    res.end();
  },
  '/half': (res) => {
    res.writeHead(200, { 'content-length': page.length });
    res.write(page.subarray(0, page.length / 2), () => res.socket?.destroy());
  },
  '/slow': (res) => {
    res.writeHead(200, { 'content-length': page.length });
    res.write(page.subarray(0, 100));
  },
  '/sync/v1/pull': (res, body) => {
    const { cursor } = JSON.parse(body) as { cursor: string };
    if (cursor === 'expired') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'Sign in again.' } }));
      return;
    }
    if (cursor === 'cut') return routes['/half']!(res, body);
    res.writeHead(200, {
      'content-length': page.length,
      'gatedesk-sync-cursor': '42',
      'gatedesk-sync-has-more': 'false',
    });
    res.end(page);
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => routes[req.url ?? '']?.(res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, init: { signal?: AbortSignal } = {}) =>
  nodeByteTransport(new URL(path, base), {
    method: 'POST',
    headers: new Headers({ 'content-type': 'application/json' }),
    body: 'hello',
    ...init,
  });

describe('reading an answer whole', () => {
  it('gives the announced bytes in a buffer of their own, with the headers and the request body sent', async () => {
    const answer = await post('/whole');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-echo')).toBe('hello');
    expect(Buffer.from(answer.bytes).equals(page)).toBe(true);
    // the store worker can take the buffer over: the view covers all of it
    expect(answer.bytes.byteOffset).toBe(0);
    expect(answer.bytes.buffer.byteLength).toBe(page.length);
  });

  it('reads an answer sent in chunks with no length', async () => {
    const answer = await post('/chunked');
    expect(Buffer.from(answer.bytes).equals(page)).toBe(true);
    expect(answer.bytes.buffer.byteLength).toBe(page.length);
  });

  it('says an answer that stopped halfway was cut off', async () => {
    await expect(post('/half')).rejects.toBeInstanceOf(AnswerCutOff);
  });

  it('says an answer that stalled past the time limit was cut off', async () => {
    await expect(post('/slow', { signal: AbortSignal.timeout(300) })).rejects.toBeInstanceOf(
      AnswerCutOff,
    );
  });

  it('says so when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      nodeByteTransport(new URL(`http://127.0.0.1:${port}/`), {
        method: 'GET',
        headers: new Headers(),
      }),
    ).rejects.toBeInstanceOf(ConnectionFailed);
  });
});

describe('the sync pull over it', () => {
  const client = () => createSupportClient({ baseUrl: base });
  const request = (cursor: string) => ({ cursor, limit: 10 });

  it('returns the page and the next cursor from the headers', async () => {
    const pulled = await client().pull('token', request('0'));
    expect(Buffer.from(pulled.body).equals(page)).toBe(true);
    expect(pulled.next).toEqual({ cursor: '42', hasMore: false });
  });

  it('turns a refusal into the server’s own error, and a cut answer into a network error', async () => {
    const refused = await client()
      .pull('token', request('expired'))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServerError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized', message: 'Sign in again.' });
    const cut = await client()
      .pull('token', request('cut'))
      .catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(NetworkError);
    expect((cut as Error).message).toMatch(/cut off/);
  });
});
