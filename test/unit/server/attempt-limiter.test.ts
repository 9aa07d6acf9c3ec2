import { describe, expect, it } from 'vitest';
import { AttemptLimiter, firstRefusal } from '../../../src-server/http/attempt-limiter.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('AttemptLimiter', () => {
  it('allows the allowance, refuses the next with the seconds until the oldest attempt leaves the window', () => {
    const time = clock();
    const limiter = new AttemptLimiter({ limit: 5, windowMs: 60_000 }, time.now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.check('a').allowed).toBe(true);
      limiter.record('a');
      time.advance(1000);
    }
    // Five attempts at t=0..4 s, now t=5 s: the first leaves the window at t=60 s.
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 55 });
    time.advance(54_500);
    expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(500);
    expect(limiter.check('a').allowed).toBe(true);
  });

  it('counts keys apart, and forgets a key on request', () => {
    const time = clock();
    const limiter = new AttemptLimiter({ limit: 1, windowMs: 10_000 }, time.now);
    limiter.record('a');
    expect(limiter.check('a').allowed).toBe(false);
    expect(limiter.check('b').allowed).toBe(true);
    limiter.forget('a');
    expect(limiter.check('a').allowed).toBe(true);
  });

  it('slides: attempts spread over more than the window never lock out', () => {
    const time = clock();
    const limiter = new AttemptLimiter({ limit: 3, windowMs: 3000 }, time.now);
    for (let i = 0; i < 20; i++) {
      expect(limiter.check('k').allowed).toBe(true);
      limiter.record('k');
      time.advance(1001);
    }
  });

  it('firstRefusal reports the first refusing check', () => {
    expect(firstRefusal({ allowed: true }, { allowed: false, retryAfterSeconds: 7 })).toEqual({
      allowed: false,
      retryAfterSeconds: 7,
    });
    expect(firstRefusal({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
  });
});
