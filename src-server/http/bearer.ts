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
  const token = bearerToken(request);
  if (token === null) {
    return failure(
      'unauthorized',
      'Sign in first, then send the access token as "Authorization: Bearer <token>".',
    );
  }
  const viewer = await viewerForAccessToken(db, token, now);
  return viewer
    ? success(viewer)
    : failure('unauthorized', 'Your session has expired or is not valid. Sign in again.');
}

/** The access token of an `Authorization: Bearer` header, or null when there is none. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}
