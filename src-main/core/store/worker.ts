import { parentPort } from 'node:worker_threads';
import { DatabaseTooNewError } from './migrate.js';
import { StoreEngine } from './engine.js';
import { salvageQueue } from './salvage.js';
import type { StoreRequest, StoreResponse } from './store-types.js';

/** The store worker: SQLite runs here so a long query never stalls the main process. */
const port = parentPort;
if (!port) throw new Error('store worker must run in a worker thread');
const engine = new StoreEngine();

port.on('message', (request: StoreRequest) => {
  let response: StoreResponse;
  try {
    response = { id: request.id, ok: true, value: handle(request) };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const code = (err as Error & { code?: unknown }).code;
    response = {
      id: request.id,
      ok: false,
      error: {
        name: err.name,
        message: err.message,
        // SQLite's reason (SQLITE_BUSY, SQLITE_CORRUPT, …): the main side explains it to people.
        ...(typeof code === 'string' ? { code } : {}),
        ...(err instanceof DatabaseTooNewError
          ? { fileVersion: err.fileVersion, appVersion: err.appVersion }
          : {}),
      },
    };
  }
  port.postMessage(response);
});

function handle(request: StoreRequest): unknown {
  switch (request.op) {
    case 'open':
      return engine.open(request.file!, request.schema!);
    case 'read':
      return engine.read(request.handle!, request.name!, request.args);
    case 'write':
      return engine.write(request.handle!, request.name!, request.args);
    case 'close':
      if (request.handle === undefined) engine.closeAll();
      else engine.close(request.handle);
      return null;
    case 'salvage':
      return salvageQueue(request.file!);
  }
}
