import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mutationArgs, mutationNames } from '../../../src-shared/mutations.js';
import { RefreshRequest } from '../../../src-server/routes/auth.js';
import { PullRequest } from '../../../src-shared/sync-protocol.js';
import { createAccount } from '../../helpers/accounts.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, ticketInStatus } from '../../helpers/sync-client.js';
import { expectReadableMessage, preview, shortReports, within } from './support/answer-checks.js';
import { hostileJson, hostileString, pathStrings } from './support/hostile-values.js';
import { corrupted, shapedBy, type JsonSchema } from './support/schema-arbitrary.js';
import {
  encodedSegments,
  fillPath,
  serverRoutes,
  tableCounter,
  type ServerRoute,
} from './support/server-routes.js';

/**
 * Every route of the support server, over real HTTP on a real PostgreSQL, gets random,
 * malformed and hostile requests: bodies shaped by the route's own schema with one thing wrong,
 * bodies of the wrong type or no JSON at all, odd path and query values, missing, forged and
 * real tokens of every role. Each answer must be below 500 and, when refused, in the error shape
 * with a sentence to act on, and a refusal must not change the number of rows in any table.
 *
 * FUZZ_RUNS (requests per route) and FUZZ_SEED replay or lengthen a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_610);

// Routes that carry no request schema in the API document get theirs from the shared protocol.
const undocumentedBodies: Record<string, z.ZodType> = {
  'POST /sync/v1/pull': PullRequest,
  'POST /auth/v1/refresh': RefreshRequest,
};

let f: SupportFixture;
let routes: ServerRoute[];
let pool: string[];

beforeAll(async () => {
  f = await startSupportFixture({ label: 'server-fuzz' });
  const { db } = f.server;
  const tickets = await Promise.all(
    (['OPEN', 'RESOLVED', 'CLOSED'] as const).flatMap((status) =>
      [f.orgA, f.orgB].map((organisationId) => ticketInStatus(db, { organisationId, status })),
    ),
  );
  const messageId = randomUUID();
  await f.as.tech.push([
    mutation('ticket.note', { ticketId: tickets[0]!.id, messageId, body: 'Gate code is 4455' }),
  ]);
  const file = Buffer.from('%PDF-1.4 gate log');
  const sha = createHash('sha256').update(file).digest('hex');
  await fetch(`${f.server.url}/blobs/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${f.as.managerA.token}` },
    body: file,
  });
  // An account the fuzzer may lock out with wrong passwords, apart from the signed-in ones.
  const victim = await createAccount(db, { role: 'site_manager', organisationId: f.orgA });
  pool = [
    f.orgA,
    f.orgB,
    f.siteA,
    f.siteB,
    messageId,
    sha,
    victim.email,
    victim.id,
    ...Object.values(f.accounts).map((a) => a.id),
    ...tickets.flatMap((t) => [t.id, t.number]),
    ...pathStrings,
  ];
  routes = await serverRoutes(f.server.url);
});

afterAll(async () => {
  await f?.server.close();
});

interface FuzzRequest {
  path: string;
  query: string;
  token: string | null;
  contentType: string | null;
  body: string | undefined;
}

const tokenOf = (who: keyof SupportFixture['as']) => f.as[who].token;

function requests(route: ServerRoute): fc.Arbitrary<FuzzRequest> {
  const poolOf = () => pool;
  const params = fc.record(
    Object.fromEntries(
      Object.entries(route.pathParams).map(([name, schema]) => [
        name,
        fc.oneof(
          shapedBy(schema, { pool: poolOf }).map(String),
          hostileString,
          fc.constantFrom(...encodedSegments),
        ),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = route.query
    ? fc.oneof(shapedBy(route.query, { pool: poolOf }), corrupted(shapedBy(route.query)))
    : fc.oneof(fc.constant({}), fc.dictionary(hostileString, hostileString, { maxKeys: 2 }));
  const bodySchema =
    undocumentedBodies[`${route.method} ${route.path}`] !== undefined
      ? (z.toJSONSchema(undocumentedBodies[`${route.method} ${route.path}`]!, {
          io: 'input',
          unrepresentable: 'any',
        }) as JsonSchema)
      : route.body;
  const shapedBody =
    route.method === 'POST' && route.path === '/sync/v1/push'
      ? pushBodies()
      : bodySchema
        ? shapedBy(bodySchema, { pool: poolOf })
        : hostileJson;
  const body = fc.oneof(
    { arbitrary: shapedBody.map((b) => JSON.stringify(b)), weight: 4 },
    { arbitrary: corrupted(shapedBody).map((b) => JSON.stringify(b)), weight: 4 },
    { arbitrary: hostileJson.map((b) => JSON.stringify(b) ?? 'null'), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        '',
        'not json',
        '{"unterminated": ',
        '{"__proto__": {"isAdmin": true}, "email": "a@b.co"}',
        '{"constructor": {"prototype": {"isAdmin": true}}}',
        'email=a%40b.co&password=x',
        '[]',
        '1e999',
      ),
      weight: 1,
    },
  );
  const token = fc.constantFrom<string | null>(
    null,
    'garbage',
    "' OR 1=1 --",
    'gd_at_' + 'A'.repeat(64),
    tokenOf('tech'),
    tokenOf('admin'),
    tokenOf('managerA'),
    tokenOf('installerA'),
    tokenOf('managerB'),
  );
  const contentType = fc.constantFrom<string | null>(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    null,
  );
  return fc
    .record({ params, query, token, contentType, body })
    .map(({ params: values, query: q, token: t, contentType: type, body: b }) => ({
      path: fillPath(route.path, values),
      query: toQuery(q),
      token: t,
      contentType: route.method === 'GET' ? null : type,
      body: route.method === 'GET' ? undefined : b,
    }));
}

/** Push batches whose mutations are shaped by each mutation's own arguments schema. */
function pushBodies(): fc.Arbitrary<unknown> {
  const oneMutation = fc.oneof(
    ...mutationNames.map((name) =>
      fc.record({
        id: fc.uuid(),
        name: fc.constant(name),
        args: shapedBy(
          z.toJSONSchema(mutationArgs[name], { io: 'input', unrepresentable: 'any' }) as JsonSchema,
          { pool: () => pool },
        ),
        baseVersion: fc.oneof(fc.constant(null), fc.stringMatching(/^\d{1,6}$/), hostileString),
      }),
    ),
    fc.record({
      id: fc.uuid(),
      name: hostileString,
      args: hostileJson,
      baseVersion: fc.constant(null),
    }),
  );
  return fc.record({
    clientId: fc.uuid(),
    mutations: fc.array(oneMutation, { minLength: 1, maxLength: 4 }),
  });
}

