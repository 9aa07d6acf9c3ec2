import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SignInRequest, SignInResponse } from '../../src-shared/sync-protocol.js';
import { refreshSession, signIn } from '../auth/sessions.js';
import { ErrorResponse } from '../http/api-docs.js';
import { firstRefusal, sendRateLimited } from '../http/attempt-limiter.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import type { RouteContext } from './context.js';

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) }).strict();

export function registerAuthRoutes(app: FastifyInstance, context: RouteContext): void {
  const sessionContext = { now: context.now, policy: context.sessions };

  const { limits } = context;

  app.post(
    '/auth/v1/sign-in',
    {
      config: {
        docs: {
          summary: 'Sign in with email and password',
          description:
            'Returns an access token (send it as `Authorization: Bearer …`) and a refresh token. After 5 wrong passwords for an account within a minute (or 30 from one address), sign-in answers 429 with Retry-After.',
          tags: ['accounts'],
          body: SignInRequest,
          responses: {
            200: SignInResponse,
            400: ErrorResponse,
            401: ErrorResponse,
            429: ErrorResponse,
          },
        },
      },
    },
    async (request, reply) => {
      const input = parseInput(SignInRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      // Wrong passwords are counted per account and per address; a locked-out caller is not
      // even checked, so guessing gains nothing while the window lasts.
      const accountKey = input.value.email.toLowerCase();
      const check = firstRefusal(
        limits.signInPerAddress.check(request.ip),
        limits.signInPerAccount.check(accountKey),
      );
      if (!check.allowed) {
        return sendRateLimited(reply, check.retryAfterSeconds, 'failed sign-ins');
      }
      const outcome = await signIn(context.db, input.value, sessionContext);
      if (outcome.ok) {
        limits.signInPerAccount.forget(accountKey);
      } else if (outcome.error.code === 'unauthorized') {
        limits.signInPerAddress.record(request.ip);
        limits.signInPerAccount.record(accountKey);
      }
      return sendOutcome(reply, outcome);
    },
  );

  app.post('/auth/v1/refresh', async (request, reply) => {
    const input = parseInput(RefreshRequest, request.body);
    if (!input.ok) return sendOutcome(reply, input);
    return sendOutcome(
      reply,
      await refreshSession(context.db, input.value.refreshToken, sessionContext),
    );
  });
}
