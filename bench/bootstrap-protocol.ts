import type { BootstrapMeasurement } from './client.js';

/** What the runner tells the bootstrap's process (as JSON in GATEDESK_BENCH_BOOTSTRAP). */
export interface BootstrapConfig {
  dataDir: string;
  /** The built store worker, as a file URL. */
  workerUrl: string;
  serverUrl: string;
  account: { email: string; password: string };
  timeoutMs: number;
}

/** Its one answer, before it exits. */
export type FromBootstrap =
  { type: 'done'; measurement: BootstrapMeasurement } | { type: 'failed'; message: string };
