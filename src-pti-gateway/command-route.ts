import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ptiCodeOfIssue, ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import {
  idempotencyKeyHeader,
  idempotencyKeyPattern,
  idempotencyReplayedHeader,
} from '../src-shared/pti/protocol.js';
import { GatewayError } from './errors.js';
import { findReply, rememberReply, requestFingerprint } from './idempotency.js';
import type { GatewayContext } from './context.js';
import type { SiteState } from './state.js';

/**
 * Parses with a schema, or throws naming the field and what is wrong with it: −400, or the PTI
 * code the shared rule carries (−3 unit name, −4 access code, −12 schedule).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value, { error: plainMessages });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  const code = (issue && ptiCodeOfIssue(issue)) ?? ptiErrorCodes.malformedRequest;
  throw new GatewayError(code, `${field}: ${issue?.message}`);
}

const plainMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if ((issue.path ?? []).length === 0)
    return 'send a JSON object (see docs/pti-gateway-protocol.md)';
  return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
};

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/** The site the request's session was opened for, or −2. An unknown site gets the same answer. */
export function authorise(context: GatewayContext, request: FastifyRequest): SiteState {
  const code = (request.params as { site?: string }).site;
  const site = context.store.state.sites.find((s) => s.code === code);
  const token = bearerToken(request);
  if (!site || !token || !context.sessions.allows(token, site.code))
    throw new GatewayError(
      ptiErrorCodes.sessionExpired,
      'There is no open session for this site, or it expired; open one with POST /v1/sites/{siteCode}/session.',
    );
  return site;
}

function readIdempotencyKey(request: FastifyRequest, required: boolean): string | null {
  const header = request.headers[idempotencyKeyHeader];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key === '') {
    if (!required) return null;
    throw new GatewayError(
      ptiErrorCodes.malformedRequest,
      'Every command needs an Idempotency-Key header (a new UUID per change; the same one when retrying it).',
    );
  }
  if (!idempotencyKeyPattern.test(key))
    throw new GatewayError(
      ptiErrorCodes.malformedRequest,
      'The Idempotency-Key header must be 1–200 printable characters without spaces.',
    );
  return key;
}

/**
 * A copy of a site that a command may change freely. The event log and stored replies are only
 * ever appended to or replaced, so they are copied shallowly.
 */
function draftOf(site: SiteState): SiteState {
  const { events, replies, ...rest } = site;
  return { ...structuredClone(rest), events: [...events], replies: [...replies] };
}

function replaceSite(context: GatewayContext, current: SiteState, next: SiteState): void {
  const sites = context.store.state.sites;
  const index = sites.indexOf(current);
  if (index >= 0) sites[index] = next;
}

export interface CommandSpec<S extends z.ZodType> {
  method: 'POST' | 'PUT' | 'DELETE';
  url: string;
  body: S;
  /** Keypad entries are simulations, not changes a client queues: the key is optional there. */
  keyOptional?: boolean;
  run(site: SiteState, input: z.output<S>, params: Record<string, string>): unknown;
}

/**
 * A command route: authorised, validated, applied to a draft of the site and committed whole,
 * saved before it answers, and idempotent. A repeated Idempotency-Key answers the stored result
 * (with Idempotency-Replayed: true) without applying anything again; the same key with a
 * different request is refused with −14. Refusals from the command itself (−3, −22, −404, …) are
 * stored like successes, so a retry sees the same answer.
 */
export function commandRoute<S extends z.ZodType>(
  scope: FastifyInstance,
  context: GatewayContext,
  spec: CommandSpec<S>,
): void {
  scope.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const site = authorise(context, request);
      const key = readIdempotencyKey(request, !spec.keyOptional);
      const input = parseInput(spec.body, request.body ?? {});
      const params = request.params as Record<string, string>;
      const fingerprint = requestFingerprint(spec.method, spec.url, params, input);

      if (key) {
        const stored = findReply(site, key);
        if (stored) {
          if (stored.fingerprint !== fingerprint)
            throw new GatewayError(ptiErrorCodes.idempotencyKeyReused);
          await context.store.flush();
          return reply
            .code(stored.status)
            .header(idempotencyReplayedHeader, 'true')
            .send(stored.body);
        }
      }

      let committed: SiteState;
      let status = 200;
      let body: unknown;
      try {
        const draft = draftOf(site);
        body = spec.run(draft, input, params);
        committed = draft;
      } catch (error) {
        if (!(error instanceof GatewayError) || !key) throw error;
        status = error.status;
        body = error.body;
        committed = { ...site };
      }
      if (key)
        rememberReply(committed, { key, fingerprint, status, body, at: context.now().getTime() });
      replaceSite(context, site, committed);
      // If this write fails the answer is a 500 and the client retries with the same key.
      await context.store.save(site.code);
      if (context.faults?.failAfterCommit)
        throw new GatewayError(
          ptiErrorCodes.internal,
          'The change was saved but its answer was lost (fault switch: failAfterCommit).',
        );
      return reply.code(status).send(body);
    },
  });
}
