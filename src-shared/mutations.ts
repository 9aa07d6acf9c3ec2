import { z } from 'zod';
import { AttachmentList } from './attachments.js';
import { Category, Instant, Priority, ProductLine } from './domain/ticket.js';
import {
  CallbackDuration,
  CallbackOutcome,
  MAX_CALLBACK_WINDOW_DAYS,
  SlotStart,
} from './domain/callbacks.js';
import { Phone, TimeZoneName } from './accounts.js';
import { UnitCreateArgs, UnitRemoveArgs, UnitSetMappingArgs } from './domain/units.js';

/**
 * Intent mutations (DESIGN.md, "Sync protocol"): what a user meant, not which rows changed.
 * The client writes one to its outbox in the same transaction as the optimistic local effect;
 * the server applies it exactly once, checking the status machine and the user's role and scope
 * at apply time. Ids are client-generated, so a retried mutation or message is never doubled.
 */
const Id = z.uuid();
const Body = z
  .string()
  .trim()
  .min(1, 'write a message first')
  .max(20_000, 'keep a message under 20,000 characters');

const TicketRef = z.string().max(100);

/** A customer asks to be called back within a window (preferred support only). */
const CallbackRequestArgs = z
  .object({
    callbackId: Id,
    ticketId: TicketRef,
    windowStart: Instant,
    windowEnd: Instant,
    /** The customer's zone, for showing the window as they chose it; null: from their settings. */
    timeZone: TimeZoneName.nullable().default(null),
    /** The number to call; null: the first number in the customer's settings. */
    phone: Phone.shape.number.nullable().default(null),
    note: z.string().trim().max(2000).default(''),
  })
  .strict()
  .superRefine((args, context) => {
    const start = Date.parse(args.windowStart);
    const end = Date.parse(args.windowEnd);
    if (end <= start)
      context.addIssue({
        code: 'custom',
        path: ['windowEnd'],
        message: 'the window must end after it starts',
      });
    else if (end - start > MAX_CALLBACK_WINDOW_DAYS * 86_400_000)
      context.addIssue({
        code: 'custom',
        path: ['windowEnd'],
        message: `keep the window under ${MAX_CALLBACK_WINDOW_DAYS} days so we know when to call`,
      });
  });

/**
 * A technician books a slot: for a customer's request (its callbackId) or on their own initiative
 * (a new callbackId). `technicianId` null books on the sender's own calendar.
 */
const CallbackBookArgs = z
  .object({
    callbackId: Id,
    ticketId: TicketRef,
    technicianId: z.string().max(100).nullable().default(null),
    startsAt: SlotStart,
    durationMinutes: CallbackDuration,
  })
  .strict();

const CallbackCompleteArgs = z
  .object({
    callbackId: Id,
    ticketId: TicketRef,
    outcome: CallbackOutcome,
    note: z.string().trim().max(2000).default(''),
  })
  .strict();

export const mutationArgs = {
  'ticket.create': z
    .object({
      ticketId: Id,
      productLine: ProductLine,
      helpTopic: z.string().trim().max(120).nullable().default(null),
      category: Category,
      priority: Priority,
      subject: z
        .string()
        .trim()
        .min(1, 'give the ticket a subject')
        .max(200, 'keep the subject under 200 characters'),
      description: z.string().trim().min(1, 'describe the problem').max(20_000),
      siteId: z.string().max(100).nullable().default(null),
      unitId: z.string().max(100).nullable().default(null),
      internalReference: z.string().trim().max(100).nullable().default(null),
      /** Set when this ticket follows up a closed one. */
      followUpOfId: z.string().max(100).nullable().default(null),
      attachments: AttachmentList.default([]),
    })
    .strict(),
  'ticket.reply': z
    .object({
      ticketId: z.string().max(100),
      messageId: Id,
      body: Body,
      quotedMessageId: z.string().max(100).nullable().default(null),
      attachments: AttachmentList.default([]),
    })
    .strict(),
  'ticket.note': z
    .object({
      ticketId: z.string().max(100),
      messageId: Id,
      body: Body,
      quotedMessageId: z.string().max(100).nullable().default(null),
      attachments: AttachmentList.default([]),
    })
    .strict(),
  'ticket.setStatus': z
    .object({ ticketId: z.string().max(100), status: z.enum(['OPEN', 'RESOLVED', 'CLOSED']) })
    .strict(),
  'ticket.reopen': z.object({ ticketId: z.string().max(100) }).strict(),
  'ticket.setPriority': z.object({ ticketId: z.string().max(100), priority: Priority }).strict(),
  'ticket.assign': z
    .object({ ticketId: z.string().max(100), assigneeId: z.string().max(100).nullable() })
    .strict(),
  'ticket.survey': z
    .object({
      ticketId: z.string().max(100),
      rating: z.enum(['very_satisfied', 'somewhat_satisfied', 'unsatisfied']),
      comment: z.string().trim().max(2000).default(''),
    })
    .strict(),
  // Callbacks (src-shared/domain/callbacks.ts): preferred support only, checked at apply time.
  'callback.request': CallbackRequestArgs,
  'callback.book': CallbackBookArgs,
  'callback.complete': CallbackCompleteArgs,
  // Units and their PTI mapping (src-shared/domain/units.ts); setMapping carries baseVersion.
  'unit.create': UnitCreateArgs,
  'unit.setMapping': UnitSetMappingArgs,
  'unit.remove': UnitRemoveArgs,
} as const;

export type MutationName = keyof typeof mutationArgs;
export type MutationArgs<N extends MutationName> = z.output<(typeof mutationArgs)[N]>;
export const mutationNames = Object.keys(mutationArgs) as MutationName[];
export const isMutationName = (name: unknown): name is MutationName =>
  typeof name === 'string' && Object.hasOwn(mutationArgs, name);

export const Mutation = z.object({
  id: Id,
  name: z.string().max(60),
  args: z.unknown(),
  /** The version of the row the user saw when they acted; null for creations. */
  baseVersion: z.string().max(40).nullable(),
});
export type Mutation = z.infer<typeof Mutation>;

export const PushRequest = z
  .object({
    clientId: Id,
    mutations: z.array(Mutation).min(1).max(500),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * Codes a client acts on: `retry_later` keeps the mutation queued; everything else moves it to
 * "needs attention" with its content and a way forward.
 */
export const pushRefusalCodes = [
  'invalid_args',
  'unknown_mutation',
  'not_found',
  'forbidden',
  'ticket_closed',
  'not_allowed_for_role',
  'not_allowed_in_status',
  'reopen_window_passed',
  'slot_taken',
  // Callbacks need preferred support; the message says how to upgrade.
  'preferred_support_required',
  // A unit label or PTI unit name already used at the same site.
  'name_taken',
  'version_mismatch',
  'blob_missing',
  'retry_later',
] as const;
export const PushRefusalCode = z.enum(pushRefusalCodes);
export type PushRefusalCode = z.infer<typeof PushRefusalCode>;

export const PushResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('applied'), version: z.string() }),
  z.object({
    id: z.string(),
    status: z.literal('rejected'),
    code: PushRefusalCode,
    message: z.string(),
  }),
  z.object({
    id: z.string(),
    status: z.literal('conflict'),
    code: PushRefusalCode,
    message: z.string(),
    serverRow: z.unknown().optional(),
  }),
]);
export type PushResult = z.infer<typeof PushResult>;

export const PushResponse = z.object({ results: z.array(PushResult) });
export type PushResponse = z.infer<typeof PushResponse>;
