import {
  allowedAttachmentExtensions,
  extensionOf,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from '../../../src-shared/attachments';

/**
 * The attachment rules of DESIGN.md, checked on what the browser knows (name and size) before a
 * file is staged, so a refusal is explained at once. The core checks again, by content too
 * (executables are refused however they are named).
 */

export interface FileFacts {
  name: string;
  size: number;
}

export interface FileCheck<F extends FileFacts> {
  accepted: F[];
  refused: { name: string; reason: string }[];
}

export function checkAttachmentFiles<F extends FileFacts>(
  files: readonly F[],
  alreadyAttached: number,
): FileCheck<F> {
  const result: FileCheck<F> = { accepted: [], refused: [] };
  for (const file of files) {
    const extension = extensionOf(file.name);
    let reason: string | null = null;
    if (!(allowedAttachmentExtensions as readonly string[]).includes(extension)) {
      reason = extension
        ? `.${extension} files cannot be attached (allowed: ${allowedAttachmentExtensions.join(', ')})`
        : `a file needs one of these extensions: ${allowedAttachmentExtensions.join(', ')}`;
    } else if (file.size > MAX_ATTACHMENT_BYTES) {
      reason = `it is ${formatBytes(file.size)}; a file can be at most ${formatBytes(MAX_ATTACHMENT_BYTES)}`;
    } else if (file.size === 0) {
      reason = 'the file is empty';
    } else if (alreadyAttached + result.accepted.length >= MAX_ATTACHMENTS_PER_MESSAGE) {
      reason = `a message can carry at most ${MAX_ATTACHMENTS_PER_MESSAGE} files`;
    }
    if (reason) result.refused.push({ name: file.name, reason });
    else result.accepted.push(file);
  }
  return result;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}
