import type { CoreLogger } from './core-types.js';

// Field names whose values must never reach a log line, whatever the caller passes.
const SECRET_KEY = /pass(word)?|token|secret|key|cookie|authorization|pin/i;

export function redact(
  fields: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = `${value.name}: ${value.message}`;
    else if (value && typeof value === 'object' && !Array.isArray(value))
      out[key] = redact(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out;
}

/** One line per entry on stderr; the shells add files and rotation later. */
export function createConsoleLogger(
  scope: string,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): CoreLogger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    const safe = redact(fields);
    write(
      `${new Date().toISOString()} ${level} [${scope}] ${message}${safe ? ' ' + JSON.stringify(safe) : ''}`,
    );
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
