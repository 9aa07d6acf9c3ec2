import type { ClientPlan } from './client-plan.js';
import { queueCases } from './queue-bench.js';
import { searchCases } from './search-bench.js';
import type { Dataset, DatasetSize } from './dataset.js';
import { targets, type Figure, type Target } from './figures.js';
import { ptiWritePlans, ptiWriteSpecs } from './pti-write-bench.js';
import { uiGridPlans, uiGridSpecs } from './ui-grid-bench.js';
import { uiQueueSpecs } from './ui-queue-bench.js';
import type { ServerPlan } from './server-bench.js';

/**
 * How much each size measures. `rawFraction`: the raw-insert baseline writes this share of the
 * tickets (with their threads) and is compared with the engine's rate over the same first rows.
 */
export const plans: Record<
  DatasetSize,
  { client: ClientPlan; server: ServerPlan; rawFraction: number }
> = {
  small: {
    client: {
      queueIterations: 10,
      slowIterations: 2,
      searchIterations: 5,
      openSamples: 10,
      liveSamples: 3,
      writes: 40,
      budgetMs: 1_000,
      slowBudgetMs: 500,
    },
    server: {
      pullClients: [1, 10, 50],
      pullSeconds: 0.3,
      pullPageRows: 100,
      pushClients: 4,
      pushMutations: 40,
    },
    rawFraction: 1,
  },
  bar: {
    client: {
      queueIterations: 200,
      slowIterations: 5,
      searchIterations: 40,
      openSamples: 300,
      liveSamples: 30,
      writes: 5_000,
      budgetMs: 4_000,
      slowBudgetMs: 2_000,
    },
    server: {
      pullClients: [1, 10, 50],
      pullSeconds: 5,
      pullPageRows: 1000,
      pushClients: 10,
      pushMutations: 800,
    },
    rawFraction: 0.1,
  },
  huge: {
    client: {
      queueIterations: 100,
      slowIterations: 3,
      searchIterations: 30,
      openSamples: 300,
      liveSamples: 30,
      writes: 5_000,
      budgetMs: 5_000,
      slowBudgetMs: 5_000,
    },
    server: {
      pullClients: [1, 10, 50],
      pullSeconds: 8,
      pullPageRows: 1000,
      pushClients: 10,
      pushMutations: 1_000,
    },
    rawFraction: 0.05,
  },
};

export type Spec = Pick<Figure, 'id' | 'group' | 'label' | 'unit' | 'stat'> & { target?: Target };

/** Every figure a run reports, by section, so a failed section still lists what it could not measure. */
export function figureCatalogue(dataset: Dataset): Record<string, Spec[]> {
  const ms = { unit: 'ms', stat: 'p95' } as const;
  return {
    bootstrap: [
      {
        id: 'client.bootstrap',
        group: 'client',
        label: 'Bootstrap end to end over loopback',
        unit: 'rows/s',
        stat: 'rate',
        target: targets.bootstrap,
      },
      {
        id: 'client.bootstrap.lag',
        group: 'client',
        label: 'Event-loop lag of the main thread during the bootstrap',
        unit: 'ms',
        stat: 'p99',
        target: targets.eventLoopLag,
      },
      {
        id: 'client.bootstrap.search',
        group: 'client',
        label:
          'Bootstrap until search finds every message (the bootstrap, then its search backlog)',
        unit: 'rows/s',
        stat: 'rate',
      },
      {
        id: 'client.bootstrap.rss',
        group: 'client',
        label: 'Resident memory of the process after the bootstrap',
        unit: 'MB',
        stat: 'value',
      },
    ],
    queues: queueCases().map((c) => ({
      id: c.id,
      group: 'client',
      label: c.label,
      ...ms,
      target: targets.queuePage,
    })),
    search: searchCases(dataset).map((c) => ({
      id: c.id,
      group: 'client',
      label: c.label,
      ...ms,
      target: targets.search,
    })),
    open: [
      {
        id: 'client.open-ticket',
        group: 'client',
        label: 'Open a ticket',
        ...ms,
        target: targets.openTicket,
      },
    ],
    live: [
      { id: 'server.poke', group: 'server', label: 'Commit to poke received', ...ms },
      {
        id: 'client.visible',
        group: 'client',
        label: 'A change on the server visible on another client',
        ...ms,
        target: targets.visible,
      },
    ],
    writes: [
      {
        id: 'client.write',
        group: 'client',
        label: 'Optimistic write + outbox entry',
        unit: 'ms',
        stat: 'p99',
        target: targets.write,
      },
      {
        id: 'client.drain',
        group: 'client',
        label: 'Drain queued mutations',
        unit: 's',
        stat: 'total',
        target: targets.drainRate,
      },
    ],
    pull: plans[dataset.size].server.pullClients.map((c) => ({
      id: `server.pull.c${c}`,
      group: 'server',
      label: `Pull throughput, ${c} concurrent clients`,
      unit: 'rows/s',
      stat: 'rate',
    })),
    push: [
      {
        id: 'server.push',
        group: 'server',
        label: 'Push throughput',
        unit: 'mutations/s',
        stat: 'rate',
      },
    ],
    'pti-writes': ptiWriteSpecs(ptiWritePlans[dataset.size]),
    'ui-grid': uiGridSpecs(uiGridPlans[dataset.size].units),
    'ui-queue': uiQueueSpecs(dataset.spec.tickets),
  };
}
