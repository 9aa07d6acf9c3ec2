import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupportServer, type SupportServer } from '../../../src-server/app.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { createAccount, createOrganisation, type TestAccount } from '../../helpers/accounts.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { callOk, heldClock, openCore } from './support/client-fixture.js';
import {
  clientView,
  impatientFetch,
  messagesWithBody,
  serverView,
  settle,
} from './support/fault-clients.js';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';

/**
 * PostgreSQL stops and starts again while two technicians keep working and syncing. While it is
 * down the server answers a clear 503 (with Retry-After) rather than a 500; its pool comes back
 * by itself; both clients converge with every change applied exactly once.
 */
let postgres: OwnPostgres;
let server: SupportServer;
let work: ReturnType<typeof tempDir>;
let techs: TestAccount[];
let siteId: string;

beforeAll(async () => {
  work = tempDir('faults-postgres');
  postgres = await startOwnPostgres();
  // the lifecycle jobs run too, every 200 ms: they must live through the outage as well
  server = await createSupportServer({ databaseUrl: postgres.url, jobIntervalMs: 200 });
  const organisation = await createOrganisation(server.db, { name: 'Harbor Point Self Storage' });
  siteId = randomUUID();
  await server.db
    .insertInto('sites')
    .values({
      id: siteId,
      organisation_id: organisation,
      code: 'HPS777',
      name: 'Harbor Point',
      timezone: 'America/New_York',
      created_at: new Date(),
      updated_at: new Date(),
      version: 0,
    })
    .execute();
  techs = [
    await createAccount(server.db, { role: 'technician', name: 'Dana Whitfield' }),
    await createAccount(server.db, { role: 'technician', name: 'Marcus Oyelaran' }),
  ];
});
afterAll(async () => {
  await server?.close();
  await postgres?.remove();
  work?.remove();
});

async function technician(index: number): Promise<Core> {
  const account = techs[index]!;
  const core = await openCore(join(work.path, `tech-${index}`), {
    fetch: impatientFetch(5_000),
    clock: heldClock,
  });
  const profile = await callOk(core, 'profiles.add', {
    name: 'Support',
    serverUrl: server.url,
    account: account.email,
  });
  await callOk(core, 'profiles.activate', { id: profile.id });
  await callOk(core, 'profiles.signIn', { password: account.password });
  return core;
}

describe('PostgreSQL restarted under load', () => {
  it('answers 503 while it is down, recovers by itself, and the clients converge', async () => {
    const clients = [await technician(0), await technician(1)];
    const ticket = await callOk(clients[0]!, 'tickets.create', {
      siteId,
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'high',
      subject: 'Gate controller offline',
      description: 'The gate does not answer the keypad.',
      attachments: [],
    });
    for (const c of clients) await settle(c);
    const session = await (
      await fetch(`${server.url}/auth/v1/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: techs[0]!.email, password: techs[0]!.password }),
      })
    ).json();
    const token = (session as { accessToken: string }).accessToken;

    // both technicians keep replying and syncing until told to stop
    const written: string[] = [];
    let working = true;
    const states: string[] = [];
    const work = async (core: Core, who: number) => {
      for (let i = 0; working; i++) {
        const body = `Technician ${who}, reply ${i}`;
        await callOk(core, 'tickets.reply', { ticketId: ticket.id, body });
        written.push(body);
        const state = await callOk(core, 'sync.now', {});
        states.push(`${state.status}: ${state.lastError ?? ''}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const load = clients.map((c, who) => work(c, who));
    await new Promise((r) => setTimeout(r, 400));

    // a connection checked out between two queries when PostgreSQL goes: the next query fails,
    // and the process must not die of the dropped connection
    let stopped: () => void = () => {};
    const held = server.db
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom('sync_clock').select('seq').execute();
        await new Promise<void>((resolve) => (stopped = resolve));
        await trx.selectFrom('sync_clock').select('seq').execute();
      })
      .then(
        () => 'went through',
        () => 'failed',
      );
    await new Promise((r) => setTimeout(r, 50));
    await postgres.stop();
    stopped();
    expect(await held).toBe('failed');
    const downAnswers: { status: number; retryAfter: string | null; body: unknown }[] = [];
    for (const path of ['/sync/v1/pull', '/sync/v1/push']) {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(
          path.endsWith('pull')
            ? { cursor: null }
            : {
                clientId: randomUUID(),
                mutations: [
                  {
                    id: randomUUID(),
                    name: 'ticket.reply',
                    args: { ticketId: ticket.id, messageId: randomUUID(), body: 'while down' },
                    baseVersion: null,
                  },
                ],
              },
        ),
      });
      downAnswers.push({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: await response.json(),
      });
    }
    await new Promise((r) => setTimeout(r, 800));
    await postgres.start();
    await new Promise((r) => setTimeout(r, 800));
    working = false;
    await Promise.all(load);

    for (const answer of downAnswers)
      expect(answer).toEqual({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        body: {
          error: {
            code: 'unavailable',
            message: expect.stringMatching(/cannot reach its database/),
          },
        },
      });
    // the clients said so too, in the server's words, and kept their changes
    expect(
      states.some((s) => /cannot reach its database/.test(s)),
      states.join('\n'),
    ).toBe(true);
    expect(
      states.some((s) => /unexpected problem/.test(s)),
      states.join('\n'),
    ).toBe(false);

    for (const c of clients) await settle(c);
    for (const c of clients) await settle(c);
    for (const body of written) expect(await messagesWithBody(server.db, body), body).toBe(1);
    expect(await messagesWithBody(server.db, 'while down')).toBe(0);
    const expected = await serverView(server.db);
    for (const c of clients) expect(await clientView(c)).toEqual(expected);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    for (const c of clients) await c.close();
  });
});
