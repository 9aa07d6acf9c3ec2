import type { TicketStatus } from './domain/ticket.js';

/**
 * The ticket status machine of DESIGN.md ("Tickets"), following PTI's portal. The server applies
 * it as the authority; the client uses the same table to predict results and to disable actions
 * that cannot succeed.
 *
 *   NEW ──pick up──▶ OPEN ──staff reply──▶ ANSWERED ──customer reply──▶ OPEN
 *   any open state ──callback booked──▶ SCHEDULED ──callback finished──▶ OPEN
 *   any open state ──resolve──▶ RESOLVED ──reopen (within the window)──▶ OPEN
 *   RESOLVED ──close, or the window passes──▶ CLOSED (final)
 */
export const ticketEvents = [
  'staff_pick_up',
  'staff_public_reply',
  'customer_reply',
  'internal_note',
  'staff_resolve',
  'staff_reopen',
  'staff_close',
  'customer_reopen',
  'auto_close',
  'callback_booked',
  'callback_finished',
  'edit_fields',
] as const;
export type TicketEvent = (typeof ticketEvents)[number];

export const statusMachine: Record<TicketStatus, Partial<Record<TicketEvent, TicketStatus>>> = {
  NEW: {
    staff_pick_up: 'OPEN',
    staff_public_reply: 'ANSWERED',
    customer_reply: 'NEW',
    internal_note: 'NEW',
    staff_resolve: 'RESOLVED',
    callback_booked: 'SCHEDULED',
    edit_fields: 'NEW',
  },
  OPEN: {
    staff_public_reply: 'ANSWERED',
    customer_reply: 'OPEN',
    internal_note: 'OPEN',
    staff_resolve: 'RESOLVED',
    callback_booked: 'SCHEDULED',
    edit_fields: 'OPEN',
  },
  ANSWERED: {
    staff_pick_up: 'OPEN',
    staff_public_reply: 'ANSWERED',
    customer_reply: 'OPEN',
    internal_note: 'ANSWERED',
    staff_resolve: 'RESOLVED',
    callback_booked: 'SCHEDULED',
    edit_fields: 'ANSWERED',
  },
  SCHEDULED: {
    staff_public_reply: 'SCHEDULED',
    customer_reply: 'SCHEDULED',
    internal_note: 'SCHEDULED',
    staff_resolve: 'RESOLVED',
    callback_finished: 'OPEN',
    edit_fields: 'SCHEDULED',
  },
  RESOLVED: {
    staff_public_reply: 'RESOLVED',
    // a customer's reply to a resolved ticket reopens it, within the same window as "reopen"
    customer_reply: 'OPEN',
    internal_note: 'RESOLVED',
    staff_reopen: 'OPEN',
    customer_reopen: 'OPEN',
    staff_close: 'CLOSED',
    auto_close: 'CLOSED',
    edit_fields: 'RESOLVED',
  },
  // CLOSED is final: no reply, no reopen, no edit; a follow-up ticket links back instead.
  CLOSED: {},
};

/** Events that only staff (technicians, admins) may cause; customers cause the customer_* ones. */
const staffEvents = new Set<TicketEvent>([
  'staff_pick_up',
  'staff_public_reply',
  'internal_note',
  'staff_resolve',
  'staff_reopen',
  'staff_close',
  'callback_finished',
  'edit_fields',
]);
// Customers ask for a callback (callback.request) without changing the status; a technician
// books the slot, which is what makes the ticket SCHEDULED.
const customerEvents = new Set<TicketEvent>(['customer_reply', 'customer_reopen']);
const systemEvents = new Set<TicketEvent>(['auto_close', 'callback_booked', 'callback_finished']);

export type Actor = 'staff' | 'customer' | 'system';

/** Events from RESOLVED that customers may cause only while the reopen window is open. */
const windowedFromResolved = new Set<TicketEvent>(['customer_reply', 'customer_reopen']);

export const DEFAULT_REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type TransitionRefusal =
  'ticket_closed' | 'not_allowed_for_role' | 'not_allowed_in_status' | 'reopen_window_passed';

export type Transition =
  | { ok: true; from: TicketStatus; to: TicketStatus }
  | { ok: false; code: TransitionRefusal; message: string };

export interface TransitionContext {
  actor: Actor;
  /** When the ticket was last resolved; needed for events from RESOLVED. */
  resolvedAt?: Date | string | null;
  now?: Date;
  reopenWindowMs?: number;
}

const eventDescriptions: Record<TicketEvent, string> = {
  staff_pick_up: 'pick up the ticket',
  staff_public_reply: 'reply',
  customer_reply: 'reply',
  internal_note: 'add an internal note',
  staff_resolve: 'resolve the ticket',
  staff_reopen: 'reopen the ticket',
  staff_close: 'close the ticket',
  customer_reopen: 'reopen the ticket',
  auto_close: 'close the ticket',
  callback_booked: 'book a callback',
  callback_finished: 'finish the callback',
  edit_fields: 'change the ticket',
};

export function actorMayCause(actor: Actor, event: TicketEvent): boolean {
  if (actor === 'staff') return staffEvents.has(event) || event === 'callback_booked';
  if (actor === 'customer') return customerEvents.has(event);
  return systemEvents.has(event);
}

/** The one function both sides ask: may this actor cause this event now, and what follows? */
export function transition(
  status: TicketStatus,
  event: TicketEvent,
  ctx: TransitionContext,
): Transition {
  const doing = eventDescriptions[event];
  if (status === 'CLOSED') {
    return {
      ok: false,
      code: 'ticket_closed',
      message: `This ticket is closed, so you cannot ${doing}. Open a follow-up ticket that links to it instead.`,
    };
  }
  if (!actorMayCause(ctx.actor, event)) {
    return { ok: false, code: 'not_allowed_for_role', message: `Your role cannot ${doing}.` };
  }
  const to = statusMachine[status][event];
  if (!to) {
    return {
      ok: false,
      code: 'not_allowed_in_status',
      message: `You cannot ${doing} while the ticket is ${status}.`,
    };
  }
  if (status === 'RESOLVED' && ctx.actor === 'customer' && windowedFromResolved.has(event)) {
    const windowMs = ctx.reopenWindowMs ?? DEFAULT_REOPEN_WINDOW_MS;
    const resolvedAt = ctx.resolvedAt ? new Date(ctx.resolvedAt).getTime() : Number.NaN;
    const now = (ctx.now ?? new Date()).getTime();
    if (!Number.isFinite(resolvedAt) || now - resolvedAt > windowMs) {
      const days = Math.round(windowMs / 86_400_000);
      return {
        ok: false,
        code: 'reopen_window_passed',
        message: `This ticket was resolved more than ${days} days ago and can no longer be reopened. Open a follow-up ticket instead.`,
      };
    }
  }
  return { ok: true, from: status, to };
}

/** The events an actor could cause from a status, for enabling and disabling actions. */
export function availableEvents(status: TicketStatus, actor: Actor): TicketEvent[] {
  return ticketEvents.filter(
    (event) => statusMachine[status][event] !== undefined && actorMayCause(actor, event),
  );
}

/** Maps the status a technician picks in the UI to the event it means from the current status. */
export function eventForStatusChange(from: TicketStatus, to: TicketStatus): TicketEvent | null {
  if (to === 'OPEN')
    return from === 'RESOLVED' ? 'staff_reopen' : from === 'SCHEDULED' ? null : 'staff_pick_up';
  if (to === 'RESOLVED') return 'staff_resolve';
  if (to === 'CLOSED') return 'staff_close';
  return null; // ANSWERED comes from a reply, SCHEDULED from a callback booking, NEW only at creation
}
