/**
 * Removes secrets from free text (log files, a user's description) before it leaves the
 * machine in a problem report. Logs are already written with secret fields redacted; this is
 * the second line of defence for what slipped into a message: a header dumped by a library,
 * a URL with a token in its query, a JSON body, a password typed into a description.
 * It errs on the side of removing: a report with a gap is still useful, a leaked key is not.
 */

export const REDACTED = '[redacted]';

// Words that make a field name secret, matched against the name split into words, so
// `siteKey`, `access_token_sealed` and `X-Api-Key` are secret but `keypad` and `unitMapping`
// (which only contain the letters) are not.
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'passcode',
  'token',
  'tokens',
  'secret',
  'secrets',
  'key',
  'keys',
  'apikey',
  'sitekey',
  'pin',
  'otp',
  'cookie',
  'cookies',
  'authorization',
  'credential',
  'credentials',
  'session',
  'sessionid',
  'signature',
]);

/** Whether a field, header or parameter name names a secret. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((word) => SECRET_WORDS.has(word));
}

const NAME = String.raw`[A-Za-z_][\w.-]*`;

type Replace = (match: string, ...groups: string[]) => string;

/**
 * Ordered: header and scheme rules first, then name/value pairs, then shapes of tokens.
 * A rule marked `rescan` looks inside what it matched but left alone: `http://…/?token=x`
 * first matches as the harmless pair "http: //…", and the token after it must still be seen.
 */
const RULES: [RegExp, Replace, { rescan?: boolean }?][] = [
  // https://user:password@host → the credentials go.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']*@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
  // Authorization / Proxy-Authorization / Cookie / Set-Cookie headers: the whole value goes,
  // whether written as a header line, as JSON or as key=value.
  [
    /\b((?:proxy-)?authorization|(?:set-)?cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi,
    (_m, name, sep) => `${name}${sep}${REDACTED}`,
  ],
  // Bearer and Basic credentials wherever they appear.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, (_m, scheme) => `${scheme} ${REDACTED}`],
  // JSON: "secretName": {…} or […] goes whole. A match on a name that is not secret changes
  // nothing, and its inside is still seen by the next rule.
  [
    new RegExp(String.raw`"(${NAME})"(\s*:\s*)(\{[^{}]*\}|\[[^\[\]]*\])`, 'g'),
    (match, name, sep) => (isSecretName(name) ? `"${name}"${sep}"${REDACTED}"` : match),
  ],
  // JSON: "secretName": "…" or a number.
  [
    new RegExp(String.raw`"(${NAME})"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)`, 'g'),
    (match, name, sep) => (isSecretName(name) ? `"${name}"${sep}"${REDACTED}"` : match),
  ],
  // name: 'value' and name = "value" (object dumps, config files).
  [
    new RegExp(
      String.raw`(?<![\w.-])(${NAME})(\s*[:=]\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`,
      'g',
    ),
    (match, name, sep) => (isSecretName(name) ? `${name}${sep}'${REDACTED}'` : match),
  ],
  // name=value (query strings, form bodies, cookies) and "name: value" in prose.
  [
    new RegExp(String.raw`(?<![\w.-])(${NAME})(\s*[:=]\s*)(?!\[redacted\])([^\s&;,"'<>]+)`, 'g'),
    (match, name, sep) => (isSecretName(name) ? `${name}${sep}${REDACTED}` : match),
    { rescan: true },
  ],
  // JSON Web Tokens, whatever they are called.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => REDACTED],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * @param knownSecrets exact values to remove wherever they appear (e.g. this launch's web host
 *   token); values shorter than 6 characters are ignored, they would shred ordinary words.
 */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 6) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
  }
  for (const [pattern, replace, options] of RULES) {
    out = options?.rescan
      ? replaceRescanning(out, pattern, replace)
      : out.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

/** Like String.replace with a global pattern, but an unchanged match is scanned again from its second character. */
function replaceRescanning(text: string, pattern: RegExp, replace: Replace): string {
  const scan = new RegExp(pattern.source, pattern.flags);
  let out = '';
  let copied = 0;
  for (let match = scan.exec(text); match; match = scan.exec(text)) {
    const replaced = replace(match[0], ...(match.slice(1) as string[]));
    if (replaced === match[0]) {
      scan.lastIndex = match.index + 1;
      continue;
    }
    out += text.slice(copied, match.index) + replaced;
    copied = match.index + match[0].length;
    scan.lastIndex = copied;
  }
  return out + text.slice(copied);
}
