import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createSupportServer } from '../src-server/app.js';
import { hashPassword } from '../src-server/auth/password.js';
import { createDataset } from './dataset.js';
import type { BenchAccount, FromServer, ServerConfig, ToServer } from './server-protocol.js';
import { loadServerDataset } from './server-load.js';

/**
 * The support server for the benchmark, in its own process: its event loop and CPU time are its
 * own, as on a real server, so the client's figures measure the client. It creates nothing but
 * what the benchmark asks: the dataset, then the benchmark's accounts.
 */

const send = (message: FromServer) => process.send?.(message);
const wallClock = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const config = JSON.parse(process.env.GATEDESK_BENCH_SERVER ?? 'null') as ServerConfig | null;
  if (!config) throw new Error('GATEDESK_BENCH_SERVER is not set: start this through the runner.');
  const server = await createSupportServer({
    databaseUrl: config.databaseUrl,
    jobIntervalMs: 0,
  });
  let watching = false;
  server.notifier.subscribe((changes) => {
    if (!watching) return;
    send({ type: 'commit', seq: Math.max(...changes.map((c) => c.seq)), at: wallClock() });
  });
  process.on('message', (message: ToServer) => {
    if (message.type === 'watch') watching = message.on;
    if (message.type === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });

  // Migrations may have written synced rows (settings): the dataset's versions follow them.
  const head = await server.db
    .selectFrom('sync_clock')
    .select('seq')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const dataset = createDataset(config.size, config.seed, { seqBase: Number(head.seq) });
  const started = wallClock();
  let reported = 0;
  const loaded = await loadServerDataset(config.databaseUrl, dataset, (done) => {
    if (
      done.tickets - reported >= dataset.spec.tickets / 10 ||
      done.tickets === dataset.spec.tickets
    ) {
      reported = done.tickets;
      send({ type: 'progress', tickets: done.tickets, messages: done.messages });
    }
  });
  const loadSeconds = (wallClock() - started) / 1000;

  const accounts: BenchAccount[] = await Promise.all(
    config.accounts.map(async (key) => {
      const password = randomBytes(18).toString('base64url');
      const id = randomUUID();
      const email = `bench-${key}@bench.test`;
      const now = new Date();
      await server.db
        .insertInto('users')
        .values({
          id,
          name: `Bench ${key}`,
          email,
          role: 'technician',
          organisation_id: null,
          timezone: 'America/New_York',
          password_hash: await hashPassword(password),
          created_at: now,
          updated_at: now,
          version: 0,
        })
        .execute();
      return { key, id, email, password };
    }),
  );
  send({ type: 'ready', url: server.url, accounts, loadSeconds, ...loaded });
}

main().catch((error: unknown) => {
  send({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
