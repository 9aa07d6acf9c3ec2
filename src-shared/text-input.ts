/**
 * What every text a client or a caller sends must be, checked once for a whole input before any
 * schema: well-formed Unicode (no half of a surrogate pair, which cannot be encoded as UTF-8, so
 * it breaks URLs and is silently replaced in storage) and no NUL character (PostgreSQL cannot
 * store one). Both come only from broken clients or hostile ones; people never type them.
 */
export interface BrokenText {
  path: string;
  message: string;
}

/** Deeper than any real input; beyond it the schema's own checks refuse the shape anyway. */
const MAX_DEPTH = 64;

export function findBrokenText(value: unknown): BrokenText | null {
  return walk(value, [], 0);
}

function walk(value: unknown, path: string[], depth: number): BrokenText | null {
  if (typeof value === 'string') return textProblem(value, path);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const keyProblem = textProblem(key, path);
    if (keyProblem) return keyProblem;
    const found = walk(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

// In a /u pattern a proper pair is one code point outside this range: only lone halves match.
const loneSurrogate = /[\uD800-\uDFFF]/u;

function textProblem(text: string, path: string[]): BrokenText | null {
  const where = path.length ? path.join('.') : '(input)';
  if (text.includes('\u0000'))
    return {
      path: where,
      message: 'contains a NUL character (\\0), which cannot be stored; remove it',
    };
  if (loneSurrogate.test(text))
    return {
      path: where,
      message: 'contains a broken character (half of a surrogate pair); type or paste it again',
    };
  return null;
}
