import { createHash, randomBytes } from 'node:crypto';

// The prefixes make a leaked token recognisable to secret scanners and to people reading logs.
export const accessTokenPrefix = 'gda_';
export const refreshTokenPrefix = 'gdr_';

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Only this digest is stored: a copy of the sessions table does not let anyone sign in. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
