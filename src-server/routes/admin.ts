import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AdminOrganisation,
  AdminSetTierRequest,
  AdminUpdateUserRequest,
  AdminUser,
} from '../../src-shared/accounts.js';
import { Role } from '../../src-shared/sync-protocol.js';
import {
  listOrganisations,
  listUsers,
  setOrganisationTier,
  updateUser,
} from '../accounts/admin.js';
import { ErrorResponse } from '../http/api-docs.js';
import { authenticate } from '../http/bearer.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import type { Viewer } from '../viewer.js';
import type { RouteContext } from './context.js';

const UserFilter = z
  .object({ organisationId: z.string().min(1).max(100).optional(), role: Role.optional() })
  .strict();
const IdParams = z.object({ id: z.string().min(1).max(100) });
const refusals = { 401: ErrorResponse, 403: ErrorResponse };

/** The admin's minimal tools: people, organisations, roles and support tiers. Admins only. */
export function registerAdminRoutes(app: FastifyInstance, context: RouteContext): void {
  const asAdmin = async (request: FastifyRequest): Promise<Outcome<Viewer>> => {
    const viewer = await authenticate(context.db, request, context.now());
    if (!viewer.ok) return viewer;
    return viewer.value.role === 'admin'
      ? viewer
      : failure('forbidden', 'Only an admin can manage accounts and organisations.');
  };

  app.get(
    '/admin/v1/users',
    {
      config: {
        docs: {
          summary: 'List users',
          tags: ['admin'],
          signedIn: true,
          querystring: UserFilter,
          responses: {
            200: z.object({ users: z.array(AdminUser) }),
            400: ErrorResponse,
            ...refusals,
          },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(request);
      if (!admin.ok) return sendOutcome(reply, admin);
      const filter = parseInput(UserFilter, request.query);
      if (!filter.ok) return sendOutcome(reply, filter);
      return sendOutcome(reply, success({ users: await listUsers(context.db, filter.value) }));
    },
  );

  app.patch(
    '/admin/v1/users/:id',
    {
      config: {
        docs: {
          summary: "Set a user's role or organisation",
          description: 'A site manager must belong to an organisation.',
          tags: ['admin'],
          signedIn: true,
          params: IdParams,
          body: AdminUpdateUserRequest,
          responses: { 200: AdminUser, 400: ErrorResponse, 404: ErrorResponse, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(request);
      if (!admin.ok) return sendOutcome(reply, admin);
      const { id } = IdParams.parse(request.params);
      const input = parseInput(AdminUpdateUserRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(reply, await updateUser(context.db, id, input.value, context.now()));
    },
  );

  app.get(
    '/admin/v1/organisations',
    {
      config: {
        docs: {
          summary: 'List organisations with their support tiers',
          description:
            '`effectiveTier` is the tier in force now: an expired preferred tier is free.',
          tags: ['admin'],
          signedIn: true,
          responses: { 200: z.object({ organisations: z.array(AdminOrganisation) }), ...refusals },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(request);
      if (!admin.ok) return sendOutcome(reply, admin);
      const organisations = await listOrganisations(context.db, context.now());
      return sendOutcome(reply, success({ organisations }));
    },
  );

  app.put(
    '/admin/v1/organisations/:id/tier',
    {
      config: {
        docs: {
          summary: "Set an organisation's support tier",
          description:
            'Preferred support may end at `tierExpiresAt` (null: no end); after it the organisation gets free support.',
          tags: ['admin'],
          signedIn: true,
          params: IdParams,
          body: AdminSetTierRequest,
          responses: {
            200: AdminOrganisation,
            400: ErrorResponse,
            404: ErrorResponse,
            ...refusals,
          },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(request);
      if (!admin.ok) return sendOutcome(reply, admin);
      const { id } = IdParams.parse(request.params);
      const input = parseInput(AdminSetTierRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(
        reply,
        await setOrganisationTier(context.db, id, input.value, context.now()),
      );
    },
  );
}
