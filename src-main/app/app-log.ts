import { join } from 'node:path';
import type { LogMessage, MainLogger } from 'electron-log';
import type { LogLevel } from '../../src-shared/domain/desktop.js';
import type { CoreLogger } from '../core/core-types.js';
import { redactText } from '../core/diagnostics/redact-text.js';
import { KEEP_ROTATED, MAX_LOG_BYTES, rotateLogFile } from '../core/logging/log-files.js';
import { redact } from '../core/logger.js';

/** The parts of electron-log's main logger this configures (a fake in tests). */
export type AppLog = Pick<MainLogger, 'transports' | 'hooks' | 'error' | 'warn' | 'info' | 'debug'>;

/**
 * electron-log in the Electron main process, set up like the web host's file logger: the file
 * is logs/main.log in the data folder (where "Report a problem" collects from), rotated by
 * size into main.1.log … main.4.log, and every string passed to it, including what libraries
 * such as the updater log, goes through the text redaction first.
 */
export function configureAppLog(log: AppLog, options: { logsDir: string; level: LogLevel }): void {
  const file = log.transports.file;
  file.resolvePathFn = () => join(options.logsDir, 'main.log');
  file.maxSize = MAX_LOG_BYTES;
  file.archiveLogFn = (old) => rotateLogFile(old.path, KEEP_ROTATED);
  log.hooks.push(redactingHook);
  setAppLogLevel(log, options.level);
}

export function setAppLogLevel(log: AppLog, level: LogLevel): void {
  log.transports.file.level = level;
  log.transports.console.level = level;
}

export function redactingHook(message: LogMessage): LogMessage {
  return {
    ...message,
    data: message.data.map((item: unknown) => (typeof item === 'string' ? redactText(item) : item)),
  };
}

/** The core's logger interface over electron-log; fields are redacted and written as JSON. */
export function coreLoggerFor(
  log: AppLog,
  scope: string,
): CoreLogger & { debug: CoreLogger['info'] } {
  const line = (message: string, fields?: Record<string, unknown>) => {
    const safe = redact(fields);
    return `[${scope}] ${message}${safe ? ' ' + JSON.stringify(safe) : ''}`;
  };
  return {
    error: (m, f) => log.error(line(m, f)),
    warn: (m, f) => log.warn(line(m, f)),
    info: (m, f) => log.info(line(m, f)),
    debug: (m, f) => log.debug(line(m, f)),
  };
}
