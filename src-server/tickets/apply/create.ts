import { ticketNumberPrefix } from '../../../src-shared/domain/ticket.js';
import type { MutationArgs } from '../../../src-shared/mutations.js';
import { toSeq } from '../../db/schema.js';
import { toTicketRow } from '../../sync/rows.js';
import { announce } from '../activity.js';
import { reserveTicketNumbers } from '../numbers.js';
import { addMessage } from '../timeline.js';
import { checkBlobs } from './messages.js';
import { actorOf, applied, mayAccessOrganisation, rejected } from './context.js';
import type { ApplyContext, ApplyResult } from './context.js';

/**
 * Raises a NEW ticket, numbered by product line. Customers raise tickets for their own
 * organisation; staff raise them for a customer by naming the customer's site (or the closed
 * ticket this follows up). The client's ticket id is kept, so a retried create never doubles.
 */
export async function applyCreate(
  ctx: ApplyContext,
  args: MutationArgs<'ticket.create'>,
): Promise<ApplyResult> {
  const { writer, viewer } = ctx;
  const { trx } = writer;

  const existing = await trx
    .selectFrom('tickets')
    .select(['organisation_id', 'requester_id', 'version'])
    .where('id', '=', args.ticketId)
    .executeTakeFirst();
  if (existing) {
    return existing.requester_id === viewer.userId
      ? applied(toSeq(existing.version))
      : rejected(
          'invalid_args',
          'ticketId: this id is already used by another ticket; send a new id.',
        );
  }

  let organisationId = actorOf(viewer) === 'customer' ? viewer.organisationId : null;
  if (actorOf(viewer) === 'customer' && organisationId === null) {
    return rejected(
      'forbidden',
      'Your account does not belong to an organisation, so it cannot raise tickets.',
    );
  }

  if (args.followUpOfId !== null) {
    const original = await trx
      .selectFrom('tickets')
      .select(['organisation_id', 'status'])
      .where('id', '=', args.followUpOfId)
      .executeTakeFirst();
    if (!original || !mayAccessOrganisation(viewer, original.organisation_id)) {
      return rejected(
        'not_found',
        'followUpOfId: there is no ticket with this id that you can see.',
      );
    }
    if (original.status !== 'CLOSED') {
      return rejected(
        'not_allowed_in_status',
        'followUpOfId: only a closed ticket gets a follow-up; reply on the open ticket instead.',
      );
    }
    organisationId ??= original.organisation_id;
  }

  if (args.siteId !== null) {
    const site = await trx
      .selectFrom('sites')
      .select('organisation_id')
      .where('id', '=', args.siteId)
      .executeTakeFirst();
    const fits =
      site !== undefined &&
      mayAccessOrganisation(viewer, site.organisation_id) &&
      (organisationId === null || site.organisation_id === organisationId);
    if (!fits) {
      return rejected('invalid_args', "siteId: choose one of the organisation's own sites.");
    }
    organisationId ??= site.organisation_id;
  }

  if (args.unitId !== null) {
    const unit =
      args.siteId === null
        ? undefined
        : await trx
            .selectFrom('units')
            .select('id')
            .where('id', '=', args.unitId)
            .where('site_id', '=', args.siteId)
            .executeTakeFirst();
    if (!unit) {
      return rejected(
        'invalid_args',
        args.siteId === null
          ? 'unitId: choose the site first; a unit is named together with its site.'
          : "unitId: choose one of this site's units, or leave the unit out.",
      );
    }
  }

  if (organisationId === null) {
    return rejected(
      'invalid_args',
      "siteId: choose the customer's site, so the ticket belongs to their organisation.",
    );
  }
  const blobProblem = await checkBlobs(ctx, args.attachments);
  if (blobProblem) return blobProblem;

  const [number] = await reserveTicketNumbers(trx, ticketNumberPrefix(args.productLine), 1);
  const seq = await writer.nextSeq();
  const row = await trx
    .insertInto('tickets')
    .values({
      id: args.ticketId,
      number: number!,
      subject: args.subject,
      description: args.description,
      status: 'NEW',
      status_history: JSON.stringify([{ status: 'NEW', at: writer.now.toISOString() }]),
      priority: args.priority,
      category: args.category,
      product_line: args.productLine,
      help_topic: args.helpTopic || null,
      organisation_id: organisationId,
      site_id: args.siteId,
      unit_id: args.unitId,
      internal_reference: args.internalReference || null,
      assignee_id: null,
      requester_id: viewer.userId,
      follow_up_of_id: args.followUpOfId,
      created_at: writer.now,
      updated_at: writer.now,
      version: seq,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writer.record({ table: 'tickets', rowId: row.id, seq, op: 'upsert', organisationId });
  const ticket = toTicketRow(row);
  await announce(
    ctx.hooks.activity,
    trx,
    { type: 'ticket_created', ticket, actorId: viewer.userId },
    writer.now,
  );

  // Files sent with the ticket open its timeline, from the person who raised it.
  if (args.attachments.length > 0) {
    const message = await addMessage(writer, {
      ticketId: row.id,
      organisationId,
      kind: 'public',
      authorId: viewer.userId,
      body: '',
      attachments: args.attachments,
    });
    await announce(
      ctx.hooks.activity,
      trx,
      { type: 'message_added', ticket, message, actorId: viewer.userId },
      writer.now,
    );
  }
  return applied(seq);
}
