import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  PtiSiteSecrets,
  SupportPinIssued,
  SupportPinIssueRequest,
  SupportPinRedeemed,
  SupportPinRedeemRequest,
  SupportPinStatus,
} from '../../src-shared/domain/units.js';
import { ErrorResponse } from '../http/api-docs.js';
import { AttemptLimiter, firstRefusal, sendRateLimited } from '../http/attempt-limiter.js';
import { authenticate } from '../http/bearer.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { readSiteSecrets, storeSiteSecrets } from '../sites/site-secrets.js';
import {
  clearSupportPin,
  issueSupportPin,
  redeemSupportPin,
  supportPinStatus,
} from '../sites/support-pins.js';
import type { RouteContext } from './context.js';

const SiteParams = z.object({ siteId: z.string().min(1).max(100) });
const refusals = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const minute = 60_000;

/** Answers that carry a PIN or a secret are never kept by a cache or a proxy. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/**
 * A site's PTI secrets and its one-time support PIN (sites/support-pins.ts). Request bodies
 * here carry secrets and PINs; they are never logged, and no error message repeats them.
 */
export function registerSiteRoutes(app: FastifyInstance, context: RouteContext): void {
  const pins = { db: context.db, now: context.now, box: context.siteSecrets, mail: context.mail };
  // On top of the per-PIN lock: one account or address cannot try PINs across many sites.
  const wrongPinsPerAccount = new AttemptLimiter({ limit: 10, windowMs: 15 * minute }, context.now);
  const wrongPinsPerAddress = new AttemptLimiter({ limit: 30, windowMs: 15 * minute }, context.now);

  app.put(
    '/sites/v1/:siteId/pti-secrets',
    {
      config: {
        docs: {
          summary: "Store a site's PTI gateway credentials",
          description:
            "Site key, username and password (and the gateway address, if known), sealed at rest with the server key. For the site's own installers and managers, and admins.",
          tags: ['sites'],
          signedIn: true,
          params: SiteParams,
          body: PtiSiteSecrets,
          responses: { 200: z.object({ updatedAt: z.string() }), 400: ErrorResponse, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { siteId } = SiteParams.parse(request.params);
      const input = parseInput(PtiSiteSecrets, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(reply, await storeSiteSecrets(pins, viewer.value, siteId, input.value));
    },
  );

  app.get(
    '/sites/v1/:siteId/pti-secrets',
    {
      config: {
        docs: {
          summary: "Read a site's PTI gateway credentials (admins)",
          description:
            'Technicians get them once, by redeeming a support PIN (`POST …/support-pin/redeem`).',
          tags: ['sites'],
          signedIn: true,
          params: SiteParams,
          responses: { 200: PtiSiteSecrets, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { siteId } = SiteParams.parse(request.params);
      return sendOutcome(noStore(reply), await readSiteSecrets(pins, viewer.value, siteId));
    },
  );

  app.post(
    '/sites/v1/:siteId/support-pin',
    {
      config: {
        docs: {
          summary: 'Issue (or renew) the site’s one-time support PIN',
          description:
            'The site’s managers (or an admin). The answer shows the PIN once; the server keeps only a slow hash. A new PIN replaces the one that works now. `ttlMinutes` (5–1440) overrides the server’s default of 30 minutes.',
          tags: ['sites'],
          signedIn: true,
          params: SiteParams,
          body: SupportPinIssueRequest,
          responses: { 200: SupportPinIssued, 400: ErrorResponse, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { siteId } = SiteParams.parse(request.params);
      const input = parseInput(SupportPinIssueRequest, request.body ?? {});
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(
        noStore(reply),
        await issueSupportPin(pins, viewer.value, siteId, input.value),
      );
    },
  );

  app.delete(
    '/sites/v1/:siteId/support-pin',
    {
      config: {
        docs: {
          summary: 'Clear the site’s support PIN',
          description:
            'The PIN that works now stops working. `cleared` is false when there was none.',
          tags: ['sites'],
          signedIn: true,
          params: SiteParams,
          responses: { 200: z.object({ cleared: z.boolean() }), ...refusals },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { siteId } = SiteParams.parse(request.params);
      return sendOutcome(reply, await clearSupportPin(pins, viewer.value, siteId));
    },
  );

  app.get(
    '/sites/v1/:siteId/support-pin',
    {
      config: {
        docs: {
          summary: 'The site’s support PIN state and audit history',
          description:
            'Whether a PIN works now (never its digits), whether the newest one was locked, and every issue, use and failure, newest first. For the site’s managers and installers, and admins.',
          tags: ['sites'],
          signedIn: true,
          params: SiteParams,
          responses: { 200: SupportPinStatus, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { siteId } = SiteParams.parse(request.params);
      return sendOutcome(reply, await supportPinStatus(pins, viewer.value, siteId));
    },
  );

  app.post(
    '/sites/v1/:siteId/support-pin/redeem',
    {
      config: {
        docs: {
          summary: 'Present a support PIN and receive the site’s PTI configuration, once',
          description:
            'Technicians and admins. A right PIN is used up and the answer carries the site’s PTI credentials. Five wrong PINs lock the site’s PIN and email its managers (429); a PIN that does not work answers 403.',
          tags: ['sites'],
          signedIn: true,
          params: SiteParams,
          body: SupportPinRedeemRequest,
          responses: {
            200: SupportPinRedeemed,
            400: ErrorResponse,
            429: ErrorResponse,
            ...refusals,
          },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { siteId } = SiteParams.parse(request.params);
      const accountKey = viewer.value.userId;
      const limited = firstRefusal(
        wrongPinsPerAccount.check(accountKey),
        wrongPinsPerAddress.check(request.ip),
      );
      if (!limited.allowed) {
        return sendRateLimited(reply, limited.retryAfterSeconds, 'wrong support PINs');
      }
      const input = parseInput(SupportPinRedeemRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      const outcome = await redeemSupportPin(pins, viewer.value, siteId, input.value.pin);
      if (!outcome.ok && ['forbidden', 'rate_limited'].includes(outcome.error.code)) {
        wrongPinsPerAccount.record(accountKey);
        wrongPinsPerAddress.record(request.ip);
      }
      return sendOutcome(noStore(reply), outcome);
    },
  );
}
