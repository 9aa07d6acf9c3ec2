import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-server/db/database.js';
import type { Database } from '../../../src-server/db/schema.js';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { freshDatabaseUrl } from '../../helpers/server-db.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { callOk, heldClock, openCore } from './support/client-fixture.js';
import {
  clientView,
  countOnServer,
  impatientFetch,
  messagesWithBody,
  serverView,
  settle,
} from './support/fault-clients.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * The support server process is killed (SIGKILL) while a client's push is being applied, and
 * started again on the same database. The client, which saw its request fail, sends again: every
 * change lands exactly once and the client converges with the server.
 */
const REPLIES = 120;
let work: ReturnType<typeof tempDir>;
let databaseUrl: string;
let db: Kysely<Database>;
let server: ServerProcess | null = null;

const serverEnv = (port: string) => ({
  DATABASE_URL: databaseUrl,
  PORT: port,
  GATEDESK_SEED: 'demo',
  GATEDESK_SERVER_DATA: join(work.path, 'server'),
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  work = tempDir('faults-kill');
  databaseUrl = await freshDatabaseUrl('faults_kill');
  server = await startServerProcess(serverEnv('0'));
  db = (await openDatabase({ databaseUrl, poolSize: 2 })).db;
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await db?.destroy();
  work?.remove();
});

describe('the server killed mid-push', () => {
  it('applies every change once after a restart on the same database', async () => {
    const url = server!.url;
    let online = true;
    const reachable = impatientFetch(10_000);
    const core: Core = await openCore(join(work.path, 'client'), {
      fetch: (input, init) =>
        online ? reachable(input, init) : Promise.reject(new TypeError('fetch failed')),
      clock: heldClock,
    });
    try {
      const profile = await callOk(core, 'profiles.add', {
        name: 'Support',
        serverUrl: url,
        account: DEMO_TECHNICIAN.email,
      });
      await callOk(core, 'profiles.activate', { id: profile.id });
      await callOk(core, 'profiles.signIn', { password: DEMO_TECHNICIAN.password });
      await settle(core);

      // a morning offline: many replies and a status change queue up
      online = false;
      const { rows } = await callOk(core, 'tickets.list', { status: ['OPEN'], limit: 20 });
      expect(rows.length).toBeGreaterThan(0);
      const bodies: string[] = [];
      for (let i = 0; i < REPLIES; i++) {
        const body = `Killed mid-push, reply ${i}`;
        bodies.push(body);
        await callOk(core, 'tickets.reply', { ticketId: rows[i % rows.length]!.id, body });
      }
      await callOk(core, 'tickets.setPriority', { ticketId: rows[0]!.id, priority: 'critical' });
      online = true;

      // the push goes out; the server dies as soon as it has applied some of it
      const pushing = core.dispatch('sync.now', {}, { shell: 'test' });
      const applied = () =>
        countOnServer(
          db,
          sql<{
            n: string | number;
          }>`SELECT COUNT(*) AS n FROM messages WHERE body LIKE 'Killed mid-push, reply %'`,
        );
      const deadline = Date.now() + 30_000;
      while ((await applied()) === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      await server!.stop('SIGKILL');
      server = null;
      const atKill = await applied();
      expect(atKill).toBeGreaterThan(0);
      console.log(`applied at the kill: ${atKill} of ${REPLIES}`);
      const cut = await pushing;
      expect(cut.ok).toBe(true);

      server = await startServerProcess(serverEnv(new URL(url).port));
      expect(server.url).toBe(url);
      await settle(core);

      for (const body of bodies) expect(await messagesWithBody(db, body), body).toBe(1);
      expect(await callOk(core, 'sync.attention.list', {})).toEqual([]);
      expect(await clientView(core)).toEqual(await serverView(db));
      expect(await callOk(core, 'tickets.get', { id: rows[0]!.id })).toMatchObject({
        priority: 'critical',
        pending: false,
      });
    } finally {
      await core.close();
    }
  });
});
