import type { EngineClock } from '../../src-main/core/sync/clock.js';
import type { Random } from './prng.js';

/**
 * A clock the simulation moves by hand. Timers the engine schedules (backoff, periodic pulls)
 * are recorded but never fire: the simulation decides when each client syncs.
 */
export function createFakeClock(
  start: Date,
  random: Random,
): EngineClock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    setTimeout: () => null,
    clearTimeout: () => {},
    random: random.next,
    advance(ms) {
      now += ms;
    },
  };
}
