import { describe, expect, it } from 'vitest';
import { withinTime } from '../../../src-main/core/net/within-time.js';

describe('a time limit on a network exchange', () => {
  it('gives up on time even when the exchange never hears its abort', async () => {
    let aborted = false;
    const outcome = await withinTime(50, (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<string>(() => {}); // an answer that never comes, deaf to the signal
    }).catch((error: unknown) => error);
    expect(outcome).toMatchObject({ name: 'TimeoutError' });
    expect(aborted).toBe(true);
  });

  it('returns the answer of an exchange that finishes in time, and its own failure as it is', async () => {
    await expect(withinTime(1_000, async () => 'answer')).resolves.toBe('answer');
    await expect(
      withinTime(1_000, () => Promise.reject(new TypeError('fetch failed'))),
    ).rejects.toThrow('fetch failed');
  });
});
