import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerStore } from '../../../src-main/core/store/stores.js';
import type { Store } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The built store worker, as the shells run it: user writes never copy the WAL back into the
// database themselves; its checkpoint thread does, and the WAL stays bounded under a steady
// stream of writes.
const workerUrl = pathToFileURL(join(process.cwd(), 'out', 'main', 'store-worker.js'));
let dir: ReturnType<typeof tempDir>;
let store: Store;

beforeEach(() => {
  dir = tempDir('wal');
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

/** Frames in the log since it last started over (runs a checkpoint: only at the end of a test). */
const walFrames = (file: string) => {
  const db = new Database(file);
  try {
    return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
  } finally {
    db.close();
  }
};

describe('WAL checkpoints in the store worker', () => {
  it('keeps the log bounded under back-to-back writes, and loses none of them', async () => {
    const finishFrames = 200;
    store = createWorkerStore(workerUrl, { checkpoints: { delayMs: 5, finishFrames } });
    const file = join(dir.path, 'profile.sqlite');
    const db = await store.open(file, 'profile');
    const writes = 2_000;
    // each write replaces a value of a few KB: at least one new page in the log every time
    const write = (i: number) =>
      db.write('sync.setMeta', { key: `k${i % 40}`, value: `${i}:${'x'.repeat(3_000)}` });
    // Commits leave the database file alone; it grows once the checkpoint thread (started with
    // the worker, in its own time) has copied the first pages back.
    const startSize = statSync(file).size;
    for (let i = 0; statSync(file).size === startSize; i++) {
      if (i > 100_000) throw new Error('no checkpoint ever reached the database file');
      await write(i);
    }
    for (let i = 0; i < writes; i++) await write(i);
    // the log started over along the way instead of holding every write since the first
    expect(walFrames(file)).toBeLessThan(writes / 2);
    for (let k = 0; k < 40; k++) {
      const last = writes - 40 + k;
      expect(await db.read('sync.getMeta', { key: `k${last % 40}` })).toBe(
        `${last}:${'x'.repeat(3_000)}`,
      );
    }
  });

  it('closes cleanly: the database holds everything and the log is gone', async () => {
    store = createWorkerStore(workerUrl, { checkpoints: { delayMs: 5 } });
    const file = join(dir.path, 'profile.sqlite');
    const db = await store.open(file, 'profile');
    for (let i = 0; i < 200; i++) await db.write('sync.setMeta', { key: `k${i}`, value: `v${i}` });
    // let the checkpoint thread open its own connection before the store closes
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    const count = reopened
      .prepare("SELECT COUNT(*) AS n FROM sync_meta WHERE key LIKE 'k%'")
      .get() as { n: number };
    reopened.close();
    expect(count.n).toBe(200);
  });
});
