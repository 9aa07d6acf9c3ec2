import { z } from 'zod';

/** DESIGN.md ("Tickets", attachments): the allow-list and limits, enforced on both sides. */
export const allowedAttachmentExtensions = [
  'doc',
  'docx',
  'xls',
  'xlsx',
  'csv',
  'txt',
  'log',
  'json',
  'xml',
  'yml',
  'pdf',
  'bmp',
  'gif',
  'jpg',
  'jpeg',
  'png',
  'tar',
  'zip',
] as const;
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');

export const AttachmentName = z
  .string()
  .min(1, 'the file needs a name')
  .max(255, 'keep file names under 255 characters')
  .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', 'a file name cannot contain a path')
  .refine(
    (n) => (allowedAttachmentExtensions as readonly string[]).includes(extensionOf(n)),
    `only these file types can be attached: ${allowedAttachmentExtensions.join(', ')}`,
  );

export const AttachmentRef = z
  .object({
    sha256: Sha256,
    name: AttachmentName,
    size: z.number().int().min(0).max(MAX_ATTACHMENT_BYTES, 'a file can be at most 15 MB'),
    contentType: z.string().max(200),
  })
  .strict();
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const AttachmentList = z
  .array(AttachmentRef)
  .max(MAX_ATTACHMENTS_PER_MESSAGE, `at most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message`);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Executables are refused by content, not only by name: a renamed program still starts with its
 * format's magic bytes. Looks at the first bytes of the file.
 */
export function looksExecutable(head: Uint8Array): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x4d, 0x5a)) return 'a Windows program (PE/MZ)';
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return 'a Linux program (ELF)';
  if (
    starts(0xfe, 0xed, 0xfa, 0xce) ||
    starts(0xfe, 0xed, 0xfa, 0xcf) ||
    starts(0xce, 0xfa, 0xed, 0xfe) ||
    starts(0xcf, 0xfa, 0xed, 0xfe)
  )
    return 'a macOS program (Mach-O)';
  if (starts(0xca, 0xfe, 0xba, 0xbe)) return 'a macOS universal program or Java class';
  if (starts(0x23, 0x21)) return 'a script (#!)';
  return null;
}
