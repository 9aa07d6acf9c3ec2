import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  AttachmentName,
  MAX_ATTACHMENT_BYTES,
  looksExecutable,
  type AttachmentRef,
} from '../../../src-shared/attachments.js';
import { CONTENT_HEAD_BYTES, contentMismatch } from '../../../src-shared/attachment-content.js';
import { ServiceError } from '../api/errors.js';
import { archiveRefusalOfFile } from './archive-check.js';

const contentTypes: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  yml: 'application/yaml',
  zip: 'application/zip',
  tar: 'application/x-tar',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Attachment contents on this computer, by sha256. A file chosen offline is copied here at once
 * (so the original may move or change), checked against the attachment rules, and uploaded
 * later; downloads are cached here so they open offline.
 */
export class LocalBlobStore {
  constructor(private readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2));
  }

  /** Copies a file in, hashing as it goes; refuses what the rules refuse, with a reason. */
  async stageFile(sourcePath: string, name = basename(sourcePath)): Promise<AttachmentRef> {
    const checkedName = AttachmentName.safeParse(name);
    if (!checkedName.success)
      throw new ServiceError('invalid_input', `${name}: ${checkedName.error.issues[0]?.message}`);
    let info;
    try {
      info = await stat(sourcePath);
    } catch {
      throw new ServiceError(
        'not_found',
        `${name}: the file could not be read. Check that it still exists.`,
      );
    }
    if (!info.isFile()) throw new ServiceError('invalid_input', `${name} is not a file.`);
    if (info.size > MAX_ATTACHMENT_BYTES)
      throw new ServiceError(
        'invalid_input',
        `${name} is larger than 15 MB; attach a smaller file.`,
      );
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.incoming-${randomUUID()}`);
    const hash = createHash('sha256');
    const handle = await open(temp, 'w');
    let size = 0;
    let head: Uint8Array | null = null;
    try {
      for await (const chunk of createReadStream(sourcePath) as AsyncIterable<Buffer>) {
        head ??= new Uint8Array(chunk.subarray(0, CONTENT_HEAD_BYTES));
        size += chunk.length;
        if (size > MAX_ATTACHMENT_BYTES)
          throw new ServiceError(
            'invalid_input',
            `${name} is larger than 15 MB; attach a smaller file.`,
          );
        hash.update(chunk);
        await handle.write(chunk);
      }
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    const refusal = contentRefusal(name, size, head) ?? (await archiveRefusalOfFile(temp, name));
    if (refusal) {
      await rm(temp, { force: true });
      throw new ServiceError('invalid_input', refusal);
    }
    const sha256 = hash.digest('hex');
    await this.moveInto(temp, sha256);
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return {
      sha256,
      name,
      size,
      contentType: contentTypes[extension] ?? 'application/octet-stream',
    };
  }

  async read(sha256: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(sha256)));
    } catch {
      return null;
    }
  }

  /** Stores downloaded bytes after checking they are what their name says. */
  async storeDownloaded(sha256: string, bytes: Uint8Array): Promise<string> {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256)
      throw new ServiceError('unavailable', 'The downloaded attachment was damaged; try again.');
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.incoming-${randomUUID()}`);
    await writeFile(temp, bytes);
    await this.moveInto(temp, sha256);
    return this.pathOf(sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  private async moveInto(temp: string, sha256: string) {
    const target = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    await rename(temp, target);
  }
}

/** Why a file's content cannot be attached (empty, a program, not what its name says), or null. */
function contentRefusal(name: string, size: number, head: Uint8Array | null): string | null {
  if (size === 0 || !head) return `${name} is empty; attach a file that has content.`;
  const executable = looksExecutable(head);
  if (executable) return `${name} looks like ${executable}; programs cannot be attached.`;
  const mismatch = contentMismatch(name, head);
  if (mismatch) return `${name} was refused: ${mismatch}. Attach the file in its real format.`;
  return null;
}
