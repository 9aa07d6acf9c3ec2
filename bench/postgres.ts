import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../test/helpers/embedded-postgres.js';

/** A PostgreSQL server the benchmark may create databases in. */
export interface BenchPostgres {
  /** The maintenance database's URL (carries a password: never print it). */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A private PostgreSQL with the server's default durability (commits are flushed, as in
 * production) and a page cache sized like a server's (1 GB instead of the 128 MB default, which
 * cannot hold the message and change-log indexes a pull reads at the bar size).
 */
export async function startPostgres(tempDir: string): Promise<BenchPostgres> {
  const postgres = await startEmbeddedPostgres({
    purpose: 'the benchmark',
    parentDir: tempDir,
    durable: true,
    sharedBuffers: '1GB',
  });
  return { adminUrl: postgres.adminUrl, stop: () => postgres.remove() };
}

/** A new empty database; returns its URL and a way to drop it. */
export async function createDatabase(
  adminUrl: string,
  label: string,
): Promise<{ url: string; serverVersion: string; drop(): Promise<void> }> {
  const name = `gd_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let serverVersion: string;
  try {
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
    serverVersion = (
      (await admin.query('show server_version')).rows[0] as { server_version: string }
    ).server_version;
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    serverVersion,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Tickets a technician can still act on, read from the server's database, in a stable order. */
export async function openTicketsOnServer(url: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      "SELECT id FROM tickets WHERE status <> 'CLOSED' ORDER BY id LIMIT $1",
      [count],
    );
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}
