import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../src-main/core/logging/file-logger.js';
import {
  isLogFileName,
  rotateLogFile,
  rotatedName,
} from '../../../src-main/core/logging/log-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatedesk-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fixedNow = () => new Date('2026-11-23T09:00:00.000Z');

describe('rotating file logger', () => {
  it('writes one line per entry with level, scope and redacted fields', () => {
    const logger = createFileLogger({
      dir: join(dir, 'logs'),
      name: 'host',
      scope: 'host',
      now: fixedNow,
    });
    logger.info('signed in', {
      account: 'tech@demo.test',
      password: 'hunter2',
      session: { token: 't' },
    });
    logger.error('sync failed', { error: new Error('ECONNRESET') });
    logger.close();
    expect(readFileSync(join(dir, 'logs', 'host.log'), 'utf8')).toBe(
      '2026-11-23T09:00:00.000Z info [host] signed in {"account":"tech@demo.test","password":"[redacted]","session":{"token":"[redacted]"}}\n' +
        '2026-11-23T09:00:00.000Z error [host] sync failed {"error":"Error: ECONNRESET"}\n',
    );
  });

  it('writes only entries at or above the level, which can change while running', () => {
    const logger = createFileLogger({
      dir,
      name: 'host',
      scope: 'host',
      level: 'warn',
      now: fixedNow,
    });
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    logger.setLevel('debug');
    logger.debug('now shown');
    logger.setLevel('error');
    logger.warn('hidden again');
    logger.close();
    const lines = readFileSync(join(dir, 'host.log'), 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(1, 2)[0])).toEqual(['warn', 'debug']);
  });

  it('rotates by size and keeps a fixed number of old files', () => {
    const logger = createFileLogger({
      dir,
      name: 'host',
      scope: 'h',
      maxBytes: 200,
      keep: 2,
      now: fixedNow,
    });
    for (let i = 0; i < 40; i++) logger.info(`entry ${String(i).padStart(3, '0')}`);
    logger.close();
    expect(readdirSync(dir).sort()).toEqual(['host.1.log', 'host.2.log', 'host.log']);
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).length).toBeLessThanOrEqual(200);
    }
    const newest = readFileSync(join(dir, 'host.log'), 'utf8');
    const previous = readFileSync(join(dir, 'host.1.log'), 'utf8');
    expect(newest).toContain('entry 039');
    // Rotation moves whole files: the line before the newest file's first is the last of .1.
    const firstNew = Number(/entry (\d+)/.exec(newest)![1]);
    expect(previous.trim().endsWith(`entry ${String(firstNew - 1).padStart(3, '0')}`)).toBe(true);
  });

  it('appends to the file an earlier run left, counting its size', () => {
    writeFileSync(join(dir, 'host.log'), 'x'.repeat(150) + '\n');
    const logger = createFileLogger({
      dir,
      name: 'host',
      scope: 'h',
      maxBytes: 200,
      now: fixedNow,
    });
    logger.info('this line does not fit beside the old ones');
    logger.close();
    expect(readFileSync(join(dir, 'host.1.log'), 'utf8')).toBe('x'.repeat(150) + '\n');
    expect(readFileSync(join(dir, 'host.log'), 'utf8')).toContain('does not fit');
  });

  it('keeps running when the log cannot be written, and says so once', () => {
    const blocked = join(dir, 'not-a-dir');
    writeFileSync(blocked, '');
    const echoed: string[] = [];
    const logger = createFileLogger({
      dir: blocked,
      name: 'host',
      scope: 'h',
      echo: (l) => echoed.push(l),
    });
    logger.info('one');
    logger.info('two');
    expect(echoed.filter((l) => l.includes('cannot be written'))).toHaveLength(1);
    expect(echoed.filter((l) => l.includes('[h]'))).toHaveLength(2);
  });
});

describe('log file names', () => {
  it('rotates main.log through main.N.log and drops the oldest', () => {
    const file = join(dir, 'main.log');
    for (let i = 1; i <= 5; i++) {
      writeFileSync(file, `generation ${i}`);
      rotateLogFile(file, 3);
    }
    expect(existsSync(file)).toBe(false);
    expect([1, 2, 3].map((n) => readFileSync(rotatedName(file, n), 'utf8'))).toEqual([
      'generation 5',
      'generation 4',
      'generation 3',
    ]);
    expect(existsSync(rotatedName(file, 4))).toBe(false);
  });

  it('tells log files from everything else in the folder', () => {
    for (const name of ['main.log', 'host.log', 'main.1.log', 'host.12.log'])
      expect(isLogFileName(name), name).toBe(true);
    for (const name of ['notes.txt', 'main.log.bak', 'gatedesk.sqlite', '.log', 'main.old.log'])
      expect(isLogFileName(name), name).toBe(false);
  });
});
