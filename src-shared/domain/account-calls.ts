import { z } from 'zod';
import {
  AcceptedResponse,
  ChangePasswordRequest,
  MySettings,
  RequestAccountRequest,
  UpdateMySettingsRequest,
} from '../accounts.js';
import { ServerUrl } from './profile.js';
import { TicketNumber } from './ticket.js';

/**
 * The signed-in person's account (PTI's portal "My settings", seed 000) and the replies they
 * have not read yet. Account calls are online only: nothing about an account is queued.
 */

const Empty = z.object({}).strict();

/** Said when an account call finds no server; the form keeps what was typed. */
export const accountOfflineMessage =
  'You are offline; your settings were not sent. Try again when online.';

export const RequestAccountInput = RequestAccountRequest.extend({
  /** The server to ask; left out: the active profile's server. */
  serverUrl: ServerUrl.optional(),
}).strict();
export type RequestAccountInput = z.infer<typeof RequestAccountInput>;

/** A reply by someone else on a ticket the signed-in person follows. */
export const ReplyNotification = z.object({
  /** The message's id: one notification per message. */
  id: z.string(),
  ticketId: z.string(),
  /** Null while the ticket waits for its server number. */
  number: TicketNumber.nullable(),
  subject: z.string(),
  author: z.string(),
  /** The start of the reply, on one line. */
  excerpt: z.string(),
  /** Internal notes reach technicians only, and say so. */
  internal: z.boolean(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type ReplyNotification = z.infer<typeof ReplyNotification>;

export const accountCalls = {
  'account.settings.get': { input: Empty, output: MySettings },
  /** Send only the fields to change; `phones` replaces the list. */
  'account.settings.set': { input: UpdateMySettingsRequest, output: MySettings },
  /** This session stays signed in; the server ends every other one. */
  'account.changePassword': {
    input: ChangePasswordRequest,
    output: z.object({ message: z.string() }),
  },
  /** Needs no sign-in: asks the server to email an activation link. */
  'account.requestAccount': { input: RequestAccountInput, output: AcceptedResponse },
  /** Newest first; unread ones only unless `all`. */
  'notifications.list': {
    input: z
      .object({
        all: z.boolean().default(false),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({
      items: z.array(ReplyNotification),
      unread: z.number().int().min(0),
    }),
  },
  /** Marks one ticket's notifications read (opening it does), or all of them. */
  'notifications.markRead': {
    input: z.object({ ticketId: z.string().min(1).max(100).optional() }).strict(),
    output: z.object({ unread: z.number().int().min(0) }),
  },
} as const;

export const notificationEvents = {
  /** A reply to a followed ticket arrived: the shells show a desktop notification. */
  'notifications.reply': z.object({
    ticketId: z.string(),
    number: TicketNumber.nullable(),
    subject: z.string(),
    author: z.string(),
    excerpt: z.string(),
    /** An internal note (technicians only), not a reply the customer sees. */
    internal: z.boolean(),
  }),
} as const;

export type ReplyNotice = z.infer<(typeof notificationEvents)['notifications.reply']>;

/** A message body as a notification line: whitespace folded, at most `max` characters. */
export function excerptOf(body: string, max = 140): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
