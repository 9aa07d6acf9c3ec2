import type { Transaction } from 'kysely';
import type { AttachmentRef } from '../../src-shared/attachments.js';
import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import type { MessageRow, TicketRow } from '../../src-shared/sync-protocol.js';
import type { Database } from '../db/schema.js';

/**
 * Something that happened to a ticket, as other parts of the server (email notifications, blob
 * references) need to hear of it. `actorId` is null for the server's own jobs.
 */
export type TicketActivity =
  | { type: 'ticket_created'; ticket: TicketRow; actorId: string }
  /** A public reply or an internal note (status changes come as status_changed). */
  | { type: 'message_added'; ticket: TicketRow; message: MessageRow; actorId: string }
  | {
      type: 'status_changed';
      ticket: TicketRow;
      from: TicketStatus;
      to: TicketStatus;
      actorId: string | null;
    }
  /** CLOSED (by staff or by the auto-close job): the customer is asked to rate the ticket. */
  | {
      type: 'ticket_closed';
      ticket: TicketRow;
      reason: 'staff' | 'auto_close';
      surveyRequested: boolean;
      actorId: string | null;
    };

/**
 * Runs inside the transaction that caused the activity, so whatever it writes (an email_outbox
 * row, a blob reference) commits or rolls back with it: a notification is never lost and never
 * sent for something that did not happen. A hook that throws rolls the change back.
 */
export type TicketActivityHook = (
  trx: Transaction<Database>,
  activity: TicketActivity,
  now: Date,
) => Promise<void>;

export async function announce(
  hooks: readonly TicketActivityHook[],
  trx: Transaction<Database>,
  activity: TicketActivity,
  now: Date,
): Promise<void> {
  for (const hook of hooks) await hook(trx, activity, now);
}

/** What the ticket rules ask of the rest of the server. */
export interface TicketHooks {
  activity: TicketActivityHook[];
  /**
   * The sha256s among these that the server does not hold (yet): a message naming one is refused
   * with `blob_missing` so the client uploads first. Without a blob store, every name is taken.
   */
  missingBlobs?: (trx: Transaction<Database>, sha256s: readonly string[]) => Promise<string[]>;
  /**
   * One sentence per file whose content contradicts its image or PDF name; a message with any is
   * refused. Asked only once every file is held.
   */
  attachmentContentProblems?: (
    trx: Transaction<Database>,
    attachments: readonly AttachmentRef[],
  ) => Promise<string[]>;
}

export const noTicketHooks: TicketHooks = { activity: [] };
