import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/**
 * Where and how every Gatedesk process keeps its logs: one folder in the data directory
 * (so "Report a problem" finds them all), size-based rotation, a fixed number of old files.
 */

export const logsDir = (dataDir: string) => join(dataDir, 'logs');

/** A log file is rotated when a write would take it past this size. */
export const MAX_LOG_BYTES = 2 * 1024 * 1024;
/** Rotated files kept beside the live one (main.1.log is the newest of them). */
export const KEEP_ROTATED = 4;

/** `main.log` → `main.3.log`. */
export function rotatedName(file: string, n: number): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.${n}${ext}`);
}

/**
 * Shifts main.log → main.1.log → main.2.log … and drops what falls past `keep`. The live file
 * no longer exists afterwards; the next write creates it.
 */
export function rotateLogFile(file: string, keep: number = KEEP_ROTATED): void {
  if (keep < 1) {
    rmSync(file, { force: true });
    return;
  }
  rmSync(rotatedName(file, keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    const from = rotatedName(file, n);
    if (existsSync(from)) renameSync(from, rotatedName(file, n + 1));
  }
  if (existsSync(file)) renameSync(file, rotatedName(file, 1));
}

/** Whether a file name is a Gatedesk log, live or rotated: `host.log`, `main.2.log`. */
export const isLogFileName = (name: string) => /^[\w-]+(\.\d+)?\.log$/.test(name);
