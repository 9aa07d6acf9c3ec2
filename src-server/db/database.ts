import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export interface OpenDatabaseOptions {
  /** PGlite data directory; omitted keeps everything in memory. */
  dataDir?: string;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  schemaVersion: number;
}

/**
 * Opens the embedded PostgreSQL-compatible store and migrates it. All access goes through Kysely
 * with portable SQL, so the same queries run later against PostgreSQL or CockroachDB.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  try {
    const where = options.dataDir ? `in ${options.dataDir}` : 'in memory';
    const schemaVersion = await migrate(db as unknown as Kysely<unknown>, migrations, { where });
    return { db, schemaVersion };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
