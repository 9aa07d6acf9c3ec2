import { z } from 'zod';

export const SyncStatus = z.enum([
  'idle',
  'syncing',
  'offline',
  'unauthorized',
  'error',
  'no_profile',
]);
export type SyncStatus = z.infer<typeof SyncStatus>;

/** What the sync indicator shows; the same shape is a call result and an event payload. */
export const SyncState = z.object({
  profileId: z.string().nullable(),
  status: SyncStatus,
  lastPullAt: z.string().nullable(),
  pendingCount: z.number().int().min(0),
  needsAttentionCount: z.number().int().min(0),
  lastError: z.string().nullable(),
  /** About how many pulled messages search cannot find yet (indexed after a bootstrap). */
  searchBacklog: z.number().int().min(0),
});
export type SyncState = z.infer<typeof SyncState>;
