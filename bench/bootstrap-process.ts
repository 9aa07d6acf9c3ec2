import type { BootstrapConfig, FromBootstrap } from './bootstrap-protocol.js';
import { measureBootstrap } from './client.js';

/**
 * The client's bootstrap in a process of its own, holding what the app's main process holds
 * (the core, its store worker, the HTTP client) and nothing of the benchmark's.
 */
async function main(): Promise<void> {
  const config = JSON.parse(
    process.env.GATEDESK_BENCH_BOOTSTRAP ?? 'null',
  ) as BootstrapConfig | null;
  if (!config)
    throw new Error('GATEDESK_BENCH_BOOTSTRAP is not set: start this through the runner.');
  const measurement = await measureBootstrap({ ...config, workerUrl: new URL(config.workerUrl) });
  await answer({ type: 'done', measurement });
}

function answer(message: FromBootstrap): Promise<void> {
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
