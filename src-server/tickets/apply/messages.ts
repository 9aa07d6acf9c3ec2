import type { AttachmentRef } from '../../../src-shared/attachments.js';
import type { MutationArgs } from '../../../src-shared/mutations.js';
import type { TicketEvent } from '../../../src-shared/status-machine.js';
import { transition } from '../../../src-shared/status-machine.js';
import type { TicketStatus } from '../../../src-shared/domain/ticket.js';
import { toSeq } from '../../db/schema.js';
import { toTicketRow } from '../../sync/rows.js';
import { announce } from '../activity.js';
import { moveTicket } from '../status-change.js';
import { addMessage, updateTicket } from '../timeline.js';
import { actorOf, applied, rejected, ticketNotFound, visibleTicket } from './context.js';
import type { ApplyContext, ApplyResult, TicketRecord } from './context.js';

type MessageArgs = MutationArgs<'ticket.reply'> | MutationArgs<'ticket.note'>;

/**
 * A public reply. A staff reply answers the ticket (ANSWERED); a customer's reply to an answered
 * ticket puts it back to OPEN, and to a resolved one reopens it while the window is open.
 */
export function applyReply(ctx: ApplyContext, args: MutationArgs<'ticket.reply'>) {
  const actor = actorOf(ctx.viewer);
  return appendMessage(ctx, args, {
    kind: 'public',
    event: actor === 'staff' ? 'staff_public_reply' : 'customer_reply',
  });
}

/** An internal note: staff only, no status change, never sent to customers. */
export function applyNote(ctx: ApplyContext, args: MutationArgs<'ticket.note'>) {
  return appendMessage(ctx, args, { kind: 'internal', event: 'internal_note' });
}

async function appendMessage(
  ctx: ApplyContext,
  args: MessageArgs,
  how: { kind: 'public' | 'internal'; event: TicketEvent },
): Promise<ApplyResult> {
  const { writer, viewer } = ctx;
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();

  // Messages carry client-generated ids: the same id again is the same message, never a second.
  const existing = await writer.trx
    .selectFrom('messages')
    .select(['ticket_id', 'author_id', 'version'])
    .where('id', '=', args.messageId)
    .executeTakeFirst();
  if (existing) {
    return existing.ticket_id === ticket.id && existing.author_id === viewer.userId
      ? applied(toSeq(existing.version))
      : rejected(
          'invalid_args',
          'messageId: this id is already used by another message; send a new id.',
        );
  }

  const step = transition(ticket.status as TicketStatus, how.event, {
    actor: actorOf(viewer),
    resolvedAt: ticket.resolved_at,
    now: writer.now,
    reopenWindowMs: ctx.settings.reopenWindowMs,
  });
  if (!step.ok) return rejected(step.code, step.message);

  const quoteProblem = await checkQuote(ctx, ticket, args.quotedMessageId);
  if (quoteProblem) return quoteProblem;
  const blobProblem = await checkBlobs(ctx, args.attachments);
  if (blobProblem) return blobProblem;

  const message = await addMessage(writer, {
    id: args.messageId,
    ticketId: ticket.id,
    organisationId: ticket.organisation_id,
    kind: how.kind,
    authorId: viewer.userId,
    body: args.body,
    quotedMessageId: args.quotedMessageId,
    attachments: args.attachments,
  });

  // A public reply is activity on the ticket (its "last update" moves); an internal note is not
  // shown to the customer, so it must not move anything the customer can see either.
  let current = ticket;
  if (step.to !== step.from) {
    current = await moveTicket(ctx, ticket, { to: step.to, actorId: viewer.userId });
  } else if (how.kind === 'public') {
    current = await updateTicket(writer, ticket, {});
  }
  await announce(
    ctx.hooks.activity,
    writer.trx,
    { type: 'message_added', ticket: toTicketRow(current), message, actorId: viewer.userId },
    writer.now,
  );
  return applied(how.kind === 'public' ? toSeq(current.version) : message.version);
}

/** Quoting works within the ticket; a customer cannot quote (or learn of) an internal note. */
async function checkQuote(
  ctx: ApplyContext,
  ticket: TicketRecord,
  quotedMessageId: string | null,
): Promise<ApplyResult | null> {
  if (quotedMessageId === null) return null;
  const quoted = await ctx.writer.trx
    .selectFrom('messages')
    .select(['ticket_id', 'kind'])
    .where('id', '=', quotedMessageId)
    .executeTakeFirst();
  const visible =
    quoted?.ticket_id === ticket.id &&
    (quoted.kind !== 'internal' || actorOf(ctx.viewer) === 'staff');
  return visible
    ? null
    : rejected(
        'invalid_args',
        'quotedMessageId: there is no such message in this ticket; quote one of its messages or none.',
      );
}

export async function checkBlobs(
  ctx: ApplyContext,
  attachments: readonly AttachmentRef[],
): Promise<ApplyResult | null> {
  if (attachments.length === 0) return null;
  const { missingBlobs, attachmentContentProblems } = ctx.hooks;
  if (missingBlobs) {
    const missing = await missingBlobs(
      ctx.writer.trx,
      attachments.map((a) => a.sha256),
    );
    if (missing.length > 0) {
      const names = attachments.filter((a) => missing.includes(a.sha256)).map((a) => a.name);
      return rejected(
        'blob_missing',
        `Upload ${names.join(', ')} first (PUT /blobs/{sha256}), then send the message again.`,
      );
    }
  }
  // A hostile client could name a script photo.png; the content, checked by the rule the
  // clients apply when a file is attached, decides.
  const problems = (await attachmentContentProblems?.(ctx.writer.trx, attachments)) ?? [];
  return problems.length > 0 ? rejected('invalid_args', problems.join(' ')) : null;
}
