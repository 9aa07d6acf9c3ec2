import Database from 'better-sqlite3';
import { Worker, type MessagePort } from 'node:worker_threads';

/**
 * Checkpoints of the store's write-ahead logs, on a thread of their own.
 *
 * SQLite copies the WAL back into the database (a checkpoint: two fsyncs and a few MB copied)
 * inside whichever commit makes the log pass 1,000 pages. A queued reply or note writes about
 * forty pages, so one user write in thirty paid for a checkpoint, and most of the slowest writes
 * were those. The store worker turns that off (StoreEngine `checkpoints: 'external'`) and
 * tells this thread after each write; a short while later it runs a PASSIVE checkpoint on its
 * own connection, which never blocks the store's writer.
 *
 * The log starts over from its beginning at the first write that finds everything in it copied.
 * Between a user's actions that is always the case; under a steady stream of writes (a
 * technician's offline burst, a bootstrap) each checkpoint ends with a few new frames that
 * arrived while it ran, and the log would grow without end. So once it holds more than
 * FINISH_FRAMES, the thread asks the store to copy that short tail itself (`onFinish`), between
 * two requests: one write in several hundred waits a few milliseconds for it, and the WAL stays
 * near FINISH_FRAMES pages (64 MB) plus whatever one transaction adds.
 */

/** How long after a write the checkpoint runs: writes in between share one checkpoint. */
export const CHECKPOINT_DELAY_MS = 100;
/** WAL frames (pages) past which the store finishes a checkpoint so the log can start over. */
export const FINISH_FRAMES = 16_384;

export type CheckpointRequest =
  | { op: 'wrote'; file: string }
  /** Let go of the file; `released` (an Int32 cell) is set to 1 once closed. */
  | { op: 'close'; file: string; released: SharedArrayBuffer };

/** From the thread: the log of `file` is long and not starting over; copy its tail. */
export interface FinishRequest {
  op: 'finish';
  file: string;
}

export interface CheckpointOptions {
  delayMs?: number;
  finishFrames?: number;
}

/** The checkpoint thread: one connection per database file, opened at its first checkpoint. */
export function serveCheckpoints(
  port: MessagePort,
  { delayMs = CHECKPOINT_DELAY_MS, finishFrames = FINISH_FRAMES }: CheckpointOptions = {},
): void {
  const connections = new Map<string, Database.Database>();
  const due = new Map<string, NodeJS.Timeout>();
  const checkpoint = (file: string) => {
    due.delete(file);
    try {
      let db = connections.get(file);
      if (!db) {
        db = new Database(file, { fileMustExist: true });
        db.pragma('wal_autocheckpoint = 0');
        connections.set(file, db);
      }
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
      if (result && result.log >= finishFrames)
        port.postMessage({ op: 'finish', file } satisfies FinishRequest);
    } catch {
      // A file being closed, moved aside or found damaged: the store itself reports what is
      // wrong with it; the next write asks again.
      connections.get(file)?.close();
      connections.delete(file);
    }
  };
  port.on('message', (request: CheckpointRequest) => {
    if (request.op === 'wrote') {
      if (!due.has(request.file))
        due.set(
          request.file,
          setTimeout(() => checkpoint(request.file), delayMs),
        );
      return;
    }
    clearTimeout(due.get(request.file));
    due.delete(request.file);
    connections.get(request.file)?.close();
    connections.delete(request.file);
    const released = new Int32Array(request.released);
    Atomics.store(released, 0, 1);
    Atomics.notify(released, 0);
  });
}

export interface Checkpointer {
  /** A write to `file` committed: checkpoint it soon. */
  wrote(file: string): void;
  /**
   * Closes the checkpoint thread's connection to `file` before the store closes its own, so the
   * store's close is the last one (it checkpoints and removes the WAL) and the file is free to
   * be moved aside at once.
   */
  release(file: string): void;
  stop(): Promise<void>;
}

/**
 * Starts the checkpoint thread from `url` (the store worker's own script, which serves
 * checkpoints when started with `workerData.role = 'checkpointer'`). `onFinish` is asked to
 * copy the tail of a long log; `onFailure` hears when the thread is gone: the store then goes
 * back to checkpointing inside its commits.
 */
export function startCheckpointer(
  url: URL,
  events: { onFinish(file: string): void; onFailure(error: Error): void },
  options: CheckpointOptions = {},
): Checkpointer {
  const worker = new Worker(url, { workerData: { role: 'checkpointer', ...options } });
  let alive = true;
  const fail = (error: Error) => {
    if (!alive) return;
    alive = false;
    events.onFailure(error);
  };
  worker.on('message', (message: FinishRequest) => {
    if (alive) events.onFinish(message.file);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the checkpoint thread exited (${code})`)));
  // The thread only ever waits for messages: it never keeps the process alive on its own.
  worker.unref();
  const opened = new Set<string>();
  return {
    wrote(file) {
      if (!alive) return;
      opened.add(file);
      worker.postMessage({ op: 'wrote', file } satisfies CheckpointRequest);
    },
    release(file) {
      if (!alive || !opened.delete(file)) return;
      const released = new SharedArrayBuffer(4);
      worker.postMessage({ op: 'close', file, released } satisfies CheckpointRequest);
      // a checkpoint in progress finishes first; a thread that does not answer is not waited for
      Atomics.wait(new Int32Array(released), 0, 0, 10_000);
    },
    async stop() {
      if (!alive) return;
      alive = false;
      await worker.terminate();
    },
  };
}
