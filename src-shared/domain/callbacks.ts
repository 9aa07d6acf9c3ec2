import { z } from 'zod';
import { Phone, TimeZoneName } from '../accounts.js';
import { dayNumberOfDate } from '../calendar/schema.js';
import { CallbackRow } from '../sync-protocol.js';
import { transition, type Actor } from '../status-machine.js';
import { Instant, TicketNumber, type TicketStatus } from './ticket.js';

/**
 * Callbacks (DESIGN.md, "Tickets"; seed 000): preferred-support customers ask for a call in a
 * window of their choosing, a technician books a slot on their own calendar, and the ticket is
 * SCHEDULED until the call is done, missed or cancelled. Slots sit on a fixed grid so that the
 * server can refuse a double booking with a plain unique key per technician and grid slot.
 */

/** Bookings start on, and last whole multiples of, this many minutes. */
export const CALLBACK_GRID_MINUTES = 15;
export const CALLBACK_GRID_MS = CALLBACK_GRID_MINUTES * 60_000;
export const MIN_CALLBACK_MINUTES = CALLBACK_GRID_MINUTES;
export const MAX_CALLBACK_MINUTES = 240;
/** A customer's window is at most this long, so it still says when to call. */
export const MAX_CALLBACK_WINDOW_DAYS = 14;

export const callbackOutcomes = ['done', 'missed', 'cancelled'] as const;
export const CallbackOutcome = z.enum(callbackOutcomes);
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

/** A slot start: an instant on the grid (10:00, 10:15, …; any zone has whole-quarter offsets). */
export const SlotStart = Instant.refine(
  (text) => Date.parse(text) % CALLBACK_GRID_MS === 0,
  `start the callback on a ${CALLBACK_GRID_MINUTES}-minute mark, e.g. 10:00, 10:15 or 10:30`,
);

export const CallbackDuration = z
  .number()
  .int('give the length in whole minutes')
  .min(MIN_CALLBACK_MINUTES, `a callback lasts at least ${MIN_CALLBACK_MINUTES} minutes`)
  .max(MAX_CALLBACK_MINUTES, `a callback lasts at most ${MAX_CALLBACK_MINUTES} minutes`)
  .refine(
    (minutes) => minutes % CALLBACK_GRID_MINUTES === 0,
    `give the length in steps of ${CALLBACK_GRID_MINUTES} minutes`,
  );

/** The grid slots [start, end) covers, as epoch milliseconds. */
export function gridSlotsOf(startsAt: Date, durationMinutes: number): number[] {
  const start = startsAt.getTime();
  return Array.from(
    { length: Math.ceil(durationMinutes / CALLBACK_GRID_MINUTES) },
    (_, i) => start + i * CALLBACK_GRID_MS,
  );
}

/** A callback as the screens show it: the synced row with names, and whether it is confirmed. */
export const CallbackView = CallbackRow.omit({ version: true }).extend({
  /** Null while the ticket waits for its server number. */
  ticketNumber: TicketNumber.nullable(),
  ticketSubject: z.string(),
  technicianName: z.string().nullable(),
  requesterName: z.string().nullable(),
  organisationName: z.string().nullable(),
  /** Booked on this device and not yet confirmed by the server: the slot may still be taken. */
  tentative: z.boolean(),
  /** Any local change the server has not confirmed yet. */
  pending: z.boolean(),
});
export type CallbackView = z.infer<typeof CallbackView>;

export const CallbackListQuery = z
  .object({
    from: Instant,
    to: Instant,
    /** One technician's calendar; left out (or null) for the whole team. */
    technicianId: z.string().min(1).max(100).nullable().optional(),
    /** Also list requests not booked yet (their window overlaps the range). Default true. */
    includeRequested: z.boolean().default(true),
  })
  .strict()
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), {
    message: 'to must be after from',
    path: ['to'],
  });

export const FreeSlotsQuery = z
  .object({
    technicianId: z.string().min(1).max(100),
    /** A date on the business calendar's wall clock, YYYY-MM-DD. */
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the day as YYYY-MM-DD')
      .refine(
        (day) => dayNumberOfDate(day) !== null,
        'not a date on the calendar; write YYYY-MM-DD',
      ),
    durationMinutes: CallbackDuration.default(30),
  })
  .strict();

export const FreeSlot = z.object({ startsAt: Instant, endsAt: Instant });
export type FreeSlot = z.infer<typeof FreeSlot>;

