import fc from 'fast-check';

/**
 * Values an attacker, a confused script or a broken client sends: wrong types, strings that are
 * huge, odd Unicode, SQL and SQLite FTS5 syntax, paths that climb out of a folder, keys that
 * pollute prototypes. Shared by the contract and the server fuzzers.
 */

export const sqlStrings = [
  "' OR '1'='1",
  "'; DROP TABLE tickets; --",
  '" OR ""="',
  '1); DELETE FROM outbox; --',
  "x' UNION SELECT access_token_sealed FROM profiles --",
  '%',
  '_',
  '\\',
  "'; SELECT pg_sleep(10); --",
  '$1',
  '?',
];

export const ftsStrings = [
  'NEAR(keypad gate, 2)',
  'keypad AND OR NOT',
  '"unterminated',
  '*',
  'body:gate',
  '^keypad',
  'gate*',
  '(',
  ')',
  '{subject body}: gate',
  'NOT',
  '""',
  '- gate',
  'a OR',
  'tickets_fts MATCH x',
];

export const pathStrings = [
  '../../../../etc/passwd',
  '..\\..\\..\\Windows\\win.ini',
  '/etc/shadow',
  'C:\\Windows\\System32\\cmd.exe',
  '%2e%2e%2f%2e%2e%2fsecret.key',
  '..%252f..%252f',
  'file:///etc/passwd',
  '\\\\server\\share\\file.txt',
  '/dev/zero',
  '/proc/self/environ',
  '.',
  '..',
  'report.pdf\u0000.exe',
  'CON',
  'gate-log.pdf/../../secret.key',
];

export const unicodeStrings = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe',
  '\ufeffBOM',
  '\u200b\u200c\u200d',
  '𝕳𝖊𝖑𝖑𝖔 🔐',
  '👩‍👩‍👧‍👦',
  'e\u0301\u0301\u0301',
  '\r\n\r\nX-Injected: 1',
  '\u2028\u2029',
  'Ω≈ç√∫˜µ≤≥÷',
  '\u0007\u001b[31m',
];

export const markupStrings = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  'javascript:alert(1)',
];

export const pollutingKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...sqlStrings, ...ftsStrings, ...pathStrings), weight: 4 },
  { arbitrary: fc.constantFrom(...unicodeStrings, ...markupStrings, ...pollutingKeys), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  {
    // Past every length limit, and big enough to notice a quadratic parser.
    arbitrary: fc.constantFrom(100_001, 400_000).map((n) => 'A'.repeat(n)),
    weight: 1,
  },
);

const oddNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.5,
  2 ** 31,
);

/** An object carrying prototype-polluting keys as own properties, as JSON.parse makes them. */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.constantFrom(...pollutingKeys), fc.constantFrom('polluted', 1, true, null))
  .map(([key, value]) =>
    JSON.parse(`{${JSON.stringify(key)}: {"polluted": ${JSON.stringify(value)}}, "id": "x"}`),
  );

/** Any hostile JSON-compatible value, nested a little. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    oddNumber.filter(Number.isFinite),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    pollutingObject,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...pollutingKeys)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/**
 * What structured clone (Electron IPC) can carry beyond JSON: undefined, odd numbers, dates,
 * maps, sets, typed arrays, big integers, objects with no prototype.
 */
export const hostileCloneable: fc.Arbitrary<unknown> = fc.oneof(
  hostileJson,
  fc.constant(undefined),
  oddNumber,
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constant(new Map([['id', 'x']])),
  fc.constant(new Set(['x'])),
  fc.uint8Array({ maxLength: 16 }),
  fc.constant(Object.assign(Object.create(null) as object, { id: 'x' })),
  fc.constant(/x/g),
);
