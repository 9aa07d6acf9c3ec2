import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of already sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length),
  };
}

/** Milliseconds on a clock shared by every process of the machine (wall clock, sub-ms). */
export const wallClock = () => performance.timeOrigin + performance.now();

export interface SampleOptions {
  /** Unmeasured runs first (default: up to 5). */
  warmup?: number;
  /** Stop early once this much time has gone by… */
  budgetMs?: number;
  /** …but only after this many measured runs (default 20). */
  minimum?: number;
}

/**
 * Runs `fn` up to `iterations` times, each timed in ms. A time budget keeps slow cases (a full
 * scan, an unindexed sort) from dominating the run; the summary's n says how many ran.
 */
export async function sample(
  iterations: number,
  fn: (i: number) => unknown,
  options: SampleOptions = {},
): Promise<number[]> {
  const warmup = options.warmup ?? Math.min(5, iterations);
  const minimum = options.minimum ?? 20;
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  const deadline = performance.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
  for (let i = 0; i < iterations; i++) {
    if (i >= minimum && performance.now() > deadline) break;
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  return times;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
