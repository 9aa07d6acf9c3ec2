import type { MutationArgs } from '../../../src-shared/mutations.js';
import { actorOf, applied, rejected, ticketNotFound, visibleTicket } from './context.js';
import type { ApplyContext, ApplyResult } from './context.js';
import { addMessage } from '../timeline.js';

export const surveyRatingLabels = {
  very_satisfied: 'Very satisfied',
  somewhat_satisfied: 'Somewhat satisfied',
  unsatisfied: 'Unsatisfied',
} as const;

/**
 * The customer's answer to the survey sent when the ticket closed. It is the one thing a closed
 * ticket still accepts; answering again replaces the earlier answer. It shows in the timeline.
 */
export async function applySurvey(
  ctx: ApplyContext,
  args: MutationArgs<'ticket.survey'>,
): Promise<ApplyResult> {
  const { writer, viewer } = ctx;
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  if (actorOf(viewer) !== 'customer') {
    return rejected(
      'not_allowed_for_role',
      'Only the customer can answer the satisfaction survey.',
    );
  }
  if (ticket.status !== 'CLOSED') {
    return rejected(
      'not_allowed_in_status',
      `You can rate a ticket once it is closed; this one is ${ticket.status}.`,
    );
  }
  await writer.trx
    .insertInto('ticket_surveys')
    .values({
      ticket_id: ticket.id,
      rating: args.rating,
      comment: args.comment,
      answered_by: viewer.userId,
      answered_at: writer.now,
    })
    .onConflict((oc) =>
      oc.column('ticket_id').doUpdateSet({
        rating: args.rating,
        comment: args.comment,
        answered_by: viewer.userId,
        answered_at: writer.now,
      }),
    )
    .execute();
  const message = await addMessage(writer, {
    ticketId: ticket.id,
    organisationId: ticket.organisation_id,
    kind: 'system',
    authorId: viewer.userId,
    body: surveyMessage(args.rating, args.comment),
    systemEvent: 'survey',
  });
  return applied(message.version);
}

/** The timeline entry of a survey answer. */
export function surveyMessage(rating: keyof typeof surveyRatingLabels, comment: string): string {
  return `Survey: ${surveyRatingLabels[rating]}.${comment ? ` “${comment}”` : ''}`;
}
