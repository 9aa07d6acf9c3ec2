import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { enqueueEmail } from './outbox.js';
import type { Recipient } from './outbox.js';
import {
  statusChangedEmail,
  surveyRequestEmail,
  technicianReplyEmail,
  ticketCreatedEmail,
  ticketResolvedEmail,
} from './templates.js';
import type { EmailContent, MailBrand, TicketFacts } from './templates.js';

/** What the ticket notifications need from the running server. */
export interface MailContext {
  brand: MailBrand;
  now: () => Date;
  /** Asks the mail worker to look at the outbox now; call it after the transaction commits. */
  wake: () => void;
}

type Writer = Transaction<Database> | Kysely<Database>;

/**
 * Ticket emails for customers. Each queues one email per recipient in the caller's transaction,
 * so call them from the transaction that makes the change; then call `mail.wake()` after it
 * commits. Internal notes never produce an email.
 */

export function notifyTicketCreated(
  trx: Writer,
  mail: MailContext,
  args: { ticket: TicketFacts; recipients: readonly Recipient[] },
): Promise<void> {
  return queueEach(trx, mail, 'ticket_created', args.recipients, (name) =>
    ticketCreatedEmail(mail.brand, { name, ticket: args.ticket }),
  );
}

export function notifyTechnicianReply(
  trx: Writer,
  mail: MailContext,
  args: {
    ticket: TicketFacts;
    recipients: readonly Recipient[];
    technicianName: string;
    /** The public reply's text (never an internal note's). */
    body: string;
  },
): Promise<void> {
  return queueEach(trx, mail, 'technician_reply', args.recipients, (name) =>
    technicianReplyEmail(mail.brand, {
      name,
      ticket: args.ticket,
      technicianName: args.technicianName,
      body: args.body,
    }),
  );
}

export function notifyStatusChanged(
  trx: Writer,
  mail: MailContext,
  args: { ticket: TicketFacts; recipients: readonly Recipient[]; from: string; to: string },
): Promise<void> {
  return queueEach(trx, mail, 'status_changed', args.recipients, (name) =>
    statusChangedEmail(mail.brand, { name, ticket: args.ticket, from: args.from, to: args.to }),
  );
}

export function notifyTicketResolved(
  trx: Writer,
  mail: MailContext,
  args: { ticket: TicketFacts; recipients: readonly Recipient[]; reopenDays: number },
): Promise<void> {
  return queueEach(trx, mail, 'ticket_resolved', args.recipients, (name) =>
    ticketResolvedEmail(mail.brand, { name, ticket: args.ticket, reopenDays: args.reopenDays }),
  );
}

export function notifySurveyRequest(
  trx: Writer,
  mail: MailContext,
  args: { ticket: TicketFacts; recipients: readonly Recipient[] },
): Promise<void> {
  return queueEach(trx, mail, 'survey_request', args.recipients, (name) =>
    surveyRequestEmail(mail.brand, { name, ticket: args.ticket }),
  );
}

/**
 * Who hears about a customer's ticket: its requester when they belong to the ticket's
 * organisation, otherwise that organisation's site managers. Only accounts that can sign in.
 */
export async function ticketCustomerRecipients(
  trx: Writer,
  args: { organisationId: string; requesterId?: string | null },
): Promise<Recipient[]> {
  const customers = trx
    .selectFrom('users')
    .select(['email', 'name'])
    .where('organisation_id', '=', args.organisationId)
    .where('password_hash', 'is not', null)
    .orderBy('email');
  if (args.requesterId) {
    const requester = await customers.where('id', '=', args.requesterId).execute();
    if (requester.length > 0) return requester;
  }
  return customers.where('role', '=', 'site_manager').execute();
}

async function queueEach(
  trx: Writer,
  mail: MailContext,
  kind: string,
  recipients: readonly Recipient[],
  render: (name: string) => EmailContent,
): Promise<void> {
  const now = mail.now();
  for (const to of recipients) {
    await enqueueEmail(trx, { kind, to, content: render(to.name) }, now);
  }
}
