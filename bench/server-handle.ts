import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { bundleEntry } from './bundle.js';
import type { DatasetSize } from './dataset.js';
import type { BenchAccount, FromServer, ServerConfig, ToServer } from './server-protocol.js';

export interface BenchServer {
  url: string;
  accounts: Map<string, BenchAccount>;
  loadSeconds: number;
  /** Synced tables the dataset filled on this server, and the rows a full pull returns. */
  tables: string[];
  syncedRows: number;
  /** Commits are reported only while watching (a message per commit costs the server time). */
  watchCommits(on: boolean): void;
  /** The next commit reported while watching. */
  nextCommit(timeoutMs?: number): Promise<{ seq: number; at: number }>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  root: string;
  databaseUrl: string;
  size: DatasetSize;
  seed: number;
  accounts: string[];
  onProgress?: (tickets: number, messages: number) => void;
}

/** Starts the benchmark's support server in a child process, loads the dataset and waits for it. */
export async function startBenchServer(options: StartServerOptions): Promise<BenchServer> {
  const script = await bundleEntry(options.root, 'bench/server-process.ts', 'server-process');
  const config: ServerConfig = {
    databaseUrl: options.databaseUrl,
    size: options.size,
    seed: options.seed,
    accounts: options.accounts,
  };
  const child = fork(script, [], {
    cwd: options.root,
    env: { ...process.env, GATEDESK_BENCH_SERVER: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const commits: { seq: number; at: number }[] = [];
  const waiting: ((commit: { seq: number; at: number }) => void)[] = [];
  let exited = false;
  const cleanup = () => rmSync(script, { force: true });

  const ready = new Promise<Extract<FromServer, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (message: FromServer) => {
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.tickets, message.messages);
          break;
        case 'ready':
          resolve(message);
          break;
        case 'failed':
          reject(new Error(`the benchmark server failed: ${message.message}`));
          break;
        case 'commit': {
          const next = waiting.shift();
          if (next) next(message);
          else commits.push(message);
          break;
        }
      }
    });
    child.on('exit', (code) => {
      exited = true;
      cleanup();
      reject(new Error(`the benchmark server exited (code ${code}) before it was ready`));
    });
  });
  let started: Extract<FromServer, { type: 'ready' }>;
  try {
    started = await ready;
  } catch (error) {
    if (!exited) child.kill();
    cleanup();
    throw error;
  }
  const tell = (message: ToServer) => {
    if (!exited && child.connected) child.send(message);
  };
  return {
    url: started.url,
    accounts: new Map(started.accounts.map((a) => [a.key, a])),
    loadSeconds: started.loadSeconds,
    tables: started.tables,
    syncedRows: started.syncedRows,
    watchCommits(on) {
      commits.length = 0;
      tell({ type: 'watch', on });
    },
    nextCommit(timeoutMs = 10_000) {
      const queued = commits.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          reject(new Error(`no commit was reported within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (commit: { seq: number; at: number }) => {
          clearTimeout(timer);
          resolve(commit);
        };
        waiting.push(done);
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      tell({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
      cleanup();
    },
  };
}
