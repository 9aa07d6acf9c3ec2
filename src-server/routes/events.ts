import type { FastifyInstance, FastifyRequest } from 'fastify';
import { viewerForAccessToken } from '../auth/sessions.js';
import { sendError } from '../http/errors.js';
import { encodeCursor } from '../sync/cursor.js';
import type { CommittedChange } from '../sync/notifier.js';
import { seesAllOrganisations } from '../viewer.js';
import type { Viewer } from '../viewer.js';
import type { RouteContext } from './context.js';

/**
 * `GET /sync/v1/events`: Server-Sent Events that only poke — "there is something after cursor N,
 * pull" — after each commit the viewer may see. The stream carries no data a pull would not give.
 * The token comes as `Authorization: Bearer …` or, because browsers' EventSource cannot set
 * headers, as `?access_token=…` (kept out of the request log).
 */
export function registerEventRoutes(app: FastifyInstance, context: RouteContext): void {
  const streams = new Set<() => void>();
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', (done) => {
    for (const end of streams) end();
    done();
  });

  app.get('/sync/v1/events', async (request, reply) => {
    const token = accessToken(request);
    const viewer = token ? await viewerForAccessToken(context.db, token, context.now()) : null;
    if (!viewer) {
      return sendError(reply, {
        code: 'unauthorized',
        message:
          'Sign in first, then send the access token as "Authorization: Bearer <token>" or as ?access_token=<token>.',
      });
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\n\n`);

    const poke = (seq: number) =>
      raw.write(`event: poke\ndata: ${JSON.stringify({ cursor: encodeCursor(seq) })}\n\n`);
    const head = await context.db
      .selectFrom('sync_clock')
      .select('seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    // A first poke right away: a client reconnecting after a gap pulls what it missed.
    poke(Number(head.seq));

    const unsubscribe = context.notifier.subscribe((changes) => {
      const visible = changes.filter((change) => maySee(viewer, change));
      if (visible.length > 0) poke(Math.max(...visible.map((c) => c.seq)));
    });
    // Heartbeats keep proxies from closing an idle stream; each one also re-checks the session,
    // so a stream ends when its token expires or its user signs out.
    const heartbeat = setInterval(() => {
      void viewerForAccessToken(context.db, token!, context.now()).then(
        (still) => (still ? raw.write(`: heartbeat\n\n`) : end()),
        () => end(),
      );
    }, context.pokeHeartbeatMs);

    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
      raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
  });
}

function accessToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match) return match[1]!;
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.access_token;
  return typeof fromQuery === 'string' && fromQuery.length > 0 && fromQuery.length <= 200
    ? fromQuery
    : null;
}

function maySee(viewer: Viewer, change: CommittedChange): boolean {
  if (seesAllOrganisations(viewer)) return true;
  if (change.staffOnly) return false;
  return change.organisationId === null || change.organisationId === viewer.organisationId;
}
