import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * What the proxy does to the traffic it relays. The request always reaches the server in full
 * (so the server may well have done the work); the faults are in the answer or in the timing:
 *
 * - `pass`: relays as is.
 * - `delay`: holds every chunk, both ways, for `ms`.
 * - `drop`: swallows the answer; the client hears nothing until its own timeout.
 * - `reset`: resets the connection when the answer starts (ECONNRESET on the client).
 * - `truncate`: relays the answer's head and the first `bytes` of its body, then closes.
 * - `drip`: relays the answer `bytes` at a time, one piece every `everyMs`.
 */
export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'reset' }
  | { kind: 'truncate'; bytes: number }
  | { kind: 'drip'; bytes: number; everyMs: number };

export interface FaultProxy {
  url: string;
  /** Switches the fault for every connection, open ones included; `only` limits it by path. */
  set(mode: FaultMode, only?: RegExp): void;
  /** Requests seen, by request line ("POST /sync/v1/push"), in order. */
  requests: string[];
  /** How many answers a fault spoiled since the proxy started. */
  spoiled(): number;
  close(): Promise<void>;
}

const requestLine = /^(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/gm;

/** A TCP relay on 127.0.0.1 in front of `target`, whose fault can change while it runs. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port: targetPort } = new URL(target);
  let mode: FaultMode = { kind: 'pass' };
  let only: RegExp | null = null;
  let spoiled = 0;
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(Number(targetPort), hostname);
    sockets.add(client).add(upstream);
    // The fault in force for this connection's current request, fixed when its answer starts.
    let lastPath = '';
    let answering: FaultMode | null = null;
    let relayed = 0;
    let counted = false;
    let limit = 0;
    let queue: Promise<void> = Promise.resolve();
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const faultFor = (): FaultMode => (only && !only.test(lastPath) ? { kind: 'pass' } : mode);

    client.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(requestLine)) {
        lastPath = match[2]!;
        requests.push(`${match[1]} ${match[2]}`);
        answering = null; // a new request: its answer gets the fault in force when it starts
        relayed = 0;
        counted = false;
      }
      const fault = faultFor();
      queue = queue.then(async () => {
        if (fault.kind === 'delay') await wait(fault.ms);
        if (!upstream.destroyed) upstream.write(chunk);
      });
    });
    client.on('end', () => void queue.then(() => upstream.end()));

    upstream.on('data', (chunk: Buffer) => {
      answering ??= faultFor();
      const fault = answering;
      if (
        !counted &&
        (fault.kind === 'drop' || fault.kind === 'reset' || fault.kind === 'truncate')
      ) {
        counted = true;
        spoiled += 1;
      }
      queue = queue.then(async () => {
        if (client.destroyed) return;
        switch (fault.kind) {
          case 'pass':
            client.write(chunk);
            break;
          case 'delay':
            await wait(fault.ms);
            client.write(chunk);
            break;
          case 'drop':
            break;
          case 'reset':
            client.resetAndDestroy();
            upstream.destroy();
            break;
          case 'truncate': {
            // the head goes through whole, so the cut lands in the body the client is reading
            if (relayed === 0) {
              const head = chunk.indexOf('\r\n\r\n');
              limit = (head < 0 ? 0 : head + 4) + fault.bytes;
            }
            const room = limit - relayed;
            if (room > 0) client.write(chunk.subarray(0, room));
            relayed += Math.min(room, chunk.length);
            if (relayed >= limit) end();
            return;
          }
          case 'drip':
            for (let at = 0; at < chunk.length && !client.destroyed; at += fault.bytes) {
              client.write(chunk.subarray(at, at + fault.bytes));
              await wait(fault.everyMs);
            }
            break;
        }
        relayed += chunk.length;
      });
    });
    upstream.on('end', () => void queue.then(() => client.end()));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next, limit) {
      mode = next;
      only = limit ?? null;
    },
    requests,
    spoiled: () => spoiled,
    async close() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
