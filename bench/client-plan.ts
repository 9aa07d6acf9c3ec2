import { summarise } from './stats.js';

/** How many times each client measurement is repeated at a dataset size. */
export interface ClientPlan {
  queueIterations: number;
  /** The same queries without indexes take a full sort each: fewer runs. */
  slowIterations: number;
  searchIterations: number;
  openSamples: number;
  liveSamples: number;
  writes: number;
  /** Time budget of one measurement through the core (and of its inline twin). */
  budgetMs: number;
  /** Time budget of one unindexed or LIKE baseline. */
  slowBudgetMs: number;
}

// Sampling options: measurements through the core stop after their budget (but not before 10
// runs); unindexed and LIKE baselines after theirs (but not before 2).
export const timed = (plan: ClientPlan) => ({ budgetMs: plan.budgetMs, minimum: 10 });
/** The inline twin only feeds a ratio's median: half the budget. */
export const inline = (plan: ClientPlan) => ({ budgetMs: plan.budgetMs / 2, minimum: 10 });
export const slow = (plan: ClientPlan) => ({ warmup: 1, budgetMs: plan.slowBudgetMs, minimum: 2 });

export const p50 = (times: number[]) => summarise(times).p50;
