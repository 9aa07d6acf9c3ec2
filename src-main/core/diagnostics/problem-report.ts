import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ProblemReport } from '../../../src-shared/domain/desktop.js';
import { isLogFileName } from '../logging/log-files.js';
import { redactText } from './redact-text.js';

export const reportsDir = (dataDir: string) => join(dataDir, 'reports');

/** Only the newest part of a very large log goes in; the report must stay attachable (15 MB). */
export const MAX_LOG_BYTES_IN_REPORT = 2 * 1024 * 1024;
/** Older reports beyond this many are deleted when a new one is written. */
export const KEEP_REPORTS = 5;

export interface ProblemReportOptions {
  logsDir: string;
  /** Where the zip goes; created if missing. */
  outDir: string;
  /** Versions, platform, settings, sync state: written as about.json after redaction. */
  about: Record<string, unknown>;
  description?: string | undefined;
  /** Exact values that must not appear in the report (e.g. this launch's access token). */
  knownSecrets?: readonly string[];
  now?: Date;
  maxLogBytes?: number;
}

async function readTail(file: string, maxBytes: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    if (start === 0) return text;
    // Start on a whole line, and say that the beginning was left out.
    const firstBreak = text.indexOf('\n');
    return `[… the first ${start + firstBreak + 1} bytes of this log were left out …]\n${text.slice(firstBreak + 1)}`;
  } finally {
    await handle.close();
  }
}

async function logFiles(logsDir: string): Promise<string[]> {
  try {
    return (await readdir(logsDir)).filter(isLogFileName).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Text is redacted in line-aligned slices of about this size, yielding between them. */
const REDACT_SLICE_CHARS = 32 * 1024;

/**
 * Redaction of a few megabytes takes a noticeable fraction of a second; in the Electron main
 * process that would freeze the window, so the work is cut into slices with the event loop
 * let through between them. Slices end on line breaks, and every rule works within a line.
 */
async function redactInSlices(text: string, secrets: readonly string[]): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + REDACT_SLICE_CHARS);
    const lineEnd = text.indexOf('\n', end);
    end = end === text.length ? end : lineEnd === -1 ? text.length : lineEnd + 1;
    parts.push(Buffer.from(redactText(text.slice(start, end), secrets), 'utf8'));
    start = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return parts;
}

const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

const reportName = /^gatedesk-problem-report-([\dTZ]+)(?:-(\d+))?\.zip$/;

/**
 * Reports oldest first: by time stamp, then by the number that tells apart reports written in
 * the same second (none is the first). Plain name order would put "…Z-2.zip" before "…Z.zip".
 */
async function reportsOldestFirst(
  outDir: string,
): Promise<{ name: string; stamp: string; n: number }[]> {
  return (await readdir(outDir))
    .flatMap((name) => {
      const match = reportName.exec(name);
      return match ? [{ name, stamp: match[1]!, n: Number(match[2] ?? 1) }] : [];
    })
    .sort((a, b) => (a.stamp === b.stamp ? a.n - b.n : a.stamp < b.stamp ? -1 : 1));
}

async function pruneOldReports(outDir: string, keep: number): Promise<void> {
  const reports = await reportsOldestFirst(outDir);
  for (const { name } of reports.slice(0, Math.max(0, reports.length - keep))) {
    await rm(join(outDir, name), { force: true });
  }
}

const README = `Gatedesk problem report

This archive was made by Gatedesk's "Report a problem" to attach to a support ticket.
It holds Gatedesk's log files and a summary of the app (about.json). Passwords, sign-in
tokens, site keys, PINs, cookies and Authorization headers were removed from every file
before it was written; they appear as [redacted]. It holds no ticket data or databases.
`;

/**
 * Writes a zip of the logs (redacted), about.json and the user's description. The zip is
 * written under a temporary name and renamed, so a half-written report never lies around
 * under its real name.
 */
export async function writeProblemReport(options: ProblemReportOptions): Promise<ProblemReport> {
  const now = options.now ?? new Date();
  const secrets = options.knownSecrets ?? [];
  const maxLogBytes = options.maxLogBytes ?? MAX_LOG_BYTES_IN_REPORT;
  const zip = new ZipFile();
  const entries: string[] = [];
  const add = (name: string, text: string) => {
    zip.addBuffer(Buffer.from(text, 'utf8'), name, { mtime: now, mode: 0o644 });
    entries.push(name);
  };

  add('README.txt', README);
  add('about.json', redactText(JSON.stringify(options.about, null, 2), secrets) + '\n');
  const description = options.description?.trim();
  if (description) add('description.txt', redactText(description, secrets) + '\n');
  for (const name of await logFiles(options.logsDir)) {
    const text = await readTail(join(options.logsDir, name), maxLogBytes);
    // Streamed in slices too: yazl checksums a whole buffer in one go, a stream chunk by chunk.
    const slices = await redactInSlices(text, secrets);
    zip.addReadStream(Readable.from(slices), `logs/${name}`, { mtime: now, mode: 0o644 });
    entries.push(`logs/${name}`);
  }
  zip.end();

  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  // Within one second each report takes the next number, never a pruned one's: a reused
  // lower number would sort as older and be pruned the moment it was written.
  const sameSecond = (await reportsOldestFirst(options.outDir)).filter(
    (r) => r.stamp === stamp(now),
  );
  const n = sameSecond.length ? sameSecond[sameSecond.length - 1]!.n + 1 : 1;
  const path = join(
    options.outDir,
    `gatedesk-problem-report-${stamp(now)}${n === 1 ? '' : `-${n}`}.zip`,
  );
  const partial = `${path}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await pruneOldReports(options.outDir, KEEP_REPORTS);
  return { path, bytes: (await stat(path)).size, entries };
}
