/**
 * Failures that mean the database cannot be reached just now (stopped, restarting, the network
 * between them cut), as opposed to a bug or a refused query. They pass once it is back, so the
 * server answers 503 with a Retry-After and clients keep their changes and retry.
 */
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
]);

// node-postgres reports a connection that died mid-query without a code, in these words.
const connectionMessages =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i;

export function databaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && connectionMessages.test(message)) return true;
    // AggregateError (every address refused) and wrapped causes
    const inner = (e as { errors?: unknown[] }).errors?.[0] ?? (e as { cause?: unknown }).cause;
    e = inner;
  }
  return false;
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The server cannot reach its database just now. Nothing was changed; your changes are kept. Try again in a moment.';
/** Seconds a client waits before it tries again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
