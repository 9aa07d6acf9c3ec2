import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import { toSeq } from '../db/schema.js';
import type { Database, SyncedTable } from '../db/schema.js';

/**
 * Reserves `count` consecutive commit sequence numbers and returns the first.
 *
 * The update locks the single clock row until the transaction ends, so writers are serialised
 * here: a transaction that reserves later also commits later. Sequence order is therefore commit
 * order, and a reader whose snapshot shows sequence N has already seen every change at or below
 * N — a pull can never skip a change that committed late.
 */
export async function reserveSeqs(trx: Transaction<Database>, count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`cannot reserve ${count} sequence numbers`);
  const row = await trx
    .updateTable('sync_clock')
    .set({ seq: sql`seq + ${count}` })
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  return toSeq(row.seq) - count + 1;
}

/**
 * Takes the writers' lock (the clock row) without advancing the clock. A transaction that must
 * decide something from current data — whether a mutation was already applied, the next ticket
 * number — takes it first, so every writer sees the previous one's committed work and locks are
 * always taken in the same order (clock first), which rules out deadlocks between writers.
 */
export async function lockWriters(trx: Transaction<Database>): Promise<void> {
  await trx.selectFrom('sync_clock').select('seq').where('id', '=', 1).forUpdate().execute();
}

export interface RowChange {
  table: SyncedTable;
  rowId: string;
  seq: number;
  op: 'upsert' | 'delete';
  organisationId: string | null;
  /** Internal notes: never sent to customers. */
  staffOnly?: boolean;
}

/** Records the latest change of each row; an older entry for the same row is replaced. */
export async function recordChanges(
  trx: Transaction<Database>,
  changes: readonly RowChange[],
  at: Date = new Date(),
): Promise<void> {
  if (changes.length === 0) return;
  await trx
    .insertInto('sync_changes')
    .values(
      changes.map((change) => ({
        table_name: change.table,
        row_id: change.rowId,
        seq: change.seq,
        op: change.op,
        organisation_id: change.organisationId,
        staff_only: change.staffOnly ?? false,
        changed_at: at,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['table_name', 'row_id']).doUpdateSet((eb) => ({
        seq: eb.ref('excluded.seq'),
        op: eb.ref('excluded.op'),
        organisation_id: eb.ref('excluded.organisation_id'),
        staff_only: eb.ref('excluded.staff_only'),
        changed_at: eb.ref('excluded.changed_at'),
      })),
    )
    .execute();
}
