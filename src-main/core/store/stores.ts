import { Worker } from 'node:worker_threads';
import { DatabaseTooNewError } from './migrate.js';
import type { SchemaName } from './registry.js';
import type { SalvagedQueue } from './salvage.js';
import type { Store, StoreDb, StoreRequest, StoreResponse } from './store-types.js';
import type { CheckpointOptions } from './wal-checkpoints.js';

export type Send = (request: Omit<StoreRequest, 'id'>) => Promise<unknown>;

export function handleOver(send: Send, handle: number): StoreDb {
  return {
    read: (name, args) => send({ op: 'read', handle, name, args }) as never,
    write: (name, args) => send({ op: 'write', handle, name, args }) as never,
    close: async () => {
      await send({ op: 'close', handle });
    },
  };
}

function reviveError(error: Extract<StoreResponse, { ok: false }>['error']): Error {
  if (error.name === 'DatabaseTooNewError')
    return new DatabaseTooNewError(error.fileVersion ?? 0, error.appVersion ?? 0);
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.code) Object.assign(revived, { code: error.code });
  return revived;
}

/**
 * A pulled page's bytes (a megabyte or more) move to the worker instead of being copied: the
 * copies, and the garbage collections their memory set off on the main thread, showed as
 * event-loop lag during a bootstrap. Only a view over a whole buffer moves; the caller never
 * reads it again.
 */
function bytesToHandOver(args: unknown): ArrayBuffer[] {
  const body = (args as { body?: unknown } | null | undefined)?.body;
  return body instanceof Uint8Array &&
    body.buffer instanceof ArrayBuffer &&
    body.byteOffset === 0 &&
    body.byteLength === body.buffer.byteLength
    ? [body.buffer]
    : [];
}

/**
 * SQLite in a worker thread (the production store). `workerUrl` points at the built
 * store-worker.js; `checkpoints` tunes its checkpoint thread (wal-checkpoints.ts), for tests.
 */
export function createWorkerStore(
  workerUrl: URL,
  options: { checkpoints?: CheckpointOptions } = {},
): Store {
  const worker = new Worker(workerUrl, { workerData: { checkpoints: options.checkpoints ?? {} } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closed = false;
  worker.on('message', (response: StoreResponse) => {
    const entry = pending.get(response.id);
    if (!entry) return;
    pending.delete(response.id);
    if (response.ok) entry.resolve(response.value);
    else entry.reject(reviveError(response.error));
  });
  worker.on('error', (error) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  });
  const send: Send = (request) => {
    if (closed) return Promise.reject(new Error('the store is closed'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, bytesToHandOver(request.args));
    });
  };
  return {
    async open(file: string, schema: SchemaName) {
      return handleOver(send, (await send({ op: 'open', file, schema })) as number);
    },
    async salvage(file: string) {
      return (await send({ op: 'salvage', file })) as SalvagedQueue;
    },
    async close() {
      if (closed) return;
      await send({ op: 'close' });
      closed = true;
      await worker.terminate();
    },
  };
}
