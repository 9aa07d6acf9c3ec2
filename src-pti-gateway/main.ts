import { resolve } from 'node:path';
import { createPtiGateway } from './app.js';

/** The PTI gateway emulator on its own: HOST, PORT (default 4100) and GATEDESK_PTI_DATA choose where. */
async function main(): Promise<void> {
  const portText = process.env.PORT ?? '4100';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535; it is "${portText}".`);
    process.exitCode = 2;
    return;
  }
  const host = process.env.HOST?.trim() || '127.0.0.1';
  const dataDir = resolve(
    process.cwd(),
    process.env.GATEDESK_PTI_DATA?.trim() || '.data/pti-gateway',
  );
  const gateway = await createPtiGateway({ host, port, dataDir, log: true });
  console.log(`PTI gateway emulator listening on ${gateway.url} (state in ${dataDir})`);
  console.log(`Sites: ${gateway.state.sites.map((s) => s.code).join(', ')}`);

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
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
