import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { createCore } from '../core/create-core.js';
import { createConsoleLogger } from '../core/logger.js';
import { defaultDataDir } from '../core/paths.js';
import { createKeyFileBox } from '../core/secrets/key-file-box.js';
import { createWorkerStore } from '../core/store/stores.js';
import { startDemo } from '../demo/start-demo.js';
import { startWebHost } from './web-host.js';
import { mkdirSync } from 'node:fs';

/**
 * `node out/main/host.js`: the desktop core in plain Node, served to a browser on loopback.
 * Environment: GATEDESK_DATA_DIR (data directory), GATEDESK_HOST_PORT (default: a free port),
 * GATEDESK_NO_DEMO=1 (do not start the embedded demo).
 */
const here = dirname(fileURLToPath(import.meta.url));
const logger = createConsoleLogger('host');

async function main() {
  const dataDir = defaultDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const demo = process.env.GATEDESK_NO_DEMO === '1' ? null : await startDemo({ dataDir, logger });
  const core = await createCore({
    dataDir,
    shell: 'web',
    version,
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger,
    store: createWorkerStore(new URL('./store-worker.js', import.meta.url)),
    demo,
  });
  const port = process.env.GATEDESK_HOST_PORT ? Number(process.env.GATEDESK_HOST_PORT) : 0;
  const host = await startWebHost({
    core,
    rendererDir: join(here, '..', 'renderer'),
    logger,
    port,
  });
  // The launch URL goes to stdout only (never to a log file): it is how the user gets in.
  process.stdout.write(
    `Gatedesk web host is running. Open this address in your browser:\n  ${host.launchUrl}\n`,
  );

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await core.close();
    await demo?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  logger.error('Gatedesk web host could not start', { error });
  process.stderr.write(
    `Gatedesk could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
