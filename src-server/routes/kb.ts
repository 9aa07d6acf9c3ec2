import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate } from '../http/bearer.js';
import { sendError, sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { countArticleView, searchKnowledgeBase, topArticles } from '../kb/articles.js';
import type { RouteContext } from './context.js';

const SearchQuery = z
  .object({
    q: z.string().max(200, 'keep the search under 200 characters'),
    limit: z.coerce.number().int().min(1).max(50).optional(),
  })
  .strict();
const TopQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).optional() }).strict();

/** The knowledge base: every signed-in user may read it; articles sync to clients like tickets. */
export function registerKbRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/kb/v1/search', async (request, reply) => {
    const viewer = await authenticate(context.db, request, context.now());
    if (!viewer.ok) return sendOutcome(reply, viewer);
    const input = parseInput(SearchQuery, request.query);
    if (!input.ok) return sendOutcome(reply, input);
    return reply.send(await searchKnowledgeBase(context.db, input.value.q, input.value.limit));
  });

  app.get('/kb/v1/top', async (request, reply) => {
    const viewer = await authenticate(context.db, request, context.now());
    if (!viewer.ok) return sendOutcome(reply, viewer);
    const input = parseInput(TopQuery, request.query);
    if (!input.ok) return sendOutcome(reply, input);
    return reply.send(await topArticles(context.db, input.value.limit));
  });

  app.post('/kb/v1/articles/:id/view', async (request, reply) => {
    const viewer = await authenticate(context.db, request, context.now());
    if (!viewer.ok) return sendOutcome(reply, viewer);
    const { id } = request.params as { id: string };
    if (!(await countArticleView(context.db, id))) {
      return sendError(reply, { code: 'not_found', message: 'There is no article with this id.' });
    }
    return reply.code(204).send();
  });
}
