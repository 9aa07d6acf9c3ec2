import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportServer } from '../../../src-server/app.js';
import { migrations } from '../../../src-server/db/migrations/index.js';
import { DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { demoKnowledgeBase } from '../../../src-server/seed/demo-kb.js';
import { createTicket } from '../../../src-server/tickets/create-ticket.js';
import {
  KbSearchResponse,
  KbTopResponse,
  PullResponse,
  SignInResponse,
} from '../../../src-shared/sync-protocol.js';
import { startServerOnPostgres } from '../../helpers/server-db.js';
import { upserts } from '../../helpers/sync-client.js';

type PullPage = PullResponse;

// One seeded server for the file, on the run's PostgreSQL: seeding dominates the run time.
let clockShiftMs = 0;
let server: SupportServer;

beforeAll(async () => {
  server = await startServerOnPostgres({
    label: 'support_server',
    seed: 'demo',
    jobIntervalMs: 0,
    now: () => new Date(Date.now() + clockShiftMs),
  });
});
afterAll(async () => {
  await server?.close();
});

/** A JSON reply; `error` is present only on failures. */
interface Reply {
  status: number;
  body: { error: { code: string; message: string } } & Record<string, unknown>;
}

async function post(path: string, body: unknown, token?: string): Promise<Reply> {
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

async function signIn(account: { email: string; password: string }): Promise<SignInResponse> {
  const { status, body } = await post('/auth/v1/sign-in', account);
  expect(status).toBe(200);
  return SignInResponse.parse(body);
}

/** Pulls page after page until the server says there is no more. */
async function pullAll(token: string, cursor: string | null, limit: number) {
  const pages: PullPage[] = [];
  for (;;) {
    const { status, body } = await post('/sync/v1/pull', { cursor, limit }, token);
    expect(status).toBe(200);
    const page = PullResponse.parse(body);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
    expect(pages.length).toBeLessThan(100);
  }
  return { pages, changes: pages.flatMap((p) => p.changes), cursor: cursor! };
}

describe('health', () => {
  it('names the server and its schema version', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      name: 'gatedesk-support-server',
      schemaVersion: migrations.length,
    });
  });

  it('listens on loopback', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('sign-in', () => {
  it('returns tokens and the account for the demo technician, whatever the email case', async () => {
    const session = await signIn({
      ...DEMO_TECHNICIAN,
      email: DEMO_TECHNICIAN.email.toUpperCase(),
    });
    expect(session.user).toMatchObject({
      email: DEMO_TECHNICIAN.email,
      role: 'technician',
      organisationId: null,
    });
    expect(session.accessToken).not.toBe(session.refreshToken);
    const lifetime = Date.parse(session.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(30 * 60 * 1000);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrongPassword = await post('/auth/v1/sign-in', {
      email: DEMO_TECHNICIAN.email,
      password: 'not-it',
    });
    const unknownEmail = await post('/auth/v1/sign-in', {
      email: 'nobody@demo.gatedesk.test',
      password: 'not-it',
    });
    const expected = {
      error: { code: 'unauthorized', message: 'Email or password is not correct.' },
    };
    expect(wrongPassword).toEqual({ status: 401, body: expected });
    expect(unknownEmail).toEqual({ status: 401, body: expected });
  });

  it('does not sign in seeded colleagues who have no password', async () => {
    const { status } = await post('/auth/v1/sign-in', {
      email: 'marcus.oyelaran@support.gatedesk.test',
      password: 'x',
    });
    expect(status).toBe(401);
  });

  it('says which field is wrong and how to fix it', async () => {
    const badEmail = await post('/auth/v1/sign-in', { email: 'tech-at-demo', password: 'x' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.code).toBe('invalid_input');
    expect(badEmail.body.error.message).toMatch(/email: must be an email address/);

    const missing = await post('/auth/v1/sign-in', { email: DEMO_TECHNICIAN.email });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/password: is required/);

    const extra = await post('/auth/v1/sign-in', { ...DEMO_TECHNICIAN, remember: true });
    expect(extra.body.error.message).toMatch(/unknown field "remember"/);
  });

  it('rejects a body that is not JSON in the same error shape', async () => {
    const { status, body } = await post('/auth/v1/sign-in', '{"email": ');
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'invalid_input',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('refreshes a session and retires the old tokens', async () => {
    const first = await signIn(DEMO_TECHNICIAN);
    const refreshed = await post('/auth/v1/refresh', { refreshToken: first.refreshToken });
    expect(refreshed.status).toBe(200);
    const second = SignInResponse.parse(refreshed.body);
    expect(
      (await post('/sync/v1/pull', { cursor: null, limit: 1 }, first.accessToken)).status,
    ).toBe(401);
    expect(
      (await post('/sync/v1/pull', { cursor: null, limit: 1 }, second.accessToken)).status,
    ).toBe(200);
    expect((await post('/auth/v1/refresh', { refreshToken: first.refreshToken })).status).toBe(401);
  });
});

describe('pull', () => {
  it('refuses a request without a valid, unexpired token', async () => {
    const none = await post('/sync/v1/pull', { cursor: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');

    expect((await post('/sync/v1/pull', { cursor: null }, 'gda_made-up')).status).toBe(401);

    const session = await signIn(DEMO_TECHNICIAN);
    clockShiftMs = 2 * 60 * 60 * 1000;
    try {
      const expired = await post('/sync/v1/pull', { cursor: null }, session.accessToken);
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toMatch(/expired/);
    } finally {
      clockShiftMs = 0;
    }
  });

  it('bootstraps in pages that hold every ticket exactly once, in commit order', async () => {
    const { accessToken } = await signIn(DEMO_TECHNICIAN);
    const { pages, changes } = await pullAll(accessToken, null, 50);

    expect(pages.at(-1)!.hasMore).toBe(false);
    for (const page of pages.slice(0, -1)) {
      expect(page.hasMore).toBe(true);
      expect(page.changes).toHaveLength(50);
    }
    const versions = changes.map((c) => BigInt(c.op === 'upsert' ? c.row.version : c.version));
    expect(versions).toEqual([...versions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(versions).size).toBe(versions.length);

    const tickets = upserts(changes, 'tickets');
    const stored = await server.db
      .selectFrom('tickets')
      .select(['id', 'organisation_id'])
      .execute();
    expect(tickets.map((t) => t.id).sort()).toEqual(stored.map((t) => t.id).sort());
    expect(new Set(tickets.map((t) => t.organisationId)).size).toBe(4);
    expect(upserts(changes, 'sites')).toHaveLength(10);
    expect(upserts(changes, 'users').length).toBeGreaterThan(5);
  });

  it('delivers a ticket created after the cursor on the next pull, numbered by product line', async () => {
    const { accessToken } = await signIn(DEMO_TECHNICIAN);
    const { cursor } = await pullAll(accessToken, null, 1000);
    const idle = await post('/sync/v1/pull', { cursor }, accessToken);
    expect(idle.body).toMatchObject({ hasMore: false, changes: [], cursor });

    const organisation = await server.db
      .selectFrom('organisations')
      .select('id')
      .executeTakeFirstOrThrow();
    const created = await createTicket(server.db, {
      organisationId: organisation.id,
      subject: 'Gate keypad offline at the RV lot',
      description: 'The RV lot keypad shows OFFLINE since this morning.',
      category: 'technical',
      productLine: 'pti_hardware',
      priority: 'high',
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.number).toMatch(/^HW\d{8}$/);
    expect(created.value.status).toBe('NEW');

    const next = await post('/sync/v1/pull', { cursor }, accessToken);
    const page = PullResponse.parse(next.body);
    expect(page.changes).toEqual([{ table: 'tickets', op: 'upsert', row: created.value }]);
    expect(page.hasMore).toBe(false);
    expect(page.cursor).not.toBe(cursor);

    const numbers = await server.db
      .selectFrom('tickets')
      .select('number')
      .where('number', 'like', 'HW%')
      .execute();
    const highest = numbers
      .map((n) => n.number)
      .sort()
      .at(-1);
    expect(highest).toBe(created.value.number);
  });

  it("gives a site manager only their organisation's tickets and sites, and staff plus colleagues", async () => {
    const session = await signIn(DEMO_SITE_MANAGER);
    const organisationId = session.user.organisationId!;
    expect(organisationId).toBeTruthy();
    const { changes } = await pullAll(session.accessToken, null, 50);

    const tickets = upserts(changes, 'tickets');
    const expected = await server.db
      .selectFrom('tickets')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute();
    expect(tickets.length).toBe(expected.length);
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((t) => t.organisationId === organisationId)).toBe(true);
    expect(upserts(changes, 'sites').every((s) => s.organisationId === organisationId)).toBe(true);

    const users = upserts(changes, 'users');
    expect(
      users.every((u) => u.organisationId === organisationId || u.organisationId === null),
    ).toBe(true);
    expect(users.some((u) => u.role === 'technician')).toBe(true);
    expect(users.every((u) => !('passwordHash' in u) && !('password_hash' in u))).toBe(true);
  });

  it('explains a cursor it did not issue and an unknown scope', async () => {
    const { accessToken } = await signIn(DEMO_TECHNICIAN);
    const forged = await post('/sync/v1/pull', { cursor: 'not a cursor' }, accessToken);
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/cursor: this is not a cursor this server issued/);

    const scope = await post(
      '/sync/v1/pull',
      { cursor: null, scopes: ['tickets', 'invoices'] },
      accessToken,
    );
    expect(scope.status).toBe(400);
    expect(scope.body.error.message).toMatch(/scopes\.1: "invoices" is not a scope/);

    const limit = await post('/sync/v1/pull', { cursor: null, limit: 0 }, accessToken);
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/^Invalid input — limit:/);
  });

  it('answers 410 to a cursor from ahead of this database so the client starts over', async () => {
    const { accessToken } = await signIn(DEMO_TECHNICIAN);
    const future = Buffer.from('v1:999999999').toString('base64url');
    const { status, body } = await post('/sync/v1/pull', { cursor: future }, accessToken);
    expect(status).toBe(410);
    expect(body.error.code).toBe('cursor_gone');
  });

  it('limits a pull to the scopes asked for', async () => {
    const { accessToken } = await signIn(DEMO_TECHNICIAN);
    const { status, body } = await post(
      '/sync/v1/pull',
      { cursor: null, scopes: ['sites'] },
      accessToken,
    );
    expect(status).toBe(200);
    const page = PullResponse.parse(body);
    expect(page.changes).toHaveLength(10);
    expect(page.changes.every((c) => c.table === 'sites')).toBe(true);
  });
});

describe('demo threads', () => {
  it('give staff the whole timeline and customers everything but internal notes', async () => {
    const staff = await pullAll((await signIn(DEMO_TECHNICIAN)).accessToken, null, 1000);
    const staffMessages = upserts(staff.changes, 'messages');
    expect(new Set(staffMessages.map((m) => m.kind))).toEqual(
      new Set(['public', 'internal', 'system']),
    );

    const manager = await signIn(DEMO_SITE_MANAGER);
    const { changes } = await pullAll(manager.accessToken, null, 1000);
    const tickets = new Set(upserts(changes, 'tickets').map((t) => t.id));
    const messages = upserts(changes, 'messages');
    expect(messages.length).toBeGreaterThan(50);
    expect(messages.every((m) => tickets.has(m.ticketId))).toBe(true);
    expect(messages.some((m) => m.kind === 'internal')).toBe(false);
    const internalIds = new Set(
      staffMessages.filter((m) => m.kind === 'internal').map((m) => m.id),
    );
    expect(messages.some((m) => internalIds.has(m.id))).toBe(false);
  });

  it('resolved and closed tickets carry when they were resolved', async () => {
    const { changes } = await pullAll((await signIn(DEMO_TECHNICIAN)).accessToken, null, 1000);
    const tickets = upserts(changes, 'tickets');
    for (const ticket of tickets) {
      if (ticket.status === 'RESOLVED' || ticket.status === 'CLOSED') {
        expect(ticket.resolvedAt, ticket.number).not.toBeNull();
      } else {
        expect(ticket.resolvedAt, ticket.number).toBeNull();
      }
    }
  });
});

describe('knowledge base', () => {
  it("syncs PTI's portal sections and their articles to every signed-in user", async () => {
    const { changes } = await pullAll((await signIn(DEMO_SITE_MANAGER)).accessToken, null, 1000);
    const sections = upserts(changes, 'kb_sections');
    expect(sections.map((s) => s.title)).toEqual(
      expect.arrayContaining([
        'Software',
        'DigiGate',
        'RMA (Return Merchandise Authorization)',
        'How to Use the Customer Portal',
        'Hardware',
        'Upgrade to Preferred Support',
        'Intercoms',
        'Gates',
        'Door Alarms',
        'PTI Keypads',
        'Elevators',
      ]),
    );
    const articles = upserts(changes, 'kb_articles');
    const sectionIds = new Set(sections.map((s) => s.id));
    expect(articles.length).toBe(demoKnowledgeBase.flatMap((s) => s.articles).length);
    expect(articles.every((a) => sectionIds.has(a.sectionId))).toBe(true);
  });

  it('finds an article by a word in its body, with stemming', async () => {
    const { accessToken } = await signIn(DEMO_SITE_MANAGER);
    const search = async (q: string) => {
      const response = await fetch(`${server.url}/kb/v1/search?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(response.status).toBe(200);
      return KbSearchResponse.parse(await response.json()).hits;
    };
    // "gasket" appears only in the body of the intercom echo article.
    const gasket = await search('gasket');
    expect(gasket.map((h) => h.title)).toEqual(['Echo or howling on the intercom']);
    expect(gasket[0]!.snippet).toMatch(/gasket/);
    // "rebooting" finds "keeps rebooting" and "Repeated reboots".
    expect((await search('controller rebooting')).map((h) => h.title)).toContain(
      'DigiGate controller keeps rebooting',
    );
    expect(await search('zeppelin')).toEqual([]);

    const unauthenticated = await fetch(`${server.url}/kb/v1/search?q=gate`);
    expect(unauthenticated.status).toBe(401);
    const tooLong = await fetch(`${server.url}/kb/v1/search?q=${'a'.repeat(300)}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(tooLong.status).toBe(400);
  });

  it('ranks top articles by views, and counts a view', async () => {
    const { accessToken } = await signIn(DEMO_TECHNICIAN);
    const top = async (limit: number) => {
      const response = await fetch(`${server.url}/kb/v1/top?limit=${limit}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      return KbTopResponse.parse(await response.json()).articles;
    };
    const ranked = await top(50);
    expect(ranked.length).toBeGreaterThan(30);
    const counts = ranked.map((a) => a.viewCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect((await top(3)).map((a) => a.title)).toEqual(ranked.slice(0, 3).map((a) => a.title));

    const least = ranked.at(-1)!;
    const viewed = await fetch(`${server.url}/kb/v1/articles/${least.id}/view`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(viewed.status).toBe(204);
    const after = (await top(50)).find((a) => a.id === least.id);
    expect(after?.viewCount).toBe(least.viewCount + 1);

    const unknown = await fetch(`${server.url}/kb/v1/articles/nope/view`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('errors', () => {
  it('answers an unknown route in the error shape', async () => {
    const response = await fetch(`${server.url}/sync/v1/nothing`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});
