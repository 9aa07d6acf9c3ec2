/** Exponential backoff with full jitter; a server's Retry-After is a floor, never shortened. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: { baseMs?: number; maxMs?: number; retryAfterMs?: number | null } = {},
): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 5 * 60_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
