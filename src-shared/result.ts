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

/** Long enough for any real field name or rule; a pasted page of text is cut, not echoed. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Turns zod's issues into one readable sentence plus per-field details. */
export function describeZodError(error: z.ZodError): ApiErrorBody {
  const issues = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.length ? clip(issue.path.map(String).join('.'), 120) : '(input)',
    // Some messages quote the input (unknown keys, a refused value): never all of it.
    message: clip(issue.message, 300),
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'the input is not valid';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : '';
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
