import type { z } from 'zod';

/** Machine-readable reasons a call can fail; the renderer decides what to show from these. */
export const errorCodes = [
  'invalid_input',
  'unknown_method',
  'forbidden',
  'unauthorized',
  'not_found',
  'conflict',
  'unavailable',
  'database_too_new',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  /** A sentence for a person: what went wrong and what to fix. */
  message: string;
  /** For invalid_input: where in the input, and why. */
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (
  code: ErrorCode,
  message: string,
  issues?: ApiErrorBody['issues'],
): Result<never> => ({ ok: false, error: issues ? { code, message, issues } : { code, message } });

/** Turns zod's issues into one readable sentence plus per-field details. */
export function describeZodError(error: z.ZodError): ApiErrorBody {
  const issues = error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'the input is not valid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
  return { code: 'invalid_input', message: `Invalid input — ${summary}${more}.`, issues };
}

/** Thrown by clients that unwrap a Result; carries the error body unchanged. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ApiErrorBody['issues'];
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.issues = body.issues;
  }
}
