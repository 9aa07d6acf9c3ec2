import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../../src-server/db/schema.js';
import type { Core } from '../../../../src-main/core/core-types.js';
import { callOk } from './client-fixture.js';

/** fetch as the core uses it, with a short deadline so an answer that never comes fails fast. */
export function impatientFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline,
    });
  };
}

/** Syncs until nothing is queued and a whole cycle went through. */
export async function settle(core: Core, rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const state = await callOk(core, 'sync.now', {});
    if (state.status === 'idle' && state.pendingCount === 0) return;
  }
  const state = await callOk(core, 'sync.now', {});
  throw new Error(`sync did not settle: ${JSON.stringify(state)}`);
}

/** How many rows a `SELECT COUNT(*) AS n …` finds on the server. */
export async function countOnServer(
  db: Kysely<Database>,
  query: ReturnType<typeof sql<{ n: string | number }>>,
): Promise<number> {
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}

/** How many messages on the server have exactly this text. */
export const messagesWithBody = (db: Kysely<Database>, body: string) =>
  countOnServer(
    db,
    sql<{ n: string | number }>`SELECT COUNT(*) AS n FROM messages WHERE body = ${body}`,
  );

/** Every ticket (id, status, priority) and the number of public messages the server has. */
export async function serverView(db: Kysely<Database>) {
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'status', 'priority'])
    .orderBy('id')
    .execute();
  const messages = await countOnServer(
    db,
    sql<{ n: string | number }>`SELECT COUNT(*) AS n FROM messages WHERE kind = 'public'`,
  );
  return { tickets, messages };
}

/** The same, as a technician's client shows it. */
export async function clientView(core: Core) {
  const list = await callOk(core, 'tickets.list', { limit: 500 });
  const tickets = list.rows
    .map((t) => ({ id: t.id, status: t.status, priority: t.priority }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let messages = 0;
  for (const t of tickets)
    messages += (await callOk(core, 'tickets.timeline', { id: t.id })).filter(
      (m) => m.kind === 'public',
    ).length;
  return { tickets, messages };
}
