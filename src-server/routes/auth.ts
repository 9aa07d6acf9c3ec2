import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SignInRequest } from '../../src-shared/sync-protocol.js';
import { refreshSession, signIn } from '../auth/sessions.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import type { RouteContext } from './context.js';

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) }).strict();

export function registerAuthRoutes(app: FastifyInstance, context: RouteContext): void {
  const sessionContext = { now: context.now, policy: context.sessions };

  app.post('/auth/v1/sign-in', async (request, reply) => {
    const input = parseInput(SignInRequest, request.body);
    if (!input.ok) return sendOutcome(reply, input);
    return sendOutcome(reply, await signIn(context.db, input.value, sessionContext));
  });

  app.post('/auth/v1/refresh', async (request, reply) => {
    const input = parseInput(RefreshRequest, request.body);
    if (!input.ok) return sendOutcome(reply, input);
    return sendOutcome(
      reply,
      await refreshSession(context.db, input.value.refreshToken, sessionContext),
    );
  });
}
