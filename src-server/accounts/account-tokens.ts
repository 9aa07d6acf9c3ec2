import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AccountTokensTable, Database } from '../db/schema.js';
import { newToken, tokenDigest } from '../auth/tokens.js';

type Writer = Kysely<Database> | Transaction<Database>;
export type AccountTokenPurpose = AccountTokensTable['purpose'];

export interface AccountTokenPolicy {
  activationTtlMs: number;
  passwordResetTtlMs: number;
}

export const defaultAccountTokenPolicy: AccountTokenPolicy = {
  activationTtlMs: 48 * 60 * 60 * 1000,
  passwordResetTtlMs: 60 * 60 * 1000,
};

// Recognisable in a leaked log line, like the session tokens.
const prefixFor: Record<AccountTokenPurpose, string> = {
  activation: 'gdv_',
  password_reset: 'gdp_',
};

/**
 * Makes a single-use token for an emailed link and stores only its digest. Earlier unused tokens
 * of the same purpose for the same address stop working: only the newest link counts.
 */
export async function issueAccountToken(
  trx: Writer,
  args: {
    purpose: AccountTokenPurpose;
    email: string;
    name?: string | null;
    userId?: string | null;
    now: Date;
    ttlMs: number;
  },
): Promise<{ token: string; expiresAt: Date }> {
  await trx
    .deleteFrom('account_tokens')
    .where('purpose', '=', args.purpose)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', args.email.toLowerCase()))
    .where('used_at', 'is', null)
    .execute();
  const token = newToken(prefixFor[args.purpose]);
  const expiresAt = new Date(args.now.getTime() + args.ttlMs);
  await trx
    .insertInto('account_tokens')
    .values({
      id: randomUUID(),
      purpose: args.purpose,
      token_hash: tokenDigest(token),
      email: args.email,
      name: args.name ?? null,
      user_id: args.userId ?? null,
      created_at: args.now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * Uses up a token: of two requests racing with one link, only one gets the row back. Returns
 * null for an unknown, used or expired token; the caller says so without telling which.
 */
export async function consumeAccountToken(
  trx: Writer,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<Selectable<AccountTokensTable> | null> {
  const row = await trx
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenDigest(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** The unused, unexpired token behind a link, without using it up (to show the link's page). */
export async function findUsableAccountToken(
  db: Writer,
  token: string,
  purpose: AccountTokenPurpose,
  now: Date,
): Promise<Selectable<AccountTokensTable> | null> {
  const row = await db
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', tokenDigest(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}
