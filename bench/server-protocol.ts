import type { DatasetSize } from './dataset.js';

/** What the runner tells the benchmark's server process, and what it answers. */

export interface ServerConfig {
  databaseUrl: string;
  size: DatasetSize;
  seed: number;
  /** Technician accounts to create after the dataset, one per key. */
  accounts: string[];
}

export interface BenchAccount {
  key: string;
  id: string;
  email: string;
  password: string;
}

export type ToServer = { type: 'watch'; on: boolean } | { type: 'stop' };

export type FromServer =
  | { type: 'progress'; tickets: number; messages: number }
  | {
      type: 'ready';
      url: string;
      accounts: BenchAccount[];
      loadSeconds: number;
      /** Synced tables that got rows, and the change-log entries written. */
      tables: string[];
      syncedRows: number;
    }
  /** A transaction committed; `at` is wall-clock milliseconds (performance.timeOrigin based). */
  | { type: 'commit'; seq: number; at: number }
  | { type: 'failed'; message: string };
