import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from '../../../src-shared/domain/desktop.js';
import type { CoreLogger } from '../core-types.js';
import { redact } from '../logger.js';
import { KEEP_ROTATED, MAX_LOG_BYTES, rotateLogFile } from './log-files.js';

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface FileLogger extends CoreLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  setLevel(level: LogLevel): void;
  readonly file: string;
  close(): void;
}

export interface FileLoggerOptions {
  /** The logs folder; created if missing. */
  dir: string;
  /** The file is `<name>.log`, rotated to `<name>.1.log` and so on. */
  name: string;
  /** Written into every line, e.g. "host". */
  scope: string;
  level?: LogLevel;
  maxBytes?: number;
  keep?: number;
  /** Also gets every line written (stderr for a process run in a terminal). */
  echo?: (line: string) => void;
  now?: () => Date;
}

/**
 * The log of a plain Node process (the web host): one line per entry, fields redacted by the
 * same rule as the console logger, written synchronously so the last lines before a crash
 * are on disk, rotated by size. A failing disk never takes the process down.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const file = join(options.dir, `${options.name}.log`);
  const maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
  const keep = options.keep ?? KEEP_ROTATED;
  const now = options.now ?? (() => new Date());
  let level: LogLevel = options.level ?? 'info';
  let fd: number | null = null;
  let size = 0;
  let broken = false;

  const open = () => {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    fd = openSync(file, 'a', 0o600);
    size = fstatSync(fd).size;
  };
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };

  const append = (line: string) => {
    const bytes = Buffer.from(line + '\n', 'utf8');
    try {
      if (fd === null) open();
      if (size > 0 && size + bytes.length > maxBytes) {
        close();
        rotateLogFile(file, keep);
        open();
      }
      size += writeSync(fd!, bytes);
      broken = false;
    } catch (error) {
      close();
      // Said once per outage, not once per line.
      if (!broken && options.echo)
        options.echo(`log file ${file} cannot be written: ${(error as Error).message}`);
      broken = true;
    }
  };

  const emit = (entry: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (SEVERITY[entry] > SEVERITY[level]) return;
    const safe = redact(fields);
    const line = `${now().toISOString()} ${entry} [${options.scope}] ${message}${safe ? ' ' + JSON.stringify(safe) : ''}`;
    append(line);
    options.echo?.(line);
  };

  return {
    file,
    error: (m, f) => emit('error', m, f),
    warn: (m, f) => emit('warn', m, f),
    info: (m, f) => emit('info', m, f),
    debug: (m, f) => emit('debug', m, f),
    setLevel(next) {
      level = next;
    },
    close,
  };
}
