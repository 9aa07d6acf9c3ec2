import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createSupportServer } from '../../src-server/app.js';
import type { SupportServer, SupportServerOptions } from '../../src-server/app.js';

/**
 * A new, empty PostgreSQL database in the run's shared server (test/setup/postgres.ts), and its
 * connection string. Each call gets its own database, so test files never see each other's data.
 */
export async function freshDatabaseUrl(label = 'test'): Promise<string> {
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) {
    throw new Error(
      'No test PostgreSQL: run this file in the integration project, whose globalSetup starts one.',
    );
  }
  const name = `gd_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30)}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The support server on a fresh PostgreSQL database (migrated; seeded only when asked). */
export async function startServerOnPostgres(
  options: Omit<SupportServerOptions, 'databaseUrl' | 'dataDir'> & { label?: string } = {},
): Promise<SupportServer & { databaseUrl: string }> {
  const { label, ...rest } = options;
  const databaseUrl = await freshDatabaseUrl(label);
  const server = await createSupportServer({ ...rest, databaseUrl });
  return Object.assign(server, { databaseUrl });
}
