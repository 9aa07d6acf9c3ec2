import type { z } from 'zod';
import { describeZodError } from '../../src-shared/result.js';
import type { Outcome } from '../outcome.js';

/**
 * Messages that tell a caller what to send instead, rather than zod's generic wording. Schemas
 * with their own messages keep them; anything not covered here falls back to zod's default.
 */
const friendlyMessages: z.core.$ZodErrorMap = (issue) => {
  const atRoot = (issue.path ?? []).length === 0;
  switch (issue.code) {
    case 'invalid_type':
      if (atRoot) return 'send a JSON object as the request body';
      if (issue.input === undefined) return 'is required';
      return `must be ${article(issue.expected)}, not ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address, like name@example.com';
      return undefined;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? 'must not be empty'
          : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'number') return `must be at least ${issue.minimum}`;
      if (issue.origin === 'array') return `must hold at least ${issue.minimum} item(s)`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'number') return `must be at most ${issue.maximum}`;
      if (issue.origin === 'array') return `must hold at most ${issue.maximum} item(s)`;
      return undefined;
    default:
      return undefined;
  }
};

function article(expected: string): string {
  if (expected === 'null') return 'null';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

/** Parses a request body; the failure says which field is wrong and what to send instead. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Outcome<z.output<S>> {
  const parsed = schema.safeParse(input, { error: friendlyMessages });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: describeZodError(parsed.error) };
}
