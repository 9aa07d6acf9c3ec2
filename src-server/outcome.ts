import type { ApiErrorBody, ErrorCode } from '../src-shared/result.js';

/**
 * What a server service returns for an expected failure. It extends the shared error codes with
 * the ones only the HTTP API has (a cursor the server can no longer serve answers 410 and tells
 * the client to bootstrap again).
 */
export type ServerErrorCode =
  | ErrorCode
  | 'cursor_gone'
  // A cursor older than tombstone retention (410): the client bootstraps again.
  | 'cursor_expired'
  // An upload over the size limit (413), content the server refuses to store (415), and too
  // many attempts in a short time (429, with Retry-After).
  | 'too_large'
  | 'unsupported_content'
  | 'rate_limited';

export interface ServerErrorBody {
  code: ServerErrorCode;
  message: string;
  issues?: ApiErrorBody['issues'];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ServerErrorBody };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const failure = (
  code: ServerErrorCode,
  message: string,
  issues?: ApiErrorBody['issues'],
): Outcome<never> => ({ ok: false, error: issues ? { code, message, issues } : { code, message } });
