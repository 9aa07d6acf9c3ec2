import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const sessionTtlMs = 30 * 60 * 1000;

interface Session {
  siteCode: string;
  expiresAt: number;
}

/**
 * Gateway sessions live in memory, as on a real controller: a restart signs everyone out.
 * Tokens are kept only as digests.
 */
export class SessionTable {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  open(siteCode: string): { token: string; expiresAt: string } {
    this.#sweep();
    const token = 'pti_' + randomBytes(24).toString('base64url');
    const expiresAt = this.now() + sessionTtlMs;
    this.#sessions.set(digest(token).toString('hex'), { siteCode, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Signs a session out; an unknown token is ignored. */
  close(token: string): void {
    this.#sessions.delete(digest(token).toString('hex'));
  }

  /** True when the token opened a session for this site and it has not expired. */
  allows(token: string, siteCode: string): boolean {
    const session = this.#sessions.get(digest(token).toString('hex'));
    return session !== undefined && session.siteCode === siteCode && session.expiresAt > this.now();
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, session] of this.#sessions)
      if (session.expiresAt <= now) this.#sessions.delete(key);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares secrets in constant time whatever their lengths. */
export function secretsMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
