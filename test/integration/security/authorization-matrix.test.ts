import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TicketStatus } from '../../../src-shared/domain/ticket.js';
import { mutationArgs, mutationNames, type MutationName } from '../../../src-shared/mutations.js';
import type { Role } from '../../../src-shared/sync-protocol.js';
import { createAccount } from '../../helpers/accounts.js';
import { callJson } from '../../helpers/json-api.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import {
  mutation,
  signInSession,
  ticketInStatus,
  type SyncSession,
} from '../../helpers/sync-client.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { callOk, openCore, signedInDataFolder } from './support/client-fixture.js';
import { shapedBy, type JsonSchema } from './support/schema-arbitrary.js';
import { filesUnder } from './support/sealed-secrets.js';
import { fillPath, serverRoutes, type ServerRoute } from './support/server-routes.js';

/**
 * Who may do what, written once as data; every expectation below is derived from it.
 *
 * Dimensions: the four roles; the organisation of the thing acted on — the actor's own or
 * another one (staff belong to none and see every organisation); and, for a site's PTI
 * secrets, whether the actor holds the support PIN the site's manager issued.
 */
const roles: Role[] = ['admin', 'technician', 'site_manager', 'installer'];
const scopes = ['own', 'other'] as const;
type Scope = (typeof scopes)[number];
const isStaff = (role: Role) => role === 'admin' || role === 'technician';

interface Actor {
  role: Role;
  scope: Scope;
  pin: boolean;
}

/** A customer never acts outside their organisation; staff act in every one. */
const inScope = ({ role, scope }: Actor) => isStaff(role) || scope === 'own';

type Who = 'anyone' | 'staff' | 'customer';
const byRole = (who: Who, role: Role) =>
  who === 'anyone' || (who === 'staff' ? isStaff(role) : !isStaff(role));

/** Ticket intents: who may send each, and the ticket it is tried on (a status it is valid in). */
const mutationRules: Partial<
  Record<MutationName, { who: Who; status: TicketStatus | null; args: Record<string, unknown> }>
> = {
  'ticket.create': {
    who: 'anyone',
    status: null,
    args: {
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject: 'Keypad at gate 2 is dark',
      description: 'No display since this morning.',
    },
  },
  'ticket.reply': { who: 'anyone', status: 'OPEN', args: { body: 'Any news?' } },
  'ticket.note': { who: 'staff', status: 'OPEN', args: { body: 'Checked the controller.' } },
  'ticket.setStatus': { who: 'staff', status: 'OPEN', args: { status: 'RESOLVED' } },
  'ticket.reopen': { who: 'anyone', status: 'RESOLVED', args: {} },
  'ticket.setPriority': { who: 'staff', status: 'OPEN', args: { priority: 'critical' } },
  'ticket.assign': { who: 'staff', status: 'OPEN', args: {} },
  'ticket.survey': { who: 'customer', status: 'CLOSED', args: { rating: 'unsatisfied' } },
};
const mayApply = (name: MutationName, actor: Actor) =>
  byRole(mutationRules[name]!.who, actor.role) && inScope(actor);

/**
 * Routes whose answer depends on who asks (the rest only need a valid session, and admin-tagged
 * routes need an admin). `site`: the route acts on a site of organisation A.
 */
interface RouteRule {
  allowed(actor: Actor): boolean;
  /** The PIN dimension applies to this route. */
  pin?: 'redeem' | 'read-after-redeem';
  body?: () => unknown;
}
const siteSecrets = {
  siteKey: 'SK-7F3A-99B2-C0DE',
  username: 'storlogix-hps901',
  password: 'pti-s1te-pw-9',
};
const customerOfOwnSite = (roles: Role[]) => (a: Actor) =>
  a.role === 'admin' || (roles.includes(a.role) && a.scope === 'own');
const routeRules: Record<string, RouteRule> = {
  'PUT /sites/v1/{siteId}/pti-secrets': {
    allowed: customerOfOwnSite(['site_manager', 'installer']),
    body: () => siteSecrets,
  },
  'GET /sites/v1/{siteId}/pti-secrets': {
    // Admins only. A technician sees them once, in the answer to redeeming the site's PIN;
    // having redeemed one does not open this route afterwards.
    allowed: (a) => a.role === 'admin',
    pin: 'read-after-redeem',
  },
  'POST /sites/v1/{siteId}/support-pin': {
    allowed: customerOfOwnSite(['site_manager']),
    body: () => ({}),
  },
  'DELETE /sites/v1/{siteId}/support-pin': { allowed: customerOfOwnSite(['site_manager']) },
  'GET /sites/v1/{siteId}/support-pin': {
    allowed: customerOfOwnSite(['site_manager', 'installer']),
  },
  'POST /sites/v1/{siteId}/support-pin/redeem': {
    allowed: (a) => isStaff(a.role) && a.pin,
    pin: 'redeem',
  },
  'GET /tickets/v1/{id}/sla': { allowed: inScope },
};
const adminOnly = (route: ServerRoute) =>
  route.tags.includes('admin') || route.path.startsWith('/admin/');