export const FreeSlots = z.object({
  day: z.string(),
  /** The business calendar's zone, in which `day` is read. */
  timeZone: z.string(),
  slots: z.array(FreeSlot),
});
export type FreeSlots = z.infer<typeof FreeSlots>;

/** What a customer asks for: a window (instants; shown in `timeZone`, theirs by default). */
export const CallbackRequestInput = z
  .object({
    ticketId: z.string().min(1).max(100),
    windowStart: Instant,
    windowEnd: Instant,
    timeZone: TimeZoneName.nullable().default(null),
    /** Left out: the first number in the customer's settings. */
    phone: Phone.shape.number.nullable().default(null),
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

/** A technician books a slot: for the ticket's request if it has one, else a new callback. */
export const CallbackBookInput = z
  .object({
    ticketId: z.string().min(1).max(100),
    /** The request (or booking, to move it) this books; left out: the ticket's open one, or new. */
    callbackId: z.uuid().optional(),
    /** Whose calendar; left out: your own. */
    technicianId: z.string().min(1).max(100).nullable().default(null),
    startsAt: SlotStart,
    durationMinutes: CallbackDuration.default(30),
  })
  .strict();

export const CallbackCompleteInput = z
  .object({
    callbackId: z.uuid(),
    outcome: CallbackOutcome,
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

/** The contract calls of callbacks (spread into src-shared/contract.ts). */
export const callbackCalls = {
  /** Callbacks in a range (booked by start, requests by window), with their tentative state. */
  'callbacks.list': { input: CallbackListQuery, output: z.array(CallbackView) },
  /** A customer asks to be called back (preferred support only). */
  'callbacks.request': {
    input: CallbackRequestInput,
    output: z.object({ callbackId: z.string() }),
  },
  /** A technician books a slot; tentative until the server confirms it. */
  'callbacks.book': { input: CallbackBookInput, output: z.object({ callbackId: z.string() }) },
  /** Done, missed or cancelled: closes the callback and moves the ticket on. */
  'callbacks.complete': { input: CallbackCompleteInput, output: z.object({}) },
  /** A technician's free slots on one day, from the business calendar and their bookings. */
  'callbacks.freeSlots': { input: FreeSlotsQuery, output: FreeSlots },
} as const;

/** `notifications.sla`: a ticket assigned to you is about to breach its SLA. */
export const SlaWarning = z.object({
  profileId: z.string(),
  ticketId: z.string(),
  number: TicketNumber.nullable(),
  subject: z.string(),
  dueAt: Instant,
  /** E.g. "HW00000094 breaches its first-response target in 25m". */
  text: z.string(),
});
export type SlaWarning = z.infer<typeof SlaWarning>;

/**
 * Why callbacks are refused to an organisation without preferred support in force, and the way
 * forward: a customer is told how to upgrade, support staff what to do instead.
 */
export function preferredSupportRequired(
  who: 'customer' | 'staff',
  organisationName: string | null,
  endedOn: string | null = null,
): string {
  const name = organisationName ?? (who === 'customer' ? 'your organisation' : 'This customer');
  const ended = endedOn ? ` Its Preferred Support ended on ${endedOn}.` : '';
  return who === 'customer'
    ? `Callbacks are part of Preferred Support, and ${name} has Free Support.${ended} ` +
        'To book callbacks, upgrade to Preferred Support: see "Upgrade to Preferred Support" in the knowledge base, or raise a billing ticket.'
    : `${name} has Free Support, which does not include callbacks.${ended} ` +
        'Reply on the ticket instead, or tell the customer how to upgrade to Preferred Support.';
}

/**
 * Who may close a callback with which outcome: whether a call took place is support's to say;
 * a customer may call off their own. The server and the desktop's optimistic effects both ask.
 */
export function mayCloseCallback(actor: Actor, outcome: CallbackOutcome): boolean {
  return actor === 'staff' || (actor === 'customer' && outcome === 'cancelled');
}

/**
 * The ticket's status once one of its callbacks is closed (done, missed or cancelled, by anyone
 * allowed to): a SCHEDULED ticket goes back to work unless another callback is still booked.
 * Null when the status stays.
 */
export function statusAfterCallbackClosed(
  status: TicketStatus,
  anotherStillBooked: boolean,
): TicketStatus | null {
  if (status !== 'SCHEDULED' || anotherStillBooked) return null;
  // the move follows from the callback closing, not from who closed it
  const step = transition(status, 'callback_finished', { actor: 'system' });
  return step.ok ? step.to : null;
}
