import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import { toSeq } from '../db/schema.js';
import type { Database } from '../db/schema.js';

/** HW00000094: the product-line prefix and eight digits, as PTI's portal numbers tickets. */
export function formatTicketNumber(prefix: 'HW' | 'SW', value: number): string {
  if (!Number.isSafeInteger(value) || value < 1 || value > 99_999_999) {
    throw new Error(`ticket number ${value} does not fit in eight digits`);
  }
  return prefix + String(value).padStart(8, '0');
}

/**
 * Takes the next `count` numbers of a prefix inside the caller's transaction, so a ticket that
 * fails to commit gives its number back instead of leaving a hole.
 */
export async function reserveTicketNumbers(
  trx: Transaction<Database>,
  prefix: 'HW' | 'SW',
  count: number,
): Promise<string[]> {
  const row = await trx
    .updateTable('ticket_number_counters')
    .set({ last_value: sql`last_value + ${count}` })
    .where('prefix', '=', prefix)
    .returning('last_value')
    .executeTakeFirstOrThrow();
  const last = toSeq(row.last_value);
  return Array.from({ length: count }, (_, i) => formatTicketNumber(prefix, last - count + 1 + i));
}
