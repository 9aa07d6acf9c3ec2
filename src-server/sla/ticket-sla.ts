import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { Instant } from '../../src-shared/domain/ticket.js';
import {
  completeStatusHistory,
  computeTicketSla,
  SlaTarget,
  slaStates,
  summarizeTicketSla,
  type SlaClock,
  type SlaPolicy,
} from '../../src-shared/sla/index.js';
import { mayAccessOrganisation } from '../tickets/apply/context.js';
import { readBusinessCalendar } from '../calendar/business-calendar.js';
import type { Database } from '../db/schema.js';
import { readSlaPolicy } from './sla-policy.js';
import { toTicketRow } from '../sync/rows.js';
import type { Viewer } from '../viewer.js';

type Reader = Kysely<Database> | Transaction<Database>;

const SlaClockResponse = z.object({
  kind: z.enum(['first_response', 'resolution']),
  state: z.enum(slaStates),
  startedAt: Instant,
  dueAt: Instant,
  completedAt: Instant.nullable(),
  binding: z.enum(['tier', 'priority']),
  target: SlaTarget,
  counts: z.enum(['business_time', 'wall_time']),
  targetMs: z.number(),
  elapsedMs: z.number(),
  timeLeftMs: z.number(),
});

/** `GET /tickets/v1/{id}/sla`: both clocks and the queue's one-line summary. */
export const TicketSlaResponse = z.object({
  ticketId: z.string(),
  at: Instant,
  summary: z.object({
    state: z.enum([...slaStates, 'none']),
    text: z.string(),
    clock: z.enum(['first_response', 'resolution']).nullable(),
    dueAt: Instant.nullable(),
  }),
  firstResponse: SlaClockResponse.nullable(),
  resolution: SlaClockResponse.nullable(),
});
export type TicketSlaResponse = z.infer<typeof TicketSlaResponse>;

function clockJson(clock: SlaClock | null): z.infer<typeof SlaClockResponse> | null {
  if (!clock) return null;
  return {
    ...clock,
    startedAt: clock.startedAt.toISOString(),
    dueAt: clock.dueAt.toISOString(),
    completedAt: clock.completedAt?.toISOString() ?? null,
  };
}

/**
 * A ticket's SLA clocks at `now`, from the shared rules: the organisation's tier at each instant
 * (a preferred tier that expires counts as free from then on), the priority, the business
 * calendar in force and the ticket's status history. Null when the viewer may not see it.
 */
export async function ticketSla(
  db: Reader,
  viewer: Viewer,
  ticketId: string,
  now: Date,
  policy?: SlaPolicy,
): Promise<TicketSlaResponse | null> {
  const ticket = await db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket || !mayAccessOrganisation(viewer, ticket.organisation_id)) return null;
  const organisation = await db
    .selectFrom('organisations')
    .select(['support_tier', 'tier_expires_at'])
    .where('id', '=', ticket.organisation_id)
    .executeTakeFirstOrThrow();
  const row = toTicketRow(ticket);
  const sla = computeTicketSla({
    priority: row.priority,
    tier: organisation.support_tier,
    tierExpiresAt: organisation.tier_expires_at,
    calendar: await readBusinessCalendar(db),
    history: completeStatusHistory(row),
    now,
    policy: policy ?? (await readSlaPolicy(db)),
  });
  const summary = summarizeTicketSla(sla, now);
  return {
    ticketId,
    at: now.toISOString(),
    summary: { ...summary, dueAt: summary.dueAt?.toISOString() ?? null },
    firstResponse: clockJson(sla.firstResponse),
    resolution: clockJson(sla.resolution),
  };
}
