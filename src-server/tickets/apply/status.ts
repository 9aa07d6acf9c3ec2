import type { TicketStatus } from '../../../src-shared/domain/ticket.js';
import type { MutationArgs } from '../../../src-shared/mutations.js';
import { eventForStatusChange, transition } from '../../../src-shared/status-machine.js';
import type { TicketEvent } from '../../../src-shared/status-machine.js';
import { toSeq } from '../../db/schema.js';
import { moveTicket } from '../status-change.js';
import { actorOf, applied, rejected, ticketNotFound, visibleTicket } from './context.js';
import type { ApplyContext, ApplyResult, TicketRecord } from './context.js';

/** A technician picks a status: OPEN (pick up, or reopen a resolved ticket), RESOLVED or CLOSED. */
export async function applySetStatus(
  ctx: ApplyContext,
  args: MutationArgs<'ticket.setStatus'>,
): Promise<ApplyResult> {
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  const from = ticket.status as TicketStatus;
  const event = eventForStatusChange(from, args.status);
  if (event === null) {
    if (actorOf(ctx.viewer) !== 'staff') {
      return rejected('not_allowed_for_role', 'Your role cannot change the status of a ticket.');
    }
    return rejected(
      'not_allowed_in_status',
      `You cannot set the status to ${args.status} while the ticket is ${from}.`,
    );
  }
  return causeEvent(ctx, ticket, event);
}

/** Reopening a resolved ticket: customers within the reopen window, staff at any time. */
export async function applyReopen(
  ctx: ApplyContext,
  args: MutationArgs<'ticket.reopen'>,
): Promise<ApplyResult> {
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  const event = actorOf(ctx.viewer) === 'staff' ? 'staff_reopen' : 'customer_reopen';
  return causeEvent(ctx, ticket, event);
}

/** Asks the shared status machine, then moves the ticket with its timeline entry. */
export async function causeEvent(
  ctx: ApplyContext,
  ticket: TicketRecord,
  event: TicketEvent,
): Promise<ApplyResult> {
  const step = transition(ticket.status as TicketStatus, event, {
    actor: actorOf(ctx.viewer),
    resolvedAt: ticket.resolved_at,
    now: ctx.writer.now,
    reopenWindowMs: ctx.settings.reopenWindowMs,
  });
  if (!step.ok) return rejected(step.code, step.message);
  if (step.to === step.from) return applied(toSeq(ticket.version));
  const moved = await moveTicket(ctx, ticket, { to: step.to, actorId: ctx.viewer.userId });
  return applied(toSeq(moved.version));
}
