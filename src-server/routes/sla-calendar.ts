import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BusinessCalendar } from '../../src-shared/calendar/index.js';
import { SlaPolicy } from '../../src-shared/sla/index.js';
import { readBusinessCalendar, writeBusinessCalendar } from '../calendar/business-calendar.js';
import { ErrorResponse } from '../http/api-docs.js';
import { authenticate } from '../http/bearer.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { failure, success } from '../outcome.js';
import { readSlaPolicy, writeSlaPolicy } from '../sla/sla-policy.js';
import { TicketSlaResponse, ticketSla } from '../sla/ticket-sla.js';
import type { RouteContext } from './context.js';

const IdParams = z.object({ id: z.string().min(1).max(100) });
const refusals = { 401: ErrorResponse, 403: ErrorResponse };

/** A ticket's SLA clocks, the business calendar they count on and the policy (admins edit both). */
export function registerSlaCalendarRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get(
    '/tickets/v1/:id/sla',
    {
      config: {
        docs: {
          summary: "A ticket's SLA clocks",
          description:
            "First response and resolution: due time, state (ok, at_risk, breached, met, paused) and time left, from the organisation's tier, the priority, the business calendar and the status history. Resolution pauses while the ticket is ANSWERED.",
          tags: ['tickets'],
          signedIn: true,
          params: IdParams,
          responses: { 200: TicketSlaResponse, 404: ErrorResponse, 401: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const { id } = IdParams.parse(request.params);
      const sla = await ticketSla(context.db, viewer.value, id, context.now());
      return sendOutcome(
        reply,
        sla
          ? success(sla)
          : failure('not_found', 'There is no ticket with this id that you can see.'),
      );
    },
  );

  app.get(
    '/admin/v1/business-calendar',
    {
      config: {
        docs: {
          summary: 'The business calendar',
          description: 'Working hours per weekday, their time zone and the holidays.',
          tags: ['admin'],
          signedIn: true,
          responses: { 200: BusinessCalendar, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(context, request);
      if (!admin.ok) return sendOutcome(reply, admin);
      return sendOutcome(reply, success(await readBusinessCalendar(context.db)));
    },
  );

  app.put(
    '/admin/v1/business-calendar',
    {
      config: {
        docs: {
          summary: 'Replace the business calendar',
          description:
            'SLA targets in business hours and callback slots count on it. Windows are "HH:MM" on the time zone\'s wall clock (end excluded, 24:00 allowed); holidays are local dates. Clients receive it on their next pull.',
          tags: ['admin'],
          signedIn: true,
          body: BusinessCalendar,
          responses: { 200: BusinessCalendar, 400: ErrorResponse, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(context, request);
      if (!admin.ok) return sendOutcome(reply, admin);
      const input = parseInput(BusinessCalendar, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      const { calendar, changes } = await writeBusinessCalendar(
        context.db,
        input.value,
        context.now(),
      );
      context.notifier.committed(changes);
      return sendOutcome(reply, success(calendar));
    },
  );

  app.get(
    '/admin/v1/sla-policy',
    {
      config: {
        docs: {
          summary: 'The SLA policy',
          description:
            'First-response and resolution targets per support tier and per priority (null: no target from that side), and the share of a target left below which a ticket is at risk.',
          tags: ['admin'],
          signedIn: true,
          responses: { 200: SlaPolicy, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(context, request);
      if (!admin.ok) return sendOutcome(reply, admin);
      return sendOutcome(reply, success(await readSlaPolicy(context.db)));
    },
  );

  app.put(
    '/admin/v1/sla-policy',
    {
      config: {
        docs: {
          summary: 'Replace the SLA policy',
          description:
            "A target is {clock: 'around_the_clock', hours}, {clock: 'business_hours', hours} or {clock: 'business_days', days}; a ticket's due time is the earlier of its tier's and its priority's. Server SLA answers use it at once; clients receive it with the business calendar on their next pull.",
          tags: ['admin'],
          signedIn: true,
          body: SlaPolicy,
          responses: { 200: SlaPolicy, 400: ErrorResponse, ...refusals },
        },
      },
    },
    async (request, reply) => {
      const admin = await asAdmin(context, request);
      if (!admin.ok) return sendOutcome(reply, admin);
      const input = parseInput(SlaPolicy, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      const { policy, changes } = await writeSlaPolicy(context.db, input.value, context.now());
      context.notifier.committed(changes);
      return sendOutcome(reply, success(policy));
    },
  );
}

async function asAdmin(context: RouteContext, request: Parameters<typeof authenticate>[1]) {
  const viewer = await authenticate(context.db, request, context.now());
  if (!viewer.ok) return viewer;
  return viewer.value.role === 'admin'
    ? viewer
    : failure('forbidden', 'Only an admin can see or change the business calendar and SLA policy.');
}
