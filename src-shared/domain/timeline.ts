import { z } from 'zod';
import { AttachmentRef } from '../attachments.js';
import { mutationArgs } from '../mutations.js';
import { MessageKind, Role, SupportTier } from '../sync-protocol.js';
import { CallbackView } from './callbacks.js';
import { Instant, TicketSummary } from './ticket.js';

/** A ticket as the ticket view needs it. `pending`: local changes not yet confirmed by the server. */
export const TicketDetail = TicketSummary.extend({
  description: z.string(),
  helpTopic: z.string().nullable(),
  internalReference: z.string().nullable(),
  organisationId: z.string(),
  unitId: z.string().nullable(),
  resolvedAt: Instant.nullable(),
  followUpOfId: z.string().nullable(),
  /**
   * The organisation's support tier in force now (null before it has synced): callbacks are
   * offered on preferred support only; free support shows how to upgrade instead.
   */
  supportTier: SupportTier.nullable().optional(),
  /** The ticket's callback that is requested or booked (tentative until confirmed), if any. */
  callback: CallbackView.nullable().optional(),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const TimelineEntry = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: MessageKind,
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  quotedMessageId: z.string().nullable(),
  attachments: z.array(AttachmentRef),
  createdAt: Instant,
  pending: z.boolean(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const SearchHit = z.object({
  ticket: TicketSummary,
  /** Where the words were found, with the matches between ⟦ and ⟧. */
  snippet: z.string(),
  messageId: z.string().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const CurrentUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  organisationId: z.string().nullable(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

/** The inputs of ticket actions: the mutation's arguments without the ids the core generates. */
const { ticketId: _t, ...createFields } = mutationArgs['ticket.create'].shape;
export const NewTicketInput = z.object(createFields).strict();
export const ReplyInput = mutationArgs['ticket.reply'].omit({ messageId: true });
export const NoteInput = mutationArgs['ticket.note'].omit({ messageId: true });

export const PendingChange = z.object({
  id: z.string(),
  name: z.string(),
  /** The change as queued, so the sync panel can say it in words (format/changes.ts). */
  args: z.unknown(),
  ticketId: z.string().nullable(),
  createdAt: Instant,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});

/** A change the server refused, kept with everything the user wrote. */
export const AttentionItem = z.object({
  id: z.string(),
  name: z.string(),
  args: z.unknown(),
  ticketId: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  createdAt: Instant,
  failedAt: Instant,
  /** What the user can do about it. */
  actions: z.array(z.enum(['retry', 'discard', 'follow_up'])),
});
export type AttentionItem = z.infer<typeof AttentionItem>;

export const AttentionResolution = z.discriminatedUnion('action', [
  z
    .object({ id: z.string().max(100), action: z.literal('retry'), args: z.unknown().optional() })
    .strict(),
  z.object({ id: z.string().max(100), action: z.literal('discard') }).strict(),
  z.object({ id: z.string().max(100), action: z.literal('follow_up') }).strict(),
]);
