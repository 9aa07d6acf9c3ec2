import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';

// Cursors are opaque to clients; the version tag lets the format change without misreading old ones.
const prefix = 'v1:';

export function encodeCursor(seq: number): string {
  return Buffer.from(`${prefix}${seq}`, 'utf8').toString('base64url');
}

/** Null (no cursor) means "from the beginning". */
export function decodeCursor(cursor: string | null): Outcome<number> {
  if (cursor === null) return success(0);
  const text = /^[A-Za-z0-9_-]+$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = /^v1:(\d{1,15})$/.exec(text);
  const seq = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(seq)) {
    return failure(
      'invalid_input',
      'cursor: this is not a cursor this server issued. Send the cursor from the previous pull ' +
        'unchanged, or null to start again from the beginning.',
      [{ path: 'cursor', message: 'not a cursor this server issued' }],
    );
  }
  return success(seq);
}
