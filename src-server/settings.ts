import type { Kysely, Transaction } from 'kysely';
import { toSeq } from './db/schema.js';
import type { Database } from './db/schema.js';

/** Rules an operator can change while the server runs (table server_settings). */
export interface ServerSettings {
  /** How long after resolution a customer may reopen; also when RESOLVED auto-closes. */
  reopenWindowMs: number;
  /** How long deletions stay pullable; older cursors answer 410 and bootstrap again. */
  tombstoneRetentionMs: number;
}

export async function readServerSettings(
  db: Kysely<Database> | Transaction<Database>,
): Promise<ServerSettings> {
  const row = await db
    .selectFrom('server_settings')
    .select(['reopen_window_ms', 'tombstone_retention_ms'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    reopenWindowMs: toSeq(row.reopen_window_ms),
    tombstoneRetentionMs: toSeq(row.tombstone_retention_ms),
  };
}

export async function updateServerSettings(
  db: Kysely<Database>,
  patch: Partial<ServerSettings>,
  now: Date,
): Promise<ServerSettings> {
  for (const [name, value] of Object.entries(patch)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new Error(`${name} must be a positive whole number of milliseconds`);
    }
  }
  await db
    .updateTable('server_settings')
    .set({
      ...(patch.reopenWindowMs === undefined ? {} : { reopen_window_ms: patch.reopenWindowMs }),
      ...(patch.tombstoneRetentionMs === undefined
        ? {}
        : { tombstone_retention_ms: patch.tombstoneRetentionMs }),
      updated_at: now,
    })
    .where('id', '=', 1)
    .execute();
  return readServerSettings(db);
}
