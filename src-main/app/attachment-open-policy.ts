import { contentMismatch } from '../../src-shared/attachment-content.js';
import { extensionOf, looksExecutable } from '../../src-shared/attachments.js';

/**
 * Which attachments the desktop app hands to the system's viewer. Opening a file with the OS
 * runs whatever program its extension is bound to, so only images and documents qualify, and
 * only when their content is what their name says; programs, scripts, archives, macro-capable
 * office formats and data files a program might execute are never opened, only saved.
 */

/** Images and documents whose usual viewers do not run what is inside them. */
export const viewerExtensions = [
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'pdf',
  'txt',
  'log',
  'docx',
  'xlsx',
] as const;

const zipContainer = [0x50, 0x4b, 0x03, 0x04];

export type OpenDecision =
  { action: 'open'; fileName: string } | { action: 'refuse'; reason: string };

export function attachmentOpenDecision(file: { name: string; head: Uint8Array }): OpenDecision {
  const extension = extensionOf(file.name);
  if (!(viewerExtensions as readonly string[]).includes(extension)) {
    return {
      action: 'refuse',
      reason: `${extension ? `.${extension} files` : 'Files without an extension'} are not opened from Gatedesk; only images and documents (${viewerExtensions.join(', ')}) are. The file is saved on this computer.`,
    };
  }
  const program = looksExecutable(file.head);
  if (program)
    return { action: 'refuse', reason: `This file looks like ${program}; it is not opened.` };
  const mismatch = contentMismatch(file.name, file.head);
  if (mismatch) return { action: 'refuse', reason: `This file is not opened: ${mismatch}.` };
  if (
    (extension === 'docx' || extension === 'xlsx') &&
    !zipContainer.every((b, i) => file.head[i] === b)
  ) {
    return {
      action: 'refuse',
      reason: `This file is not opened: its content is not a ${extension.toUpperCase()} document.`,
    };
  }
  return { action: 'open', fileName: viewerFileName(file.name, extension) };
}

/**
 * The name of the copy handed to the viewer: plain characters only, never a leading dot or
 * dash, always ending in its own (allowed) extension so the OS picks the viewer for that type.
 */
export function viewerFileName(name: string, extension: string): string {
  const stem = name
    .slice(0, name.length - extension.length - 1)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 _()-]/g, '_')
    .replace(/^[\s_-]+/, '')
    .trim()
    .slice(0, 100);
  return `${stem || 'attachment'}.${extension}`;
}
