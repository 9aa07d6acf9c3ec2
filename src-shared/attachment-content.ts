import { extensionOf } from './attachments.js';

/**
 * What an attachment's first bytes say it is. A name can lie; the content decides whether a file
 * may be shown inline as an image, and a file whose content contradicts its image or PDF name is
 * refused when it is attached.
 */

/** How many leading bytes the checks below need. */
export const CONTENT_HEAD_BYTES = 16;

export const inlineImageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/bmp'] as const;
export type InlineImageType = (typeof inlineImageTypes)[number];

const startsWith = (head: Uint8Array, bytes: readonly number[]) =>
  head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/** The allow-listed image type the bytes are, or null: only these are ever shown inline. */
export function imageTypeOf(head: Uint8Array): InlineImageType | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(head, [0x42, 0x4d])) return 'image/bmp';
  return null;
}

const imageExtensions: Record<string, InlineImageType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

/** Whether the file's name says it is an image (what the timeline offers a thumbnail for). */
export function isImageName(name: string): boolean {
  return extensionOf(name) in imageExtensions;
}

/**
 * Why the content contradicts the name, or null. Only formats with a reliable signature are
 * checked (images and PDF); text, office and archive formats are covered by the executable check.
 */
export function contentMismatch(name: string, head: Uint8Array): string | null {
  const extension = extensionOf(name);
  const expected = imageExtensions[extension];
  if (expected) {
    const actual = imageTypeOf(head);
    if (actual === expected) return null;
    return `its content is not a ${extension.toUpperCase()} image`;
  }
  if (extension === 'pdf' && !startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return 'its content is not a PDF document';
  return null;
}
