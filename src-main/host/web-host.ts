import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../src-shared/csp.js';
import {
  ClientFrame,
  WS_MAX_PAYLOAD_BYTES,
  WS_PATH,
  type ServerFrame,
} from '../../src-shared/ws-protocol.js';
import type { Core, CoreLogger } from '../core/core-types.js';
import {
  cookieToken,
  hostAllowed,
  newLaunchToken,
  originAllowed,
  sameToken,
  sessionCookie,
} from './access.js';
import { handleAttachmentRequest, isAttachmentPath } from './attachment-routes.js';
import { openStatic, resolveStatic } from './static-files.js';

export interface WebHostOptions {
  core: Core;
  rendererDir: string;
  logger: CoreLogger;
  port?: number;
  /** Fixed only in tests; a new random token each launch otherwise. */
  token?: string;
  /**
   * How long a client may take to send a request's headers (default 10 s). A client that drips
   * them (slowloris) is cut off after this, so it cannot hold connections open for ever.
   */
  headersTimeoutMs?: number;
}

export interface WebHost {
  /** The address to open: carries the launch token once, which becomes a cookie. */
  launchUrl: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const securityHeaders = (port: number) => ({
  'content-security-policy': contentSecurityPolicy({
    connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
  }),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
});

/**
 * The loopback web host: the renderer and the contract over WebSocket, for browsers, tests and
 * machines without Electron. Binds 127.0.0.1 only; every request needs the per-launch token
 * (first in the URL, then as an HttpOnly cookie) and a Host of this machine; WebSocket upgrades
 * also need this host as Origin.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger } = options;
  const token = options.token ?? newLaunchToken();
  const rendererDir = resolve(options.rendererDir);
  const sockets = new Set<WebSocket>();
  let port = 0;

  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      ...securityHeaders(port),
    });
    res.end(message + '\n');
  };

  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, 30_000),
      // Timeouts are enforced when connections are checked; check often enough to honour them.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeout / 4)),
    },
    (req, res) => {
      void handleHttp(req, res).catch((error: unknown) => {
        logger.error('web host request failed', { error });
        if (!res.headersSent) refuse(res, 500, 'Gatedesk could not answer this request.');
        else res.destroy();
      });
    },
  );

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    if (!hostAllowed(req, port))
      return refuse(res, 403, 'Open Gatedesk at http://127.0.0.1 with the address it printed.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (isAttachmentPath(url.pathname))
      return handleAttachmentRequest(req, res, url, { core, token, port, logger });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'Only GET is served here.');
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!sameToken(offered, token))
        return refuse(
          res,
          403,
          'This link is not valid for the running Gatedesk. Use the address it printed at start.',
        );
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: url.pathname + url.search,
        'set-cookie': sessionCookie(token),
        ...securityHeaders(port),
      });
      return res.end();
    }
    if (!sameToken(cookieToken(req), token)) {
      return refuse(
        res,
        401,
        'Open Gatedesk with the address printed when it started (it carries a one-time access token).',
      );
    }
    const file = await resolveStatic(rendererDir, url.pathname);
    if (!file) return refuse(res, 404, 'Not found.');
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.size,
      ...securityHeaders(port),
    });
    if (req.method === 'HEAD') return res.end();
    openStatic(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const allowed =
      path === WS_PATH &&
      hostAllowed(req, port) &&
      originAllowed(req, port) &&
      sameToken(cookieToken(req), token);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // A protocol violation (an oversize frame, bad UTF-8) closes this socket with its code;
    // unheard, the error would take the whole host down with every other tab.
    ws.on('error', (error) => logger.warn('web host socket closed on a bad frame', { error }));
    ws.on('message', (data, isBinary) => {
      answer(ws, isBinary ? null : data.toString()).catch((error: unknown) => {
        logger.error('web host call failed', { error });
        ws.close(1011, 'the call could not be answered');
      });
    });
  });

  async function answer(ws: WebSocket, text: string | null) {
    let frame: ClientFrame;
    try {
      const parsed = ClientFrame.safeParse(text === null ? undefined : JSON.parse(text));
      if (!parsed.success) throw new Error('malformed frame');
      frame = parsed.data;
    } catch {
      // Without a valid id there is no call to answer; drop the connection so the client resets.
      ws.close(1003, 'frames must be JSON call objects');
      return;
    }
    const result = await core.dispatch(frame.method, frame.input, { shell: 'web' });
    send(ws, { type: 'result', id: frame.id, result });
  }

  const send = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = core.events.onAny((event, payload) => {
    for (const ws of sockets) send(ws, { type: 'event', event, payload });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    launchUrl: `${origin}/?token=${token}`,
    origin,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
