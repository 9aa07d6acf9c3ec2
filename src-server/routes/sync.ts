import type { FastifyInstance } from 'fastify';
import { PullRequest } from '../../src-shared/sync-protocol.js';
import { authenticate } from '../http/bearer.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { pullChanges } from '../sync/pull.js';
import type { RouteContext } from './context.js';

export function registerSyncRoutes(app: FastifyInstance, context: RouteContext): void {
  app.post('/sync/v1/pull', async (request, reply) => {
    const viewer = await authenticate(context.db, request, context.now());
    if (!viewer.ok) return sendOutcome(reply, viewer);
    const input = parseInput(PullRequest, request.body);
    if (!input.ok) return sendOutcome(reply, input);
    const { cursor, limit, scopes } = input.value;
    return sendOutcome(
      reply,
      await pullChanges(context.db, { viewer: viewer.value, cursor, limit, scopes }),
    );
  });
}
