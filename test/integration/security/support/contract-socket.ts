import WebSocket from 'ws';

/**
 * A browser's side of the web host's WebSocket: sends contract calls, matches answers by id,
 * and keeps every frame the host sent, for tests that look for what must never reach a page.
 */
export interface ContractSocket {
  ws: WebSocket;
  /** Every text frame received, in order. */
  frames: string[];
  call(method: string, input: unknown): Promise<unknown>;
  /** Sends a frame as is (text or binary), for malformed-frame tests. */
  sendRaw(data: string | Buffer): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Swaps the launch URL's one-time token for the session cookie, as a browser does. */
export async function sessionCookie(launchUrl: string): Promise<string> {
  const login = await fetch(launchUrl, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie) throw new Error(`the launch URL gave no cookie (HTTP ${login.status})`);
  return cookie;
}

export async function openContractSocket(origin: string, cookie: string): Promise<ContractSocket> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api`, {
    headers: { cookie, origin },
  });
  const frames: string[] = [];
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      for (const resolveCall of waiting.values())
        resolveCall({ closed: true, code, reason: String(reason) });
      waiting.clear();
      resolve({ code, reason: String(reason) });
    });
  });
  ws.on('message', (data) => {
    const text = String(data);
    frames.push(text);
    const frame = JSON.parse(text) as { type: string; id?: number; result?: unknown };
    if (frame.type !== 'result' || frame.id === undefined) return;
    waiting.get(frame.id)?.(frame.result);
    waiting.delete(frame.id);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`the host refused the socket with HTTP ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, input }));
      });
    },
    sendRaw(data) {
      ws.send(data);
    },
    closed,
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}
