import type { Kysely } from 'kysely';
import type {
  Mutation,
  PushRequest,
  PushResponse,
  PushResult,
} from '../../src-shared/mutations.js';
import { PushResult as PushResultSchema } from '../../src-shared/mutations.js';
import type { Database } from '../db/schema.js';
import { databaseUnavailable } from '../db/unavailable.js';
import { readServerSettings } from '../settings.js';
import type { TicketHooks } from '../tickets/activity.js';
import { applyMutation } from '../tickets/apply/index.js';
import type { ApplyResult } from '../tickets/apply/context.js';
import type { Viewer } from '../viewer.js';
import { lockWriters } from './clock.js';
import type { RowChange } from './clock.js';
import type { SyncNotifier } from './notifier.js';
import { ChangeWriter } from './writer.js';

export interface PushContext {
  db: Kysely<Database>;
  now: () => Date;
  notifier: SyncNotifier;
  hooks: TicketHooks;
  /** Told about unexpected failures (the mutation answers retry_later and stays queued). */
  onError?: (error: unknown) => void;
}

// Transient failures PostgreSQL (and PostgreSQL-wire engines) ask the client to retry. A unique
// violation is one too: a concurrent writer took the key first (e.g. a callback's grid slot), and
// the next attempt sees its commit and answers with a clean conflict.
const retryableCodes = new Set(['40001', '40P01', '23505']);
const attemptsPerMutation = 3;

/**
 * Applies a client's mutations in order, each exactly once. Every mutation runs in its own
 * transaction, which also stores its result under (clientId, mutation id): a mutation seen before
 * answers with that stored result and changes nothing. After an unexpected failure the rest of
 * the batch answers retry_later, so the client resends them in their original order.
 */
export async function pushMutations(
  context: PushContext,
  viewer: Viewer,
  request: PushRequest,
): Promise<PushResponse> {
  const results: PushResult[] = [];
  let failed = false;
  for (const mutation of request.mutations) {
    if (failed) {
      results.push(retryLater(mutation.id));
      continue;
    }
    try {
      results.push(await applyWithRetries(context, viewer, request.clientId, mutation));
    } catch (error) {
      // without its database the server can apply nothing: the whole push answers 503 and the
      // client sends it again (mutations already applied answer from their stored result)
      if (databaseUnavailable(error)) throw error;
      context.onError?.(error);
      failed = true;
      results.push(retryLater(mutation.id));
    }
  }
  return { results };
}

async function applyWithRetries(
  context: PushContext,
  viewer: Viewer,
  clientId: string,
  mutation: Mutation,
): Promise<PushResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, changes } = await applyOnce(context, viewer, clientId, mutation);
      context.notifier.committed(changes);
      return result;
    } catch (error) {
      if (attempt >= attemptsPerMutation || !retryableCodes.has(errorCode(error))) throw error;
    }
  }
}

async function applyOnce(
  context: PushContext,
  viewer: Viewer,
  clientId: string,
  mutation: Mutation,
): Promise<{ result: PushResult; changes: RowChange[] }> {
  const now = context.now();
  return context.db.transaction().execute(async (trx) => {
    // Writers take the clock lock first: the check below then sees every committed mutation,
    // so two concurrent deliveries of one mutation cannot both apply it.
    await lockWriters(trx);
    const prior = await trx
      .selectFrom('processed_mutations')
      .select(['user_id', 'result'])
      .where('client_id', '=', clientId)
      .where('mutation_id', '=', mutation.id)
      .executeTakeFirst();
    if (prior) {
      const result: PushResult =
        prior.user_id === viewer.userId
          ? PushResultSchema.parse(
              typeof prior.result === 'string' ? JSON.parse(prior.result) : prior.result,
            )
          : {
              id: mutation.id,
              status: 'rejected',
              code: 'forbidden',
              message:
                'This change was sent before from another account. Sign in as that account to sync it.',
            };
      return { result, changes: [] };
    }

    const writer = new ChangeWriter(trx, now);
    const settings = await readServerSettings(trx);
    const outcome: ApplyResult = await applyMutation(
      { writer, viewer, settings, hooks: context.hooks },
      mutation,
    );
    const result: PushResult = { id: mutation.id, ...outcome };
    await trx
      .insertInto('processed_mutations')
      .values({
        client_id: clientId,
        mutation_id: mutation.id,
        user_id: viewer.userId,
        result: JSON.stringify(result),
        processed_at: now,
      })
      .execute();
    await trx
      .insertInto('sync_clients')
      .values({
        client_id: clientId,
        user_id: viewer.userId,
        last_mutation_id: mutation.id,
        last_seen_at: now,
      })
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({
          user_id: viewer.userId,
          last_mutation_id: mutation.id,
          last_seen_at: now,
        }),
      )
      .execute();
    return { result, changes: writer.changes };
  });
}

function retryLater(id: string): PushResult {
  return {
    id,
    status: 'rejected',
    code: 'retry_later',
    message: 'The server could not apply this change just now. It stays queued and is sent again.',
  };
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : '';
}
