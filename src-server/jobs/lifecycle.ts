import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { transition } from '../../src-shared/status-machine.js';
import { toSeq } from '../db/schema.js';
import type { Database } from '../db/schema.js';
import { readServerSettings } from '../settings.js';
import { lockWriters } from '../sync/clock.js';
import type { SyncNotifier } from '../sync/notifier.js';
import { ChangeWriter } from '../sync/writer.js';
import type { TicketHooks } from '../tickets/activity.js';
import { moveTicket } from '../tickets/status-change.js';

export interface LifecycleJobContext {
  db: Kysely<Database>;
  hooks: TicketHooks;
  notifier?: SyncNotifier;
}

export interface LifecycleRun {
  /** Tickets closed because their reopen window passed. */
  closedTicketIds: string[];
  /** Tombstones (deletions) older than retention, no longer pullable. */
  prunedTombstones: number;
  /** Stored push results older than retention. */
  prunedMutations: number;
}

/** The periodic work of the ticket lifecycle and of sync, as of `now`. Tests call it directly. */
export async function runLifecycleJobs(
  context: LifecycleJobContext,
  now: Date,
): Promise<LifecycleRun> {
  const closedTicketIds = await closeExpiredResolvedTickets(context, now);
  const pruned = await pruneSyncHistory(context.db, now);
  return { closedTicketIds, ...pruned };
}

/**
 * Closes RESOLVED tickets whose reopen window has passed, each in its own transaction with its
 * system message and survey request, through the same status machine as every other change.
 */
export async function closeExpiredResolvedTickets(
  context: LifecycleJobContext,
  now: Date,
): Promise<string[]> {
  const { reopenWindowMs } = await readServerSettings(context.db);
  const cutoff = new Date(now.getTime() - reopenWindowMs);
  const due = await context.db
    .selectFrom('tickets')
    .select('id')
    .where('status', '=', 'RESOLVED')
    .where('resolved_at', '<', cutoff)
    .orderBy('resolved_at')
    .limit(500)
    .execute();

  const closed: string[] = [];
  for (const { id } of due) {
    const changes = await context.db.transaction().execute(async (trx) => {
      await lockWriters(trx);
      // Read again under the lock: the customer may have reopened it a moment ago.
      const ticket = await trx
        .selectFrom('tickets')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!ticket || ticket.status !== 'RESOLVED' || !ticket.resolved_at) return null;
      if (ticket.resolved_at.getTime() >= cutoff.getTime()) return null;
      const step = transition('RESOLVED', 'auto_close', { actor: 'system' });
      if (!step.ok) return null;
      const writer = new ChangeWriter(trx, now);
      await moveTicket({ writer, hooks: context.hooks }, ticket, {
        to: step.to,
        actorId: null,
        reason: 'auto_close',
      });
      return writer.changes;
    });
    if (changes) {
      context.notifier?.committed(changes);
      closed.push(id);
    }
  }
  return closed;
}

/**
 * Drops deletions older than tombstone retention and remembers the newest one dropped: a cursor
 * before it could miss a deletion, so the pull answers 410 and the client bootstraps again.
 * Stored push results are kept as long, for clients that resend after a long time offline.
 */
export async function pruneSyncHistory(
  db: Kysely<Database>,
  now: Date,
): Promise<{ prunedTombstones: number; prunedMutations: number }> {
  const { tombstoneRetentionMs } = await readServerSettings(db);
  const cutoff = new Date(now.getTime() - tombstoneRetentionMs);
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx);
    const pruned = await trx
      .deleteFrom('sync_changes')
      .where('op', '=', 'delete')
      .where('changed_at', '<', cutoff)
      .returning('seq')
      .execute();
    if (pruned.length > 0) {
      const newest = Math.max(...pruned.map((row) => toSeq(row.seq)));
      await trx
        .updateTable('sync_clock')
        .set({ pruned_through: sql`greatest(pruned_through, ${newest})` })
        .where('id', '=', 1)
        .execute();
    }
    const mutations = await trx
      .deleteFrom('processed_mutations')
      .where('processed_at', '<', cutoff)
      .executeTakeFirst();
    return {
      prunedTombstones: pruned.length,
      prunedMutations: Number(mutations.numDeletedRows),
    };
  });
}

export interface LifecycleJob {
  stop(): Promise<void>;
}

/** Runs the jobs every `intervalMs` (never two runs at once); failures are reported, not thrown. */
export function startLifecycleJobs(
  context: LifecycleJobContext & { now: () => Date; onError: (error: unknown) => void },
  intervalMs: number,
): LifecycleJob {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runLifecycleJobs(context, context.now())
      .catch(context.onError)
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
