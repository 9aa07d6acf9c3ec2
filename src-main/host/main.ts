import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { createCore } from '../core/create-core.js';
import { createFileLogger } from '../core/logging/file-logger.js';
import { followLogLevel } from '../core/logging/follow-log-level.js';
import { logsDir } from '../core/logging/log-files.js';
import { defaultDataDir } from '../core/paths.js';
import { createKeyFileBox } from '../core/secrets/key-file-box.js';
import { storeFailure } from '../core/store/store-errors.js';
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
const dataDir = defaultDataDir();
// Every line goes to logs/host.log in the data folder (rotated by size) and to stderr.
const logger = createFileLogger({
  dir: logsDir(dataDir),
  name: 'host',
  scope: 'host',
  echo: (line) => process.stderr.write(line + '\n'),
});
// Known once the host listens; a problem report strips it wherever it appears.
let launchToken: string | null = null;

async function main() {
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
    reportSecrets: () => (launchToken ? [launchToken] : []),
  });
  await followLogLevel(core, 'web', (level) => logger.setLevel(level));
  const port = process.env.GATEDESK_HOST_PORT ? Number(process.env.GATEDESK_HOST_PORT) : 0;
  const host = await startWebHost({
    core,
    rendererDir: join(here, '..', 'renderer'),
    logger,
    port,
  });
  launchToken = new URL(host.launchUrl).searchParams.get('token');
  logger.info('web host started', { version, origin: host.origin, demo: demo !== null });
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
  const reason =
    storeFailure(error)?.message ?? (error instanceof Error ? error.message : String(error));
  process.stderr.write(`Gatedesk could not start: ${reason}\n`);
  process.exit(1);
});
