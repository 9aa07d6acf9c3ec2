import { parentPort, workerData } from 'node:worker_threads';
import { DatabaseTooNewError } from './migrate.js';
import { StoreEngine } from './engine.js';
import { salvageQueue } from './salvage.js';
import type { StoreRequest, StoreResponse } from './store-types.js';
import { serveCheckpoints, startCheckpointer, type CheckpointOptions } from './wal-checkpoints.js';

/**
 * The store worker: SQLite runs here so a long query never stalls the main process. The same
 * script, started by the store worker with `role: 'checkpointer'`, is its checkpoint thread.
 */
const port = parentPort;
if (!port) throw new Error('store worker must run in a worker thread');

const data = workerData as
  | { role: 'checkpointer'; delayMs?: number; finishFrames?: number }
  | { role?: undefined; checkpoints?: CheckpointOptions }
  | null;
if (data?.role === 'checkpointer') serveCheckpoints(port, data);
else serveStore(port, data?.checkpoints ?? {});

function serveStore(port: NonNullable<typeof parentPort>, options: CheckpointOptions): void {
  const engine = new StoreEngine(undefined, { checkpoints: 'external' });
  const checkpointer = startCheckpointer(
    new URL(import.meta.url),
    {
      onFinish: (file) => {
        try {
          engine.checkpoint(file);
        } catch {
          // busy or closing: the thread asks again after the next write
        }
      },
      onFailure: () => engine.checkpointInline(),
    },
    options,
  );

  const handle = (request: StoreRequest): unknown => {
    switch (request.op) {
      case 'open':
        return engine.open(request.file!, request.schema!);
      case 'read':
        return engine.read(request.handle!, request.name!, request.args);
      case 'write':
        return engine.write(request.handle!, request.name!, request.args);
      case 'close':
        if (request.handle === undefined) {
          for (const file of engine.openFiles()) checkpointer.release(file);
          engine.closeAll();
          void checkpointer.stop();
        } else {
          const file = engine.fileOf(request.handle);
          if (file) checkpointer.release(file);
          engine.close(request.handle);
        }
        return null;
      case 'salvage':
        return salvageQueue(request.file!);
    }
  };

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
    // after the answer is on its way: the caller never waits for this
    if (request.op === 'write' && response.ok) {
      const file = engine.fileOf(request.handle!);
      if (file && file !== ':memory:') checkpointer.wrote(file);
    }
  });
}
