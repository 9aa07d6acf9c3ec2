import { measureBootstrap, openClient, type ClientOptions } from './client.js';
import type {
  ClientJob,
  ClientProcessConfig,
  FromClientProcess,
  JobResults,
} from './client-protocol.js';
import { measureWritesAndDrain } from './writes-bench.js';

/**
 * The client's measurements that stand for the app's main thread, in a process of their own
 * holding what that process holds (the core, its store worker, the HTTP client) and nothing of
 * the benchmark's.
 */
async function main(): Promise<void> {
  const config = JSON.parse(
    process.env.GATEDESK_BENCH_CLIENT ?? 'null',
  ) as ClientProcessConfig | null;
  if (!config) throw new Error('GATEDESK_BENCH_CLIENT is not set: start this through the runner.');
  const options: ClientOptions = { ...config, workerUrl: new URL(config.workerUrl) };
  await answer({ type: 'done', result: await run(config.job, options) });
}

async function run(job: ClientJob, options: ClientOptions): Promise<JobResults[ClientJob['type']]> {
  if (job.type === 'bootstrap') return measureBootstrap(options);
  const client = await openClient(options);
  try {
    return await measureWritesAndDrain(client, job.technicianIds, job.plan);
  } finally {
    await client.close();
  }
}

function answer(message: FromClientProcess): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, () => resolve());
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await answer({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  },
);
