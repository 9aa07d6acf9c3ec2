import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MailContext } from '../mail/ticket-notifications.js';
import type { AccountTokenPolicy } from './account-tokens.js';

/** What the account services need: the database, the clock, mail and the link lifetimes. */
export interface AccountContext {
  db: Kysely<Database>;
  now: () => Date;
  mail: MailContext;
  tokens: AccountTokenPolicy;
}

/** The link an account email carries; the page behind it is served by this server. */
export function accountLink(
  mail: MailContext,
  page: 'activate' | 'reset-password',
  token: string,
): string {
  const url = new URL(`/account/${page}`, mail.brand.publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** Addresses are compared without regard to case: Dana@Example.com and dana@example.com are one. */
export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'organisation_id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}
