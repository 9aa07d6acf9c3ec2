import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The first bytes of each uploaded file, kept beside its size, so a message that names a file
 * "photo.png" can be checked against what the file is without opening it. Files uploaded before
 * this step have none; their head is read from disk when a message first uses them.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('blobs').addColumn('head', 'bytea').execute();
}

export const blobContentHeads: Migration = { version: 7, name: 'blob_content_heads', up };
