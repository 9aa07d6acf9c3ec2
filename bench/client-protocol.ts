import type { BootstrapMeasurement } from './client.js';
import type { ClientPlan } from './client-plan.js';
import type { Figure } from './figures.js';

/** A measurement made in a process holding only the client, as the app's main process does. */
export type ClientJob =
  { type: 'bootstrap' } | { type: 'writes'; plan: ClientPlan; technicianIds: string[] };

export interface JobResults {
  bootstrap: BootstrapMeasurement;
  writes: Figure[];
}

/** What the runner tells the client's process (as JSON in GATEDESK_BENCH_CLIENT). */
export interface ClientProcessConfig {
  dataDir: string;
  /** The built store worker, as a file URL. */
  workerUrl: string;
  serverUrl: string;
  account: { email: string; password: string };
  timeoutMs: number;
  job: ClientJob;
}

/** Its one answer, before it exits. */
export type FromClientProcess =
  { type: 'done'; result: JobResults[ClientJob['type']] } | { type: 'failed'; message: string };
