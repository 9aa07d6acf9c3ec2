import type { Selectable } from 'kysely';
import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import {
  gridSlotsOf,
  mayCloseCallback,
  preferredSupportRequired,
  statusAfterCallbackClosed,
} from '../../src-shared/domain/callbacks.js';
import type { MutationArgs } from '../../src-shared/mutations.js';
import { transition } from '../../src-shared/status-machine.js';
import { effectiveSupportTier } from '../accounts/organisations.js';
import { readBusinessCalendar } from '../calendar/business-calendar.js';
import { toSeq } from '../db/schema.js';
import type { CallbacksTable } from '../db/schema.js';
import { moveTicket } from '../tickets/status-change.js';
import { addMessage, updateTicket } from '../tickets/timeline.js';
import {
  actorOf,
  applied,
  rejected,
  ticketNotFound,
  visibleTicket,
} from '../tickets/apply/context.js';
import type { ApplyContext, ApplyResult, TicketRecord } from '../tickets/apply/context.js';
import { toCallbackRow } from './rows.js';
import { describeForBoth, describeSpan } from './wording.js';

/**
 * Callbacks, applied as intents (DESIGN.md, "Sync protocol"): a customer requests a window, a
 * technician books a slot, and the call is done, missed or cancelled. Booking is
 * compare-and-set: a technician's grid slots are rows with a unique key, so a slot taken by
 * another callback answers `conflict` / `slot_taken` with the taken slot, never a second booking.
 * Only organisations with preferred support in force have callbacks.
 */

type CallbackRecord = Selectable<CallbacksTable>;

