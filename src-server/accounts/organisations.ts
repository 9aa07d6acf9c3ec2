import { sql } from 'kysely';
import type { Kysely, RawBuilder, SqlBool, Transaction } from 'kysely';
import type { SupportTier } from '../../src-shared/accounts.js';
import type { Database } from '../db/schema.js';

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * The tier in force at `now`. Preferred support is bought for a period: once it expires the
 * organisation is treated as free (no callbacks, the longer response target) until renewed.
 */
export function effectiveSupportTier(
  organisation: { support_tier: SupportTier; tier_expires_at: Date | null },
  now: Date,
): SupportTier {
  if (organisation.support_tier !== 'preferred') return 'free';
  const expires = organisation.tier_expires_at;
  return expires === null || expires.getTime() > now.getTime() ? 'preferred' : 'free';
}

/** The same rule in SQL, for queries that filter or sort by tier (e.g. queues). */
export function hasPreferredSupport(now: Date): RawBuilder<SqlBool> {
  return sql<SqlBool>`(organisations.support_tier = 'preferred' and (organisations.tier_expires_at is null or organisations.tier_expires_at > ${now}))`;
}

/** The tier in force for one organisation; null when it does not exist. */
export async function organisationSupportTier(
  db: Reader,
  organisationId: string,
  now: Date,
): Promise<SupportTier | null> {
  const row = await db
    .selectFrom('organisations')
    .select(['support_tier', 'tier_expires_at'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row ? effectiveSupportTier(row, now) : null;
}
