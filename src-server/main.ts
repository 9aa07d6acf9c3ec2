import { join } from 'node:path';
import { createSupportServer } from './app.js';
import { describeDatabaseUrl } from './db/database.js';
import { readStandaloneSettings } from './env.js';
import { openServerLog, readLogLevel } from './logging.js';
import { readMailEnvironment } from './mail/settings.js';
import { DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from './seed/demo-accounts.js';
import { secretKeyEnvName } from './secrets/server-key.js';

/** `npm run server`: the support server on its own, configured from the environment. */
async function main(): Promise<void> {
  const read = readStandaloneSettings(process.env, process.cwd());
  if (!read.ok) {
    console.error(read.message);
    process.exitCode = 2;
    return;
  }
  const mail = readMailEnvironment(process.env);
  if (!mail.ok) {
    console.error(mail.message);
    process.exitCode = 2;
    return;
  }
  const level = readLogLevel(process.env);
  if (!level.ok) {
    console.error(level.message);
    process.exitCode = 2;
    return;
  }
  const { host, port, databaseUrl, dataDir, seed } = read.settings;
  const logStream = await openServerLog(dataDir);
  const server = await createSupportServer({
    host,
    port,
    ...(databaseUrl === null ? { dataDir } : { databaseUrl }),
    seed,
    log: true,
    logLevel: level.level,
    logStream,
    // Attachments live in the data folder whichever database holds the rest.
    blobDir: join(dataDir, 'blobs'),
    // So does the key sites' PTI secrets are sealed with, unless the environment gives one.
    secretKey: process.env[secretKeyEnvName],
    secretKeyFile: join(dataDir, 'server-secret.key'),
    ...mail.value,
  });

  const store =
    databaseUrl === null ? `data in ${dataDir}` : `database ${describeDatabaseUrl(databaseUrl)}`;
  console.log(`Gatedesk support server listening on ${server.url} (${store})`);
  console.log(`API description: ${server.url}/docs`);
  console.log(`Logs: ${logStream.dir} (LOG_LEVEL=${level.level})`);
  if (!mail.value.mail.smtpUrl) {
    console.log('SMTP_URL is not set: email waits in the outbox and is sent once it is set.');
  }
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
