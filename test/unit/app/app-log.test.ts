import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogMessage } from 'electron-log';
import {
  configureAppLog,
  coreLoggerFor,
  redactingHook,
  setAppLogLevel,
  type AppLog,
} from '../../../src-main/app/app-log.js';
import { MAX_LOG_BYTES } from '../../../src-main/core/logging/log-files.js';

function fakeLog() {
  const written: [string, unknown[]][] = [];
  const log = {
    transports: {
      file: { level: 'silly', maxSize: 0, resolvePathFn: () => '', archiveLogFn: () => {} },
      console: { level: 'silly' },
    },
    hooks: [] as ((m: LogMessage) => LogMessage | false)[],
    error: (...data: unknown[]) => written.push(['error', data]),
    warn: (...data: unknown[]) => written.push(['warn', data]),
    info: (...data: unknown[]) => written.push(['info', data]),
    debug: (...data: unknown[]) => written.push(['debug', data]),
  };
  return { log, written, asAppLog: log as unknown as AppLog };
}

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('electron-log in the main process', () => {
  it('writes logs/main.log in the data folder, rotated like every other Gatedesk log', () => {
    dir = mkdtempSync(join(tmpdir(), 'gatedesk-applog-'));
    const { log, asAppLog } = fakeLog();
    configureAppLog(asAppLog, { logsDir: join(dir, 'logs'), level: 'warn' });
    expect(log.transports.file.resolvePathFn()).toBe(join(dir, 'logs', 'main.log'));
    expect(log.transports.file.maxSize).toBe(MAX_LOG_BYTES);
    expect([log.transports.file.level, log.transports.console.level]).toEqual(['warn', 'warn']);
    const file = join(dir, 'main.log');
    writeFileSync(file, 'old');
    (log.transports.file.archiveLogFn as unknown as (f: { path: string }) => void)({ path: file });
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe('old');
    setAppLogLevel(asAppLog, 'debug');
    expect(log.transports.file.level).toBe('debug');
  });

  it('redacts what libraries log through it', () => {
    const { log, asAppLog } = fakeLog();
    configureAppLog(asAppLog, { logsDir: '/logs', level: 'info' });
    expect(log.hooks).toEqual([redactingHook]);
    const message = {
      data: ['GET https://updates.example/latest.yml?token=abc123', 42],
      date: new Date(),
      level: 'info',
    } as unknown as LogMessage;
    expect(redactingHook(message).data).toEqual([
      'GET https://updates.example/latest.yml?token=[redacted]',
      42,
    ]);
  });

  it('gives the core a logger that redacts fields and writes them as JSON', () => {
    const { written, asAppLog } = fakeLog();
    const logger = coreLoggerFor(asAppLog, 'app');
    logger.warn('sign-in failed', { account: 'a@b.c', password: 'pw', status: 401 });
    logger.debug('tick');
    expect(written).toEqual([
      ['warn', ['[app] sign-in failed {"account":"a@b.c","password":"[redacted]","status":401}']],
      ['debug', ['[app] tick']],
    ]);
  });
});
