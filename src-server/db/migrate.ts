import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migrations/migration.js';

/** The database was written by a newer server; running older code against it could corrupt it. */
export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new';
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
    where: string,
  ) {
    super(
      `The database ${where} has schema version ${databaseVersion}, but this server only knows ` +
        `versions up to ${codeVersion}. Run a newer Gatedesk support server, or point this one at ` +
        `a different data directory.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface MigrateOptions {
  /** How to name the database in errors, e.g. "in /srv/gatedesk" or "in memory". */
  where: string;
}

/**
 * Brings the schema up to the newest known version. Each migration and its record in
 * schema_migrations commit together, so a failure leaves the database at the previous version.
 * Returns the schema version the database is at afterwards.
 */
export async function migrate(
  db: Kysely<unknown>,
  migrations: readonly Migration[],
  options: MigrateOptions,
): Promise<number> {
  assertOrdered(migrations);
  await sql`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null
  )`.execute(db);

  const applied = new Set(await appliedVersions(db));
  const newestKnown = migrations.at(-1)?.version ?? 0;
  const newestApplied = Math.max(0, ...applied);
  if (newestApplied > newestKnown) {
    throw new DatabaseTooNewError(newestApplied, newestKnown, options.where);
  }

  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx);
      await sql`insert into schema_migrations (version, name, applied_at)
        values (${migration.version}, ${migration.name}, ${new Date()})`.execute(trx);
    });
  }
  return newestKnown;
}

async function appliedVersions(db: Kysely<unknown>): Promise<number[]> {
  const result = await sql<{ version: number }>`select version from schema_migrations`.execute(db);
  return result.rows.map((row) => Number(row.version));
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}. ` +
          'Migrations are numbered 1, 2, 3… with no gaps.',
      );
    }
  });
}
