import { z } from 'zod';

/**
 * The web host carries the same contract as Electron IPC over one WebSocket at `/api`.
 * Frames are JSON text. The browser authenticates with the per-launch cookie the host set;
 * the host also checks Host and Origin before upgrading.
 */
export const WS_PATH = '/api';

export const ClientFrame = z.object({
  type: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(100),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | {
      type: 'result';
      id: number;
      result:
        { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
    }
  | { type: 'event'; event: string; payload: unknown };

/** Largest frame the host accepts; contract inputs are small, attachments travel as blobs. */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;
