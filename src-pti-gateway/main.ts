import { createPtiGateway } from './app.js';
import { readGatewaySettings } from './env.js';

/** `npm run pti-gateway`: the PTI gateway emulator on its own, configured from the environment. */
async function main(): Promise<void> {
  const read = readGatewaySettings(process.env, process.cwd());
  if (!read.ok) {
    console.error(read.message);
    process.exitCode = 2;
    return;
  }
  const { host, port, dataDir, faults } = read.settings;
  const gateway = await createPtiGateway({ host, port, dataDir, faults, log: true });
  // Signals are handled before the address is printed, so whoever reads it can stop us cleanly.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received; shutting down.`);
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  console.log(`PTI gateway emulator listening on ${gateway.url} (state in ${dataDir})`);
  console.log(`Sites: ${gateway.state.sites.map((s) => s.code).join(', ')}`);
  console.log(
    faults
      ? `Fault switches are on: POST ${gateway.url}/_faults (offline, slowMs, fail5xx).`
      : 'Fault switches are off (set GATEDESK_PTI_FAULTS=1 to enable POST /_faults).',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
