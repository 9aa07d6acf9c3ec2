import { z } from 'zod';
import { AttachmentName, Sha256 } from '../attachments.js';
import { inlineImageTypes } from '../attachment-content.js';

/** Contract calls for showing attachments, spread into src-shared/contract.ts. */
export const attachmentCalls = {
  /**
   * An image attachment's bytes for its thumbnail in the desktop app (base64), downloading it
   * first when it is not cached. Only bytes that are an allow-listed image are returned, so the
   * window never receives anything it could run; the web host serves GET /attachments/{sha256}.
   */
  'attachments.preview': {
    input: z.object({ sha256: Sha256 }).strict(),
    output: z.object({ contentType: z.enum(inlineImageTypes), base64: z.string() }),
  },
  /**
   * Desktop app only: opens the attachment in the system's viewer when it is an image or a
   * document (never a program, script or archive); the shell decides and opens it.
   */
  'attachments.openInViewer': {
    input: z
      .object({ sha256: Sha256, name: AttachmentName })
      .strict()
      .meta({ examples: [{ sha256: 'ab'.repeat(32), name: 'keypad.png' }] }),
    output: z.object({ opened: z.literal(true) }),
  },
} as const;
