import type { MutationArgs } from '../../../src-shared/mutations.js';
import type { TicketStatus } from '../../../src-shared/domain/ticket.js';
import { transition } from '../../../src-shared/status-machine.js';
import { toSeq } from '../../db/schema.js';
import { toTicketRow } from '../../sync/rows.js';
import { addMessage, updateTicket } from '../timeline.js';
import type { SystemEvent } from '../timeline.js';
import { actorOf, applied, rejected, ticketNotFound, visibleTicket } from './context.js';
import type { ApplyContext, ApplyResult, TicketRecord } from './context.js';

/**
 * Per-field policy for ticket edits (staff only, never on a CLOSED ticket):
 * - priority is a plain intent: the latest one applied wins, whatever version the sender saw,
 *   and the timeline shows every change, so nothing is hidden;
 * - the assignee is compare-and-set: if someone else changed it after the version the sender
 *   saw (baseVersion), the change is a conflict (version_mismatch) carrying the current ticket,
 *   so two technicians taking one ticket offline never silently take it from each other.
 */
export async function applySetPriority(
  ctx: ApplyContext,
  args: MutationArgs<'ticket.setPriority'>,
): Promise<ApplyResult> {
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  const refusal = checkEdit(ctx, ticket);
  if (refusal) return refusal;
  if (ticket.priority === args.priority) return applied(toSeq(ticket.version));
  return editField(
    ctx,
    ticket,
    { priority: args.priority },
    'priority',
    `Priority changed from ${ticket.priority} to ${args.priority}.`,
  );
}

export async function applyAssign(
  ctx: ApplyContext,
  args: MutationArgs<'ticket.assign'>,
): Promise<ApplyResult> {
  const { trx } = ctx.writer;
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  const refusal = checkEdit(ctx, ticket);
  if (refusal) return refusal;

  const assignee =
    args.assigneeId === null
      ? null
      : await trx
          .selectFrom('users')
          .select(['id', 'name', 'role'])
          .where('id', '=', args.assigneeId)
          .executeTakeFirst();
  if (args.assigneeId !== null && (!assignee || !['technician', 'admin'].includes(assignee.role))) {
    return rejected(
      'invalid_args',
      'assigneeId: choose a technician or an admin, or null to unassign.',
    );
  }

  if (ctx.baseVersion !== null) {
    const changedSince = await trx
      .selectFrom('messages')
      .select('author_id')
      .where('ticket_id', '=', ticket.id)
      .where('system_event', '=', 'assignee')
      .where('version', '>', ctx.baseVersion)
      .where((eb) => eb.or([eb('author_id', 'is', null), eb('author_id', '!=', ctx.viewer.userId)]))
      .executeTakeFirst();
    if (changedSince && ticket.assignee_id !== args.assigneeId) {
      return {
        status: 'conflict',
        code: 'version_mismatch',
        message:
          'Someone else changed who this ticket is assigned to after you last saw it. Check the current assignee and assign again if you still want to.',
        serverRow: toTicketRow(ticket),
      };
    }
  }
  if (ticket.assignee_id === args.assigneeId) return applied(toSeq(ticket.version));
  return editField(
    ctx,
    ticket,
    { assignee_id: args.assigneeId },
    'assignee',
    assignee ? `Assigned to ${assignee.name}.` : 'Unassigned.',
  );
}

function checkEdit(ctx: ApplyContext, ticket: TicketRecord): ApplyResult | null {
  const step = transition(ticket.status as TicketStatus, 'edit_fields', {
    actor: actorOf(ctx.viewer),
  });
  return step.ok ? null : rejected(step.code, step.message);
}

async function editField(
  ctx: ApplyContext,
  ticket: TicketRecord,
  patch: { priority?: string; assignee_id?: string | null },
  event: SystemEvent,
  text: string,
): Promise<ApplyResult> {
  const updated = await updateTicket(ctx.writer, ticket, patch);
  await addMessage(ctx.writer, {
    ticketId: ticket.id,
    organisationId: ticket.organisation_id,
    kind: 'system',
    authorId: ctx.viewer.userId,
    body: text,
    systemEvent: event,
  });
  return applied(toSeq(updated.version));
}