function toQuery(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const search = new URLSearchParams();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    search.append(key, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(route: ServerRoute, request: FuzzRequest): Promise<Answer> {
  const controller = new AbortController();
  const response = await fetch(`${f.server.url}${request.path}${request.query}`, {
    method: route.method,
    headers: {
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...(request.contentType ? { 'content-type': request.contentType } : {}),
    },
    body: request.body,
    signal: controller.signal,
  });
  const contentType = response.headers.get('content-type') ?? '';
  // The poke stream stays open by design: its answer is its status and headers.
  if (contentType.startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.status, contentType, text: '' };
  }
  return { status: response.status, contentType, text: await response.text() };
}

function expectSafeAnswer(route: ServerRoute, request: FuzzRequest, answer: Answer) {
  const shown = () =>
    `${route.method} ${preview(request.path + request.query, 200)} ${preview(request.body, 200)} → ${answer.status} ${preview(answer.text, 300)}`;
  expect(answer.status, shown()).toBeGreaterThanOrEqual(200);
  expect(answer.status, shown()).toBeLessThan(500);
  expect(answer.text, shown()).not.toMatch(
    /\n\s+at .+:\d+:\d+|node_modules|SqliteError|syntax error at/,
  );
  if (answer.status >= 400 && answer.contentType.startsWith('application/json')) {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    expect(body.error?.code, shown()).toBeTypeOf('string');
    expectReadableMessage(body.error?.message, shown);
  }
}

describe('every server route under hostile requests', () => {
  it('lists the routes it fuzzes from the server itself', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const known of [
      'POST /auth/v1/sign-in',
      'POST /sync/v1/push',
      'PUT /blobs/{sha256}',
      'PATCH /admin/v1/users/{id}',
      'GET /kb/v1/search',
    ])
      expect(names).toContain(known);
  });

  it(
    'answers every request below 500, clearly, and changes nothing when it refuses',
    async () => {
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
      const tableCounts = await tableCounter(f.server.db);
      for (const route of routes) {
        const started = performance.now();
        await fc.assert(
          fc.asyncProperty(requests(route), async (request) => {
            const before = await tableCounts();
            const answer = await within(
              send(route, request),
              10_000,
              `${route.method} ${preview(request.path + request.query, 200)}`,
            );
            expectSafeAnswer(route, request, answer);
            if (answer.status >= 400) {
              expect(
                await tableCounts(),
                `${route.method} ${preview(request.path, 200)} refused with ${answer.status} but changed row counts`,
              ).toEqual(before);
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true, ...shortReports<[FuzzRequest]>() },
        );
        if (process.env.FUZZ_VERBOSE)
          console.log(
            `${route.method} ${route.path}: ${Math.round(performance.now() - started)} ms`,
          );
      }
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    },
    Math.max(60_000, RUNS * 4_000),
  );
});
