import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordChanges, reserveSeqs } from '../sync/clock.js';

/**
 * Users are synced rows: any change to what clients see of a user (name, email, role,
 * organisation) takes a new commit sequence, so the next pull carries it.
 */
export async function recordUserChange(
  trx: Transaction<Database>,
  user: { id: string; organisationId: string | null },
  now: Date,
): Promise<void> {
  const seq = await reserveSeqs(trx, 1);
  await trx
    .updateTable('users')
    .set({ version: seq, updated_at: now })
    .where('id', '=', user.id)
    .execute();
  await recordChanges(trx, [
    { table: 'users', rowId: user.id, seq, op: 'upsert', organisationId: user.organisationId },
  ]);
}
