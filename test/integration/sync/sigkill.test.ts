import { sql } from 'kysely';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupportServer, type SupportServer } from '../../../src-server/app.js';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import {
  createSupportClient,
  NetworkError,
  type SupportClient,
} from '../../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.js';
import { startHostProcess } from '../../helpers/host-process.js';
import { tempDir } from '../../helpers/temp-dir.js';

// A real client process is killed with SIGKILL while it pushes; restarted from its database
// file it must finish the job with every reply applied exactly once.
const REPLIES = 150;
let server: SupportServer;
let dir: ReturnType<typeof tempDir>;

const openCore = (dataDir: string, client: SupportClient): Promise<Core> =>
  createCore({
    dataDir,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: { info() {}, warn() {}, error() {} },
    store: createInlineStore(),
    demo: {
      serverUrl: server.url,
      gatewayUrl: '',
      account: DEMO_TECHNICIAN,
      close: async () => {},
    },
    live: false,
    client,
  });

async function call<K extends CallName>(
  core: Core,
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  const result = await core.dispatch(name, input, { shell: 'test' });
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as CallOutput<K>;
}

const repliesOnServer = async () => {
  const { rows } = await sql<{
    n: string | number;
  }>`SELECT COUNT(*) AS n FROM messages WHERE body LIKE 'kill-test %'`.execute(server.db);
  return Number(rows[0]?.n ?? 0);
};

beforeAll(async () => {
  dir = tempDir('sigkill');
  server = await createSupportServer({ seed: 'demo' });
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
});

describe('a client killed mid-sync', () => {
  it('resumes from its database file and applies every queued reply exactly once', async () => {
    const dataDir = join(dir.path, 'client');
    const real = createSupportClient({ baseUrl: server.url });
    // queue the work while pushes cannot get through
    const noPush: SupportClient = {
      ...real,
      push: () => Promise.reject(new NetworkError('held back for the test')),
    };
    const prep = await openCore(dataDir, noPush);
    await call(prep, 'sync.now', {});
    const { rows } = await call(prep, 'tickets.list', {
      status: ['OPEN', 'NEW', 'ANSWERED'],
      limit: 50,
    });
    for (let i = 0; i < REPLIES; i++) {
      await call(prep, 'tickets.reply', {
        ticketId: rows[i % rows.length]!.id,
        body: `kill-test ${i}`,
      });
    }
    expect((await call(prep, 'sync.state', {})).pendingCount).toBe(REPLIES);
    await prep.close();

    // the real client process pushes; kill it as soon as the server has committed something
    const env = { GATEDESK_DATA_DIR: dataDir, GATEDESK_NO_DEMO: '1' };
    const first = await startHostProcess(env);
    const deadline = Date.now() + 30_000;
    while ((await repliesOnServer()) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    await first.stop('SIGKILL');
    const atKill = await repliesOnServer();
    expect(atKill).toBeGreaterThan(0);

    const second = await startHostProcess(env);
    const until = Date.now() + 30_000;
    while ((await repliesOnServer()) < REPLIES && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // let a duplicate, if any, land
    await second.stop('SIGTERM');

    const { rows: counts } = await sql<{
      total: string | number;
      distinct_bodies: string | number;
    }>`
      SELECT COUNT(*) AS total, COUNT(DISTINCT body) AS distinct_bodies FROM messages WHERE body LIKE 'kill-test %'`.execute(
      server.db,
    );
    expect(Number(counts[0]!.total)).toBe(REPLIES);
    expect(Number(counts[0]!.distinct_bodies)).toBe(REPLIES);

    const after = await openCore(dataDir, real);
    const state = await call(after, 'sync.now', {});
    expect(state).toMatchObject({ pendingCount: 0, needsAttentionCount: 0 });
    await after.close();
  });
});
