import type { Kysely, Selectable, Transaction } from 'kysely';
import type { OrganisationRow } from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { Database, OrganisationsTable } from '../db/schema.js';
import { recordChanges, reserveSeqs } from '../sync/clock.js';
import type { RowChange } from '../sync/clock.js';

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * Organisations are synced rows (their name and support tier): any change clients see takes a
 * new commit sequence, so the next pull carries it to the organisation's members and to staff.
 */
export async function recordOrganisationChange(
  trx: Transaction<Database>,
  organisationId: string,
  now: Date,
): Promise<RowChange> {
  const seq = await reserveSeqs(trx, 1);
  await trx
    .updateTable('organisations')
    .set({ version: seq })
    .where('id', '=', organisationId)
    .execute();
  const change: RowChange = {
    table: 'organisations',
    rowId: organisationId,
    seq,
    op: 'upsert',
    organisationId,
  };
  await recordChanges(trx, [change], now);
  return change;
}

export function toOrganisationRow(row: Selectable<OrganisationsTable>): OrganisationRow {
  return {
    id: row.id,
    name: row.name,
    supportTier: row.support_tier,
    tierExpiresAt: row.tier_expires_at ? row.tier_expires_at.toISOString() : null,
    version: String(toSeq(row.version)),
  };
}

export async function organisationRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, OrganisationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, toOrganisationRow(row)]));
}
