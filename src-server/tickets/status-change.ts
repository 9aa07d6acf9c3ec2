import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import { completeStatusHistory } from '../../src-shared/sla/projection.js';
import { readStatusHistory, toTicketRow } from '../sync/rows.js';
import { announce } from './activity.js';
import type { ApplyContext, TicketRecord } from './apply/context.js';
import { addMessage, updateTicket } from './timeline.js';

export interface StatusChange {
  to: TicketStatus;
  /** Null for the server's own jobs. */
  actorId: string | null;
  reason?: 'auto_close';
}

/**
 * Moves a ticket to a status the status machine allowed, with its timeline entry: every status
 * change is a system message. Resolving stamps resolved_at (the reopen window counts from it);
 * closing asks the customer for a survey.
 */
export async function moveTicket(
  ctx: Pick<ApplyContext, 'writer' | 'hooks'>,
  ticket: TicketRecord,
  change: StatusChange,
): Promise<TicketRecord> {
  const { writer } = ctx;
  const from = ticket.status as TicketStatus;
  const closing = change.to === 'CLOSED';
  // The history the SLA clocks read: completed first, for rows written before it was kept.
  const history = completeStatusHistory({
    status: from,
    createdAt: ticket.created_at.toISOString(),
    updatedAt: ticket.updated_at.toISOString(),
    statusHistory: readStatusHistory(ticket.status_history),
  }).map((entry) => ({ status: entry.status, at: entry.at.toISOString() }));
  history.push({ status: change.to, at: writer.now.toISOString() });
  const updated = await updateTicket(writer, ticket, {
    status: change.to,
    status_history: JSON.stringify(history),
    ...(change.to === 'RESOLVED' ? { resolved_at: writer.now } : {}),
    ...(closing ? { survey_requested_at: writer.now } : {}),
  });
  await addMessage(writer, {
    ticketId: ticket.id,
    organisationId: ticket.organisation_id,
    kind: 'system',
    authorId: change.actorId,
    body: statusChangeText(from, change.to, change.reason),
    systemEvent: 'status',
  });
  const row = toTicketRow(updated);
  await announce(
    ctx.hooks.activity,
    writer.trx,
    { type: 'status_changed', ticket: row, from, to: change.to, actorId: change.actorId },
    writer.now,
  );
  if (closing) {
    await announce(
      ctx.hooks.activity,
      writer.trx,
      {
        type: 'ticket_closed',
        ticket: row,
        reason: change.reason ?? 'staff',
        surveyRequested: true,
        actorId: change.actorId,
      },
      writer.now,
    );
  }
  return updated;
}

function statusChangeText(from: TicketStatus, to: TicketStatus, reason?: 'auto_close'): string {
  if (reason === 'auto_close') {
    return `Status changed from ${from} to ${to}: the reopen window passed. Please rate how we did.`;
  }
  if (to === 'CLOSED') return `Status changed from ${from} to ${to}. Please rate how we did.`;
  return `Status changed from ${from} to ${to}.`;
}