async function findCallback(ctx: ApplyContext, id: string): Promise<CallbackRecord | undefined> {
  return ctx.writer.trx.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The refusal for an organisation without preferred support in force, saying how to get it. */
async function preferredSupportRefusal(
  ctx: ApplyContext,
  organisationId: string,
): Promise<ApplyResult | null> {
  const organisation = await ctx.writer.trx
    .selectFrom('organisations')
    .select(['name', 'support_tier', 'tier_expires_at'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  if (effectiveSupportTier(organisation, ctx.writer.now) === 'preferred') return null;
  const endedOn =
    organisation.support_tier === 'preferred' && organisation.tier_expires_at
      ? organisation.tier_expires_at.toISOString().slice(0, 10)
      : null;
  return rejected(
    'preferred_support_required',
    preferredSupportRequired(
      actorOf(ctx.viewer) === 'customer' ? 'customer' : 'staff',
      organisation.name,
      endedOn,
    ),
  );
}

function closedOrResolved(ticket: TicketRecord, doing: string): ApplyResult | null {
  if (ticket.status === 'CLOSED')
    return rejected(
      'ticket_closed',
      `This ticket is closed, so you cannot ${doing}. Open a follow-up ticket that links to it instead.`,
    );
  if (ticket.status === 'RESOLVED')
    return rejected(
      'not_allowed_in_status',
      `This ticket is resolved, so you cannot ${doing}. Reopen it first if a call is still needed.`,
    );
  return null;
}

async function openCallbackOf(
  ctx: ApplyContext,
  ticketId: string,
  except: string,
): Promise<CallbackRecord | undefined> {
  return ctx.writer.trx
    .selectFrom('callbacks')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('status', 'in', ['requested', 'booked'])
    .where('id', '!=', except)
    .executeTakeFirst();
}

/** The customer's zone and the number to call, from their settings. */
async function customerContact(
  ctx: ApplyContext,
  userId: string | null,
): Promise<{ timeZone: string | null; phone: string | null }> {
  if (userId === null) return { timeZone: null, phone: null };
  const { trx } = ctx.writer;
  const user = await trx
    .selectFrom('users')
    .select('timezone')
    .where('id', '=', userId)
    .executeTakeFirst();
  const phone = await trx
    .selectFrom('user_phones')
    .select('number')
    .where('user_id', '=', userId)
    .orderBy('position')
    .executeTakeFirst();
  return { timeZone: user?.timezone ?? null, phone: phone?.number ?? null };
}

async function recordCallback(ctx: ApplyContext, row: CallbackRecord): Promise<void> {
  await ctx.writer.record({
    table: 'callbacks',
    rowId: row.id,
    seq: toSeq(row.version),
    op: 'upsert',
    organisationId: row.organisation_id,
  });
}

async function timelineEntry(ctx: ApplyContext, ticket: TicketRecord, body: string) {
  await addMessage(ctx.writer, {
    ticketId: ticket.id,
    organisationId: ticket.organisation_id,
    kind: 'system',
    authorId: ctx.viewer.userId,
    body,
    systemEvent: 'callback',
  });
}

export async function applyCallbackRequest(
  ctx: ApplyContext,
  args: MutationArgs<'callback.request'>,
): Promise<ApplyResult> {
  const { writer, viewer } = ctx;
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  const existing = await findCallback(ctx, args.callbackId);
  if (existing) {
    return existing.ticket_id === ticket.id && existing.requested_by === viewer.userId
      ? applied(toSeq(existing.version))
      : rejected('invalid_args', 'callbackId: this id is already used; send a new id.');
  }
  if (actorOf(viewer) !== 'customer')
    return rejected(
      'not_allowed_for_role',
      'Customers request callbacks; as support staff, book a slot instead (callback.book).',
    );
  const refusal = closedOrResolved(ticket, 'request a callback');
  if (refusal) return refusal;
  const open = await openCallbackOf(ctx, ticket.id, args.callbackId);
  if (open)
    return rejected(
      'not_allowed_in_status',
      open.status === 'booked'
        ? 'A callback is already booked on this ticket; reply on the ticket to change it.'
        : 'A callback is already requested on this ticket; reply on the ticket to change its window.',
    );
  const tierRefusal = await preferredSupportRefusal(ctx, ticket.organisation_id);
  if (tierRefusal) return tierRefusal;

  const contact = await customerContact(ctx, viewer.userId);
  const phone = args.phone ?? contact.phone;
  if (phone === null)
    return rejected(
      'invalid_args',
      'phone: add a phone number to "My settings" (or give one with the request) so we know where to call.',
    );
  const timeZone = args.timeZone ?? contact.timeZone ?? 'America/New_York';
  const windowStart = new Date(args.windowStart);
  const windowEnd = new Date(args.windowEnd);

  const seq = await writer.nextSeq();
  const row = await writer.trx
    .insertInto('callbacks')
    .values({
      id: args.callbackId,
      ticket_id: ticket.id,
      organisation_id: ticket.organisation_id,
      status: 'requested',
      requested_by: viewer.userId,
      window_start: windowStart,
      window_end: windowEnd,
      customer_time_zone: timeZone,
      phone,
      note: args.note,
      technician_id: null,
      starts_at: null,
      duration_minutes: null,
      booked_by: null,
      completed_at: null,
      outcome_note: null,
      created_at: writer.now,
      updated_at: writer.now,
      version: seq,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordCallback(ctx, row);
  const note = args.note ? ` “${args.note}”` : '';
  await timelineEntry(
    ctx,
    ticket,
    `Callback requested for ${describeSpan(windowStart, windowEnd, timeZone)} on ${phone}.${note}`,
  );
  // A request is activity the customer and support both see: the ticket's last update moves.
  await updateTicket(writer, ticket, {});
  return applied(seq);
}

export async function applyCallbackBook(
  ctx: ApplyContext,
  args: MutationArgs<'callback.book'>,
): Promise<ApplyResult> {
  const { writer, viewer } = ctx;
  const { trx } = writer;
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  if (actorOf(viewer) !== 'staff')
    return rejected(
      'not_allowed_for_role',
      'Only support staff book callbacks; ask for one with a callback request instead.',
    );
  const technicianId = args.technicianId ?? viewer.userId;
  const startsAt = new Date(args.startsAt);
  const endsAt = new Date(startsAt.getTime() + args.durationMinutes * 60_000);

  const existing = await findCallback(ctx, args.callbackId);
  if (existing && existing.ticket_id !== ticket.id)
    return rejected('invalid_args', 'callbackId: this id belongs to another ticket.');
  if (existing && !['requested', 'booked'].includes(existing.status))
    return rejected(
      'not_allowed_in_status',
      `This callback was already marked ${existing.status}. Book a new callback instead.`,
    );
  if (
    existing?.status === 'booked' &&
    existing.technician_id === technicianId &&
    existing.starts_at?.getTime() === startsAt.getTime() &&
    existing.duration_minutes === args.durationMinutes
  )
    return applied(toSeq(existing.version));
  // Someone else booked or moved this callback after the version the sender saw.
  if (
    existing?.status === 'booked' &&
    ctx.baseVersion !== null &&
    toSeq(existing.version) > ctx.baseVersion
  )
    return {
      status: 'conflict',
      code: 'version_mismatch',
      message:
        'Someone else booked this callback after you last saw it. Check its time on the calendar and move it if you still need to.',
      serverRow: toCallbackRow(existing),
    };

  // A callback already booked on this ticket is being moved; anything else makes it SCHEDULED.
  const moving = existing?.status === 'booked';
  if (!moving) {
    const step = transition(ticket.status as TicketStatus, 'callback_booked', {
      actor: actorOf(viewer),
    });
    if (!step.ok) return rejected(step.code, step.message);
    const open = await openCallbackOf(ctx, ticket.id, args.callbackId);
    if (open?.status === 'booked')
      return rejected(
        'not_allowed_in_status',
        'A callback is already booked on this ticket; move that one instead of booking another.',
      );
  }
  const tierRefusal = await preferredSupportRefusal(ctx, ticket.organisation_id);
  if (tierRefusal) return tierRefusal;

  const technician = await trx
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', '=', technicianId)
    .executeTakeFirst();
  if (!technician || !['technician', 'admin'].includes(technician.role))
    return rejected(
      'invalid_args',
      "technicianId: choose a technician's calendar, or leave it out to book on your own.",
    );

  const slots = gridSlotsOf(startsAt, args.durationMinutes);
  const taken = await trx
    .selectFrom('callback_slots')
    .innerJoin('callbacks', 'callbacks.id', 'callback_slots.callback_id')
    .select(['callbacks.id', 'callbacks.starts_at', 'callbacks.duration_minutes'])
    .where('callback_slots.technician_id', '=', technicianId)
    .where(
      'callback_slots.slot_start',
      'in',
      slots.map((ms) => new Date(ms)),
    )
    .where('callback_slots.callback_id', '!=', args.callbackId)
    .executeTakeFirst();
  const calendar = await readBusinessCalendar(trx);
  if (taken?.starts_at && taken.duration_minutes) {
    const takenEnd = new Date(taken.starts_at.getTime() + taken.duration_minutes * 60_000);
    return {
      status: 'conflict',
      code: 'slot_taken',
      message:
        `${technician.name} already has a callback ${describeSpan(taken.starts_at, takenEnd, calendar.timeZone)}. ` +
        'Pick another slot and book again.',
      serverRow: {
        technicianId,
        startsAt: taken.starts_at.toISOString(),
        durationMinutes: taken.duration_minutes,
      },
    };
  }

  // The booking itself: this callback's grid slots, whose primary key is the final word.
  await trx.deleteFrom('callback_slots').where('callback_id', '=', args.callbackId).execute();
  const seq = await writer.nextSeq();
  const contact = existing
    ? { timeZone: existing.customer_time_zone, phone: existing.phone }
    : await customerContact(ctx, ticket.requester_id);
  const booked = {
    status: 'booked' as const,
    technician_id: technicianId,
    starts_at: startsAt,
    duration_minutes: args.durationMinutes,
    booked_by: viewer.userId,
    updated_at: writer.now,
    version: seq,
  };
  const row = existing
    ? await trx
        .updateTable('callbacks')
        .set(booked)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto('callbacks')
        .values({
          id: args.callbackId,
          ticket_id: ticket.id,
          organisation_id: ticket.organisation_id,
          requested_by: null,
          window_start: null,
          window_end: null,
          customer_time_zone: contact.timeZone,
          phone: contact.phone,
          note: '',
          completed_at: null,
          outcome_note: null,
          created_at: writer.now,
          ...booked,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
  await trx
    .insertInto('callback_slots')
    .values(
      slots.map((ms) => ({
        technician_id: technicianId,
        slot_start: new Date(ms),
        callback_id: row.id,
      })),
    )
    .execute();
  await recordCallback(ctx, row);

  const when = describeForBoth(startsAt, endsAt, calendar.timeZone, row.customer_time_zone);
  await timelineEntry(
    ctx,
    ticket,
    `${moving ? 'Callback moved' : 'Callback booked'} with ${technician.name} for ${when}.`,
  );
  if (ticket.status !== 'SCHEDULED')
    await moveTicket(ctx, ticket, { to: 'SCHEDULED', actorId: viewer.userId });
  else await updateTicket(writer, ticket, {});
  return applied(seq);
}

const outcomeText = { done: 'done', missed: 'missed', cancelled: 'cancelled' } as const;

export async function applyCallbackComplete(
  ctx: ApplyContext,
  args: MutationArgs<'callback.complete'>,
): Promise<ApplyResult> {
  const { writer, viewer } = ctx;
  const { trx } = writer;
  const ticket = await visibleTicket(ctx, args.ticketId);
  if (!ticket) return ticketNotFound();
  // A customer may call off their own callback; whether a call took place is support's to say.
  const actor = actorOf(viewer);
  if (!mayCloseCallback(actor, args.outcome))
    return rejected(
      'not_allowed_for_role',
      'Only support staff mark a callback done or missed; you can cancel yours, or reply on the ticket.',
    );
  const callback = await findCallback(ctx, args.callbackId);
  if (!callback || callback.ticket_id !== ticket.id)
    return rejected('not_found', 'There is no callback with this id on this ticket.');
  if (callback.status === args.outcome) return applied(toSeq(callback.version));
  if (callback.status !== 'requested' && callback.status !== 'booked')
    return rejected(
      'not_allowed_in_status',
      `This callback was already marked ${callback.status}; it cannot be marked ${args.outcome} now.`,
    );

  const seq = await writer.nextSeq();
  const row = await trx
    .updateTable('callbacks')
    .set({
      status: args.outcome,
      completed_at: writer.now,
      outcome_note: args.note || null,
      updated_at: writer.now,
      version: seq,
    })
    .where('id', '=', callback.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // A cancelled call frees its slot; a call that took place (or was missed) used it.
  if (args.outcome === 'cancelled')
    await trx.deleteFrom('callback_slots').where('callback_id', '=', callback.id).execute();
  await recordCallback(ctx, row);

  // A closed ticket's timeline is final; the callback still closes so its slot is not held.
  if (ticket.status === 'CLOSED') return applied(seq);
  const note = args.note ? ` “${args.note}”` : '';
  await timelineEntry(ctx, ticket, `Callback ${outcomeText[args.outcome]}.${note}`);
  const stillBooked = await openCallbackOf(ctx, ticket.id, callback.id);
  const next = statusAfterCallbackClosed(
    ticket.status as TicketStatus,
    stillBooked?.status === 'booked',
  );
  if (next) {
    await moveTicket(ctx, ticket, { to: next, actorId: viewer.userId });
    return applied(seq);
  }
  await updateTicket(writer, ticket, {});
  return applied(seq);
}