/** Reachable without signing in: accounts are requested, activated and recovered from outside. */
const publicRoutes = new Set([
  'GET /health',
  'POST /auth/v1/sign-in',
  'POST /auth/v1/refresh',
  'POST /auth/v1/request-account',
  'POST /auth/v1/activate',
  'POST /auth/v1/request-password-reset',
  'POST /auth/v1/reset-password',
  'GET /account/activate',
  'POST /account/activate',
  'GET /account/reset-password',
  'POST /account/reset-password',
]);

let f: SupportFixture;
let sink: SmtpSink;
let work: ReturnType<typeof tempDir>;
let routes: ServerRoute[];
let noteBody: string;
let noteTicket: string;
let installerB: SyncSession;
const issuedPins: string[] = [];

/** The actor of `role` whose organisation is A (own) or B (other); staff have none. */
function sessionFor(role: Role, scope: Scope): SyncSession {
  if (role === 'admin') return f.as.admin;
  if (role === 'technician') return scope === 'own' ? f.as.tech : f.as.tech2;
  if (role === 'site_manager') return scope === 'own' ? f.as.managerA : f.as.managerB;
  return scope === 'own' ? f.as.installerA : installerB;
}

beforeAll(async () => {
  work = tempDir('authz');
  sink = await startSmtpSink();
  f = await startSupportFixture({
    label: 'authz-matrix',
    mail: { smtpUrl: sink.url, from: 'support@pti.example', pollIntervalMs: 50 },
  });
  const installer = await createAccount(f.server.db, {
    role: 'installer',
    organisationId: f.orgB,
  });
  installerB = await signInSession(f.server.url, installer);
  noteTicket = (await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' })).id;
  noteBody = `Internal: gate controller password is written on the cabinet ${randomUUID()}`;
  const results = await f.as.tech.push([
    mutation('ticket.note', { ticketId: noteTicket, messageId: randomUUID(), body: noteBody }),
    mutation('ticket.reply', {
      ticketId: noteTicket,
      messageId: randomUUID(),
      body: 'We are sending a technician on Tuesday.',
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  const stored = await callJson(f.server.url, 'PUT', `/sites/v1/${f.siteA}/pti-secrets`, {
    token: f.as.managerA.token,
    body: siteSecrets,
  });
  expect(stored.status, JSON.stringify(stored.body)).toBe(200);
  routes = await serverRoutes(f.server.url);
});

afterAll(async () => {
  await f?.server.close();
  await sink?.stop();
  work?.remove();
});

/** Every text that must never reach someone the rules do not allow. */
const secretsIn = (text: string) =>
  [noteBody, siteSecrets.siteKey, siteSecrets.password, ...issuedPins].filter((s) =>
    text.includes(s),
  );

describe('ticket intents, for every role and organisation', () => {
  const cells = Object.keys(mutationRules).flatMap((name) =>
    roles.flatMap((role) => scopes.map((scope) => ({ name: name as MutationName, role, scope }))),
  );

  it.each(cells)(
    '$name by $role on a ticket of $scope organisation',
    async ({ name, role, scope }) => {
      const rule = mutationRules[name]!;
      const actor = { role, scope, pin: false };
      const session = sessionFor(role, scope);
      const ticket = rule.status
        ? await ticketInStatus(f.server.db, { organisationId: f.orgA, status: rule.status })
        : null;
      // Every actor names organisation A's ticket or site: "other" actors belong to B.
      const target = ticket ? { ticketId: ticket.id } : { ticketId: randomUUID(), siteId: f.siteA };
      const extra =
        name === 'ticket.reply' || name === 'ticket.note' ? { messageId: randomUUID() } : {};
      const assignee = name === 'ticket.assign' ? { assigneeId: f.accounts.tech2.id } : {};
      const before = ticket ? await ticketState(ticket.id) : null;
      const [result] = await session.push([
        mutation(name, { ...rule.args, ...target, ...extra, ...assignee }),
      ]);
      const allowed = mayApply(name, actor);
      expect(result!.status, JSON.stringify(result)).toBe(allowed ? 'applied' : 'rejected');
      expect(secretsIn(JSON.stringify(result))).toEqual([]);
      if (!allowed) {
        // Another organisation's ticket reads exactly like one that does not exist.
        if (!inScope(actor) && ticket) expect(result).toMatchObject({ code: 'not_found' });
        if (ticket) expect(await ticketState(ticket.id)).toEqual(before);
      }
    },
  );

  it('has a rule for every ticket intent the server knows', () => {
    const ticketIntents = mutationNames.filter((n) => n.startsWith('ticket.'));
    expect(ticketIntents.filter((n) => !mutationRules[n])).toEqual([]);
  });

  it('never applies any intent a customer sends about another organisation', async () => {
    // Generated for every mutation the server knows, including ones added after this test:
    // valid arguments from the mutation's own schema, pointed at organisation A's ticket or site.
    const openTicket = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'OPEN',
    });
    const checked: string[] = [];
    for (const name of mutationNames) {
      const schema = mutationArgs[name];
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const keys = Object.keys(json.properties ?? {});
      const pointers = keys.filter((k) => /(^|[a-z])(ticketId|siteId)$/i.test(k));
      if (pointers.length === 0) continue;
      const args = fc
        .sample(shapedBy(json), { numRuns: 300, seed: 7 })
        .map((sample) => {
          const copy = { ...(sample as Record<string, unknown>) };
          for (const key of pointers) copy[key] = /ticketId$/i.test(key) ? openTicket.id : f.siteA;
          return copy;
        })
        .find((candidate) => schema.safeParse(candidate).success);
      if (!args) continue;
      for (const session of [f.as.managerB, installerB]) {
        const [result] = await session.push([mutation(name, args)]);
        expect(result!.status, `${name} ${JSON.stringify(result)}`).not.toBe('applied');
      }
      checked.push(name);
    }
    // At least every ticket intent was tried; others join as they are added.
    expect(checked).toEqual(expect.arrayContaining(Object.keys(mutationRules)));
  });
});

async function ticketState(id: string) {
  const row = await f.server.db
    .selectFrom('tickets')
    .select(['version', 'status', 'priority', 'assignee_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const messages = await f.server.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ticket_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...row, messages: Number(messages.n) };
}

describe('every route, for every role, organisation and PIN', () => {
  it('refuses every signed-in route without a session, with a forged one and with an ended one', async () => {
    const signedOut = await signInSession(f.server.url, f.accounts.managerA);
    await callJson(f.server.url, 'POST', '/auth/v1/sign-out', { token: signedOut.token });
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (publicRoutes.has(key)) continue;
      const path = fillPath(route.path, {
        siteId: f.siteA,
        id: noteTicket,
        sha256: 'a'.repeat(64),
      });
      for (const token of [undefined, 'forged-token', signedOut.token]) {
        const answer = await rawStatus(route, path, token);
        expect(answer.status, `${key} with ${token ? 'a bad token' : 'no token'}`).toBe(401);
        expect(secretsIn(answer.text)).toEqual([]);
      }
    }
  });

  it('lets each role through exactly the routes the rules allow', async () => {
    const checked: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      // Signing out ends the session the rest of the matrix uses: checked on its own below.
      if (publicRoutes.has(key) || key === 'POST /auth/v1/sign-out') continue;
      if (route.path.startsWith('/sync/v1/events')) continue;
      const rule = routeRules[key];
      for (const role of roles) {
        for (const scope of scopes) {
          for (const pin of rule?.pin ? [false, true] : [false]) {
            const actor = { role, scope, pin };
            const session = sessionFor(role, scope);
            if (rule?.pin) await preparePin(rule.pin, actor, session);
            const body = rule?.body?.() ?? bodyFor(route);
            const path = fillPath(route.path, {
              siteId: f.siteA,
              id: noteTicket,
              sha256: 'b'.repeat(64),
            });
            const answer = await rawStatus(
              route,
              path,
              session.token,
              rule?.pin === 'redeem' ? { pin: pin ? await freshPin() : '000000' } : body,
            );
            const shown = `${key} as ${role} (${scope} organisation${pin ? ', with PIN' : ''}) → ${answer.status} ${answer.text.slice(0, 200)}`;
            const allowed = rule ? rule.allowed(actor) : adminOnly(route) ? role === 'admin' : true;
            if (allowed) {
              expect([401, 403], shown).not.toContain(answer.status);
              if (rule) expect(answer.status, shown).toBeLessThan(300);
            } else {
              expect([403, 404], shown).toContain(answer.status);
              // Someone who cannot see the thing at all is told it does not exist.
              if (rule && !inScope(actor)) expect(answer.status, shown).toBe(404);
            }
            const leaked = secretsIn(answer.text);
            const mayHoldSecrets = allowed && /pti-secrets|redeem/.test(route.path);
            if (!mayHoldSecrets) expect(leaked, shown).toEqual([]);
          }
        }
      }
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThan(10);
  });

  it('lets every role sign out of its own session, and only that one', async () => {
    for (const role of roles) {
      const account = {
        admin: f.accounts.admin,
        technician: f.accounts.tech,
        site_manager: f.accounts.managerA,
        installer: f.accounts.installerA,
      }[role];
      const [mine, other] = [
        await signInSession(f.server.url, account),
        await signInSession(f.server.url, account),
      ];
      const out = await callJson(f.server.url, 'POST', '/auth/v1/sign-out', { token: mine.token });
      expect(out.status).toBe(204);
      expect(
        (await callJson(f.server.url, 'GET', '/account/v1/settings', { token: mine.token })).status,
      ).toBe(401);
      expect(
        (await callJson(f.server.url, 'GET', '/account/v1/settings', { token: other.token }))
          .status,
      ).toBe(200);
    }
  });
});

/** A body that passes the route's schema, so a refusal is about who asks, not what is sent. */
function bodyFor(route: ServerRoute): unknown {
  if (!route.body) return route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
  return fc.sample(shapedBy(route.body), { numRuns: 1, seed: 3 })[0];
}

async function freshPin(): Promise<string> {
  const issued = await callJson(f.server.url, 'POST', `/sites/v1/${f.siteA}/support-pin`, {
    token: f.as.managerA.token,
    body: {},
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  const pin = (issued.body as { pin: string }).pin;
  issuedPins.push(pin);
  return pin;
}

/** "With PIN" for reading the secrets: the actor has just redeemed a PIN the manager issued. */
async function preparePin(
  kind: 'redeem' | 'read-after-redeem',
  actor: Actor,
  session: SyncSession,
) {
  if (kind !== 'read-after-redeem' || !actor.pin) return;
  const pin = await freshPin();
  await callJson(f.server.url, 'POST', `/sites/v1/${f.siteA}/support-pin/redeem`, {
    token: session.token,
    body: { pin },
  });
}

async function rawStatus(
  route: ServerRoute,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(f.server.url + path, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('internal notes and site secrets never leak', () => {
  it('through sync pulls: notes reach staff only, secrets reach nobody', async () => {
    for (const [who, session] of Object.entries({ ...f.as, installerB })) {
      const { changes } = await session.pullAll(null);
      const text = JSON.stringify(changes);
      const staff = who === 'tech' || who === 'tech2' || who === 'admin';
      expect(text.includes(noteBody), who).toBe(staff);
      expect(text).not.toContain(siteSecrets.siteKey);
      expect(text).not.toContain(siteSecrets.password);
    }
  });

  it('through the knowledge base search, for every role', async () => {
    const word = noteBody.split(' ').at(-1)!;
    for (const session of [...Object.values(f.as), installerB]) {
      for (const q of [word, 'cabinet', siteSecrets.siteKey]) {
        const reply = await callJson(
          f.server.url,
          'GET',
          `/kb/v1/search?q=${encodeURIComponent(q)}`,
          {
            token: session.token,
          },
        );
        expect(reply.status).toBe(200);
        expect(secretsIn(JSON.stringify(reply.body))).toEqual([]);
      }
    }
  });

  it("through a customer's client: its search, its timeline and every file it writes", async () => {
    const dataDir = join(work.path, 'customer');
    await signedInDataFolder(dataDir, f.server, f.accounts.managerA);
    const core = await openCore(dataDir);
    try {
      const word = noteBody.split(' ').at(-1)!;
      for (const query of [word, 'cabinet', 'controller password']) {
        const hits = await callOk(core, 'tickets.search', { query, limit: 50 });
        expect(secretsIn(JSON.stringify(hits))).toEqual([]);
      }
      const timeline = await callOk(core, 'tickets.timeline', { id: noteTicket });
      expect(timeline.map((e) => e.kind)).not.toContain('internal');
      expect(secretsIn(JSON.stringify(timeline))).toEqual([]);
    } finally {
      await core.close();
    }
    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      for (const secret of [noteBody, siteSecrets.siteKey, siteSecrets.password])
        expect(bytes.includes(Buffer.from(secret)), `${file} holds a secret`).toBe(false);
    }
  });

  it('through emails: none holds a note, a site secret or a PIN', async () => {
    // A status change and a locked PIN both email the customer's managers.
    await f.as.tech.push([
      mutation('ticket.setStatus', { ticketId: noteTicket, status: 'RESOLVED' }),
    ]);
    const pin = await freshPin();
    for (let i = 0; i < 6; i++) {
      const wrong = pin === '000000' ? '111111' : '000000';
      await callJson(f.server.url, 'POST', `/sites/v1/${f.siteA}/support-pin/redeem`, {
        token: f.as.tech2.token,
        body: { pin: wrong },
      });
    }
    await sink.waitFor((email) => /resolved/i.test(email.subject), 15_000);
    expect(sink.received.length).toBeGreaterThan(0);
    for (const email of sink.received) expect(secretsIn(email.raw), email.subject).toEqual([]);
  });
});
