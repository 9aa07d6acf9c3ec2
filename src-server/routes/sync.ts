import type { FastifyInstance } from 'fastify';
import { PushRequest } from '../../src-shared/mutations.js';
import {
  PullRequest,
  pullCursorHeader,
  pullHasMoreHeader,
} from '../../src-shared/sync-protocol.js';
import { authenticate } from '../http/bearer.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { pullChanges } from '../sync/pull.js';
import { pushMutations } from '../sync/push.js';
import type { RouteContext } from './context.js';

export function registerSyncRoutes(app: FastifyInstance, context: RouteContext): void {
  app.post('/sync/v1/pull', async (request, reply) => {
    const viewer = await authenticate(context.db, request, context.now());
    if (!viewer.ok) return sendOutcome(reply, viewer);
    const input = parseInput(PullRequest, request.body);
    if (!input.ok) return sendOutcome(reply, input);
    const { cursor, limit, scopes } = input.value;
    const pulled = await pullChanges(context.db, { viewer: viewer.value, cursor, limit, scopes });
    if (pulled.ok) {
      reply.header(pullCursorHeader, pulled.value.cursor);
      reply.header(pullHasMoreHeader, String(pulled.value.hasMore));
    }
    return sendOutcome(reply, pulled);
  });

  // One result per mutation, in order: applied, rejected (with a code) or conflict.
  // A full batch (500 mutations of up to 20,000 characters) fits; more is split by the client.
  app.post(
    '/sync/v1/push',
    { bodyLimit: 12 * 1024 * 1024, config: { textCheckedPerItem: true } },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const input = parseInput(PushRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      const response = await pushMutations(
        {
          db: context.db,
          now: context.now,
          notifier: context.notifier,
          hooks: context.ticketHooks,
          onError: (error) => request.log.error({ err: error }, 'a pushed mutation failed'),
        },
        viewer.value,
        input.value,
      );
      return reply.code(200).send(response);
    },
  );
}
