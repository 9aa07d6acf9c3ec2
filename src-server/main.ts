import { createSupportServer } from './app.js';
import { readStandaloneSettings } from './env.js';
import { DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from './seed/demo-accounts.js';

/** `npm run server`: the support server on its own, configured from the environment. */
async function main(): Promise<void> {
  const read = readStandaloneSettings(process.env, process.cwd());
  if (!read.ok) {
    console.error(read.message);
    process.exitCode = 2;
    return;
  }
  const { host, port, dataDir } = read.settings;
  const server = await createSupportServer({ host, port, dataDir, seed: 'demo', log: true });

  console.log(`Gatedesk support server listening on ${server.url} (data in ${dataDir})`);
  if (server.seededDemo) {
    console.log(
      `Seeded demo data. Demo accounts: ${DEMO_TECHNICIAN.email} and ${DEMO_SITE_MANAGER.email}.`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received; shutting down.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
