import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { viewerForAccessToken } from '../auth/sessions.js';
import type { Database } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import type { Viewer } from '../viewer.js';

/** The viewer behind the request's `Authorization: Bearer` header. */
export async function authenticate(
  db: Kysely<Database>,
  request: FastifyRequest,
  now: Date,
): Promise<Outcome<Viewer>> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    return failure(
      'unauthorized',
      'Sign in first, then send the access token as "Authorization: Bearer <token>".',
    );
  }
  const viewer = await viewerForAccessToken(db, match[1]!, now);
  return viewer
    ? success(viewer)
    : failure('unauthorized', 'Your session has expired or is not valid. Sign in again.');
}
