import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { archiveRefusal, type ByteSource } from '../../src-shared/archive-entries.js';
import { CONTENT_HEAD_BYTES } from '../../src-shared/attachment-content.js';
import { looksExecutable } from '../../src-shared/attachments.js';

export type ReceiveRefusal =
  | { reason: 'too_large'; limit: number }
  | { reason: 'executable'; kind: string }
  | { reason: 'empty' }
  | { reason: 'unsafe_archive'; message: string }
  | { reason: 'hash_mismatch'; actual: string };

/** `head` is the file's first bytes, kept so a name can later be checked against the content. */
export type ReceiveResult =
  { ok: true; size: number; head: Buffer } | { ok: false; refusal: ReceiveRefusal };

/** Enough leading bytes to recognise every executable and image or PDF signature. */
const headBytes = CONTENT_HEAD_BYTES;

class Refused extends Error {
  constructor(readonly refusal: ReceiveRefusal) {
    super(refusal.reason);
  }
}

/**
 * Files on disk by content: `<root>/ab/cdef…` for the sha256 `abcdef…`. A file is written to
 * `<root>/tmp` while it streams in, checked, synced and then renamed into place, so a reader
 * never sees half a file and a crash leaves only a temporary file behind.
 */
export class BlobStore {
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  /** Creates the folders and removes temporary files an earlier run left behind. */
  async open(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    const hourAgo = Date.now() - 60 * 60 * 1000;
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < hourAgo) await rm(path, { force: true });
    }
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  /**
   * Streams `source` to disk while hashing it, never holding more than a chunk in memory.
   * Stops reading as soon as the file passes `maxBytes` or its first bytes show a program;
   * stores nothing unless the content's sha256 is `expected`, nothing empty, and no archive
   * with an entry that would unpack outside its folder.
   */
  async receive(source: Readable, expected: string, maxBytes: number): Promise<ReceiveResult> {
    const tmp = join(this.tmpDir, randomUUID());
    const file = await open(tmp, 'wx+', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let headChecked = false;
    const checkHead = () => {
      headChecked = true;
      const kind = looksExecutable(head);
      if (kind) throw new Refused({ reason: 'executable', kind });
    };
    const inspector = new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        try {
          size += chunk.length;
          if (size > maxBytes) throw new Refused({ reason: 'too_large', limit: maxBytes });
          if (!headChecked) {
            head = Buffer.concat([head, chunk.subarray(0, headBytes - head.length)]);
            if (head.length >= headBytes) checkHead();
          }
          hash.update(chunk);
          callback(null, chunk);
        } catch (error) {
          callback(error as Error);
        }
      },
      flush(callback: TransformCallback) {
        try {
          if (!headChecked) checkHead();
          callback();
        } catch (error) {
          callback(error as Error);
        }
      },
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        file.write(chunk).then(() => callback(), callback);
      },
    });

    let stored = false;
    try {
      // The source is piped rather than put in the pipeline: a refusal must stop reading the
      // upload without destroying it, or the client would get a reset instead of the answer.
      source.pipe(inspector);
      finished(source).catch((error: unknown) => inspector.destroy(error as Error));
      await pipeline(inspector, sink);
      const actual = hash.digest('hex');
      if (actual !== expected) return { ok: false, refusal: { reason: 'hash_mismatch', actual } };
      if (size === 0) return { ok: false, refusal: { reason: 'empty' } };
      const archive = await archiveRefusal(readerOf(file, size), 'This file');
      if (archive) return { ok: false, refusal: { reason: 'unsafe_archive', message: archive } };
      await file.sync();
      await file.close();
      const target = this.pathOf(expected);
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
      stored = true;
      return { ok: true, size, head };
    } catch (error) {
      if (error instanceof Refused) return { ok: false, refusal: error.refusal };
      throw error;
    } finally {
      if (!stored) {
        await file.close().catch(() => undefined);
        await rm(tmp, { force: true });
      }
    }
  }

  /** The stored size, or null when the file is not on disk. */
  async sizeOf(sha256: string): Promise<number | null> {
    const info = await stat(this.pathOf(sha256)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }

  /** The stored file's first bytes, or null when it is not on disk. */
  async headOf(sha256: string): Promise<Buffer | null> {
    const file = await open(this.pathOf(sha256), 'r').catch(() => null);
    if (!file) return null;
    try {
      const buffer = Buffer.alloc(headBytes);
      const { bytesRead } = await file.read(buffer, 0, headBytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  read(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }
}

/** Random access to the file being received, for the archive check. */
function readerOf(file: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    },
  };
}
