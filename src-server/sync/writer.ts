import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordChanges, reserveSeqs } from './clock.js';
import type { RowChange } from './clock.js';

/**
 * The writes of one transaction as sync sees them: each written row takes the next commit
 * sequence as its version and records its change, and the list of changes is kept so live
 * channels can be poked once the transaction has committed.
 */
export class ChangeWriter {
  readonly changes: RowChange[] = [];

  constructor(
    readonly trx: Transaction<Database>,
    readonly now: Date,
  ) {}

  /** The version for the next row this transaction writes. */
  nextSeq(): Promise<number> {
    return reserveSeqs(this.trx, 1);
  }

  async record(change: RowChange): Promise<void> {
    await recordChanges(this.trx, [change], this.now);
    this.changes.push(change);
  }
}
