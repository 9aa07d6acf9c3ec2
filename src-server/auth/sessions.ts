import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { SessionUser, SignInRequest, SignInResponse } from '../../src-shared/sync-protocol.js';
import type { Database, UsersTable } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import type { Viewer } from '../viewer.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import { accessTokenPrefix, newToken, refreshTokenPrefix, tokenDigest } from './tokens.js';

export interface SessionPolicy {
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  accessTokenTtlMs: 60 * 60 * 1000,
  refreshTokenTtlMs: 30 * 24 * 60 * 60 * 1000,
};

export interface SessionContext {
  now: () => Date;
  policy: SessionPolicy;
}

// One message for an unknown email and a wrong password, so sign-in does not reveal who has an account.
const badCredentials = 'Email or password is not correct.';

export async function signIn(
  db: Kysely<Database>,
  request: SignInRequest,
  context: SessionContext,
): Promise<Outcome<SignInResponse>> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'organisation_id', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', request.email.toLowerCase()))
    .executeTakeFirst();
  const passwordOk = await verifyPassword(
    request.password,
    user?.password_hash ?? (await decoyPasswordHash()),
  );
  if (!user || !user.password_hash || !passwordOk) return failure('unauthorized', badCredentials);

  const issued = await issueSession(db, user.id, context);
  return success({ ...issued, user: sessionUser(user) });
}

/** Exchanges a refresh token for a new pair; the old pair stops working at once. */
export async function refreshSession(
  db: Kysely<Database>,
  refreshToken: string,
  context: SessionContext,
): Promise<Outcome<SignInResponse>> {
  // Deleting is the check: of two refreshes racing with one token, only one gets the row back.
  const ended = await db
    .deleteFrom('sessions')
    .where('refresh_token_hash', '=', tokenDigest(refreshToken))
    .where('refresh_expires_at', '>', context.now())
    .returning('user_id')
    .executeTakeFirst();
  const user =
    ended &&
    (await db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'organisation_id'])
      .where('id', '=', ended.user_id)
      .executeTakeFirst());
  if (!user) return failure('unauthorized', 'This session has ended. Sign in again.');
  const issued = await issueSession(db, user.id, context);
  return success({ ...issued, user: sessionUser(user) });
}

/** The viewer an access token belongs to, or null when it is unknown or expired. */
export async function viewerForAccessToken(
  db: Kysely<Database>,
  accessToken: string,
  now: Date,
): Promise<Viewer | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.role', 'users.organisation_id'])
    .where('sessions.access_token_hash', '=', tokenDigest(accessToken))
    .where('sessions.access_expires_at', '>', now)
    .executeTakeFirst();
  return row ? { userId: row.id, role: row.role, organisationId: row.organisation_id } : null;
}

function sessionUser(
  user: Pick<Selectable<UsersTable>, 'id' | 'name' | 'email' | 'role' | 'organisation_id'>,
): SessionUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisation_id,
  };
}

async function issueSession(
  db: Kysely<Database>,
  userId: string,
  context: SessionContext,
): Promise<Pick<SignInResponse, 'accessToken' | 'refreshToken' | 'expiresAt'>> {
  const now = context.now();
  const accessToken = newToken(accessTokenPrefix);
  const refreshToken = newToken(refreshTokenPrefix);
  const accessExpiresAt = new Date(now.getTime() + context.policy.accessTokenTtlMs);
  // Sweeping this user's dead sessions here keeps the table from growing without a janitor job.
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('refresh_expires_at', '<=', now)
    .execute();
  await db
    .insertInto('sessions')
    .values({
      id: randomUUID(),
      user_id: userId,
      access_token_hash: tokenDigest(accessToken),
      refresh_token_hash: tokenDigest(refreshToken),
      access_expires_at: accessExpiresAt,
      refresh_expires_at: new Date(now.getTime() + context.policy.refreshTokenTtlMs),
      created_at: now,
    })
    .execute();
  return { accessToken, refreshToken, expiresAt: accessExpiresAt.toISOString() };
}
