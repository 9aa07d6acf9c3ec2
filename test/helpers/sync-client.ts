import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Kysely } from 'kysely';
import { PushResponse } from '../../src-shared/mutations.js';
import type { Mutation, MutationName, PushResult } from '../../src-shared/mutations.js';
import { PullResponse, SignInResponse } from '../../src-shared/sync-protocol.js';
import type { Change } from '../../src-shared/sync-protocol.js';
import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import type { Database } from '../../src-server/db/schema.js';
import { createTicket } from '../../src-server/tickets/create-ticket.js';
import { jsonApi } from './json-api.js';

/** A client of the sync API over real HTTP, as one signed-in user. */
export interface SyncSession {
  token: string;
  userId: string;
  clientId: string;
  push(mutations: Mutation[]): Promise<PushResult[]>;
  pull(cursor: string | null, limit?: number): Promise<PullResponse>;
  /** Pages until hasMore is false. */
  pullAll(cursor: string | null, limit?: number): Promise<{ changes: Change[]; cursor: string }>;
}

export async function signInSession(
  baseUrl: string,
  account: { email: string; password: string },
): Promise<SyncSession> {
  const api = jsonApi(baseUrl);
  const signIn = await api.post('/auth/v1/sign-in', {
    email: account.email,
    password: account.password,
  });
  expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
  const { accessToken, user } = SignInResponse.parse(signIn.body);
  const clientId = randomUUID();
  const pull = async (cursor: string | null, limit?: number) => {
    const reply = await api.post('/sync/v1/pull', { cursor, limit }, accessToken);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return PullResponse.parse(reply.body);
  };
  return {
    token: accessToken,
    userId: user.id,
    clientId,
    push: async (mutations) => {
      const reply = await api.post('/sync/v1/push', { clientId, mutations }, accessToken);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return PushResponse.parse(reply.body).results;
    },
    pull,
    pullAll: async (cursor, limit = 1000) => {
      const changes: Change[] = [];
      for (let pages = 0; ; pages++) {
        const page = await pull(cursor, limit);
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return { changes, cursor };
        expect(pages).toBeLessThan(1000);
      }
    },
  };
}

/** A mutation as a client's outbox would send it, with a fresh id. */
export function mutation(
  name: MutationName | string,
  args: Record<string, unknown>,
  baseVersion: string | null = null,
): Mutation {
  return { id: randomUUID(), name, args, baseVersion };
}

/**
 * A ticket already in `status`, as test setup: created through the server's own function, then
 * moved straight in the database (the transitions themselves are what the tests push).
 */
export async function ticketInStatus(
  db: Kysely<Database>,
  fields: { organisationId: string; status: TicketStatus; resolvedAt?: Date | null },
): Promise<{ id: string; number: string }> {
  const created = await createTicket(db, {
    organisationId: fields.organisationId,
    subject: `Keypad offline (${fields.status})`,
    description: 'The keypad at the main gate shows OFFLINE.',
    category: 'technical',
    productLine: 'pti_hardware',
  });
  if (!created.ok) throw new Error(created.error.message);
  const resolvedAt =
    fields.resolvedAt !== undefined
      ? fields.resolvedAt
      : ['RESOLVED', 'CLOSED'].includes(fields.status)
        ? new Date(Date.now() - 60 * 60 * 1000)
        : null;
  await db
    .updateTable('tickets')
    .set({ status: fields.status, resolved_at: resolvedAt })
    .where('id', '=', created.value.id)
    .execute();
  return { id: created.value.id, number: created.value.number };
}

export function upserts<T extends Change['table']>(changes: readonly Change[], table: T) {
  return changes.flatMap((c) => (c.table === table && c.op === 'upsert' ? [c.row] : [])) as Extract<
    Change,
    { table: T; op: 'upsert' }
  >['row'][];
}
