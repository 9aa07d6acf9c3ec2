import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export interface OpenDatabaseOptions {
  /**
   * A PostgreSQL connection string (postgres://user:password@host:port/database). When set, the
   * server uses that database and `dataDir` is ignored.
   */
  databaseUrl?: string;
  /** PGlite data directory; omitted (and no databaseUrl) keeps everything in memory. */
  dataDir?: string;
  /** Connections the pool may open to PostgreSQL. Defaults to 10. */
  poolSize?: number;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  schemaVersion: number;
}

/**
 * Opens PostgreSQL (databaseUrl) or the embedded PostgreSQL-compatible store (PGlite) and
 * migrates it. All access goes through Kysely with portable SQL, so the same queries run on
 * PostgreSQL and later on PostgreSQL-wire engines such as CockroachDB or YugabyteDB.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const { db, where } = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : await openPglite(options.dataDir);
  try {
    const schemaVersion = await migrate(db as unknown as Kysely<unknown>, migrations, { where });
    return { db, schemaVersion };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

function openPostgres(databaseUrl: string, max: number): { db: Kysely<Database>; where: string } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor one dropped while it is checked out between two queries (a restart of PostgreSQL in the
  // middle of a transaction): the pool listens only to idle connections, and an unheard 'error'
  // ends the process. The query in flight fails on its own; the pool discards the dead client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, where: `at ${describeDatabaseUrl(databaseUrl)}` };
}

async function openPglite(dataDir: string | undefined) {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ? { dataDir } : {});
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, where: dataDir ? `in ${dataDir}` : 'in memory' };
}

/** The database's address for messages and logs, without its password. */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `postgres://${user}${url.host}${url.pathname}`;
  } catch {
    return 'the configured PostgreSQL database';
  }
}
