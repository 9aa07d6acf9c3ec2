import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import roll from 'pino-roll';

export const serverLogLevels = ['fatal', 'error', 'warn', 'info', 'debug'] as const;
export type ServerLogLevel = (typeof serverLogLevels)[number];

/** LOG_LEVEL from the environment, or info; an unknown value is an error that says what fits. */
export function readLogLevel(
  env: NodeJS.ProcessEnv,
): { ok: true; level: ServerLogLevel } | { ok: false; message: string } {
  const raw = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if ((serverLogLevels as readonly string[]).includes(raw))
    return { ok: true, level: raw as ServerLogLevel };
  return {
    ok: false,
    message: `LOG_LEVEL=${env.LOG_LEVEL} is not a log level; use one of ${serverLogLevels.join(', ')}.`,
  };
}

/**
 * The standalone server's log: every line to stdout (for service managers) and to
 * <data>/logs/server.N.log, a new file every 2 MiB with the newest five kept (pino-roll);
 * logs/current.log always points at the file being written.
 */
export async function openServerLog(
  dataDir: string,
): Promise<{ write(line: string): void; dir: string }> {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = await roll({
    file: join(dir, 'server'),
    extension: '.log',
    size: '2m',
    limit: { count: 4 },
    symlink: true,
  });
  return {
    dir,
    write(line) {
      process.stdout.write(line);
      file.write(line);
    },
  };
}
