import type { FastifyReply } from 'fastify';
import { sendError } from './errors.js';

/**
 * Counts attempts per key in a sliding window: a key that has used its allowance waits until the
 * oldest attempt leaves the window. Kept in memory, so each server process counts on its own.
 */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

export type LimitCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  private recordsSinceSweep = 0;

  constructor(
    private readonly rule: WindowRule,
    private readonly now: () => Date,
  ) {}

  check(key: string): LimitCheck {
    const times = this.live(key);
    if (times.length < this.rule.limit) return { allowed: true };
    const freeAt = times[times.length - this.rule.limit]! + this.rule.windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - this.now().getTime()) / 1000));
    return { allowed: false, retryAfterSeconds };
  }

  record(key: string): void {
    const times = this.live(key);
    times.push(this.now().getTime());
    // Only the newest `limit` attempts matter for the decision.
    if (times.length > this.rule.limit) times.splice(0, times.length - this.rule.limit);
    this.attempts.set(key, times);
    if (++this.recordsSinceSweep >= 1000) this.sweep();
  }

  forget(key: string): void {
    this.attempts.delete(key);
  }

  private live(key: string): number[] {
    const since = this.now().getTime() - this.rule.windowMs;
    const times = (this.attempts.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.attempts.delete(key);
    return times;
  }

  /** Drops keys whose attempts have all left the window, so memory follows recent traffic only. */
  private sweep(): void {
    this.recordsSinceSweep = 0;
    const since = this.now().getTime() - this.rule.windowMs;
    for (const [key, times] of this.attempts) {
      if (times.every((t) => t <= since)) this.attempts.delete(key);
    }
  }
}

export interface RateLimitPolicy {
  /** Wrong passwords per account. */
  signInPerAccount: WindowRule;
  /** Wrong passwords from one address, whatever the account. */
  signInPerAddress: WindowRule;
  /** Account requests and password-reset requests for one email address. */
  emailLinksPerAccount: WindowRule;
  /** Account requests and password-reset requests from one address. */
  emailLinksPerAddress: WindowRule;
}

const minute = 60_000;
export const defaultRateLimitPolicy: RateLimitPolicy = {
  signInPerAccount: { limit: 5, windowMs: minute },
  signInPerAddress: { limit: 30, windowMs: minute },
  emailLinksPerAccount: { limit: 3, windowMs: 15 * minute },
  emailLinksPerAddress: { limit: 20, windowMs: 15 * minute },
};

/** The limiters one server shares across its routes. */
export interface RateLimiters {
  signInPerAccount: AttemptLimiter;
  signInPerAddress: AttemptLimiter;
  emailLinksPerAccount: AttemptLimiter;
  emailLinksPerAddress: AttemptLimiter;
}

export function createRateLimiters(policy: RateLimitPolicy, now: () => Date): RateLimiters {
  return {
    signInPerAccount: new AttemptLimiter(policy.signInPerAccount, now),
    signInPerAddress: new AttemptLimiter(policy.signInPerAddress, now),
    emailLinksPerAccount: new AttemptLimiter(policy.emailLinksPerAccount, now),
    emailLinksPerAddress: new AttemptLimiter(policy.emailLinksPerAddress, now),
  };
}

/** The first refusal among several checks, or allowed when none refuses. */
export function firstRefusal(...checks: LimitCheck[]): LimitCheck {
  return checks.find((c) => !c.allowed) ?? { allowed: true };
}

/** 429 with Retry-After and a sentence that says how long to wait. */
export function sendRateLimited(
  reply: FastifyReply,
  retryAfterSeconds: number,
  what: string,
): FastifyReply {
  reply.header('retry-after', String(retryAfterSeconds));
  const wait = retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`;
  return sendError(reply, {
    code: 'rate_limited',
    message: `Too many ${what} in a short time. Wait ${wait}, then try again.`,
  });
}
