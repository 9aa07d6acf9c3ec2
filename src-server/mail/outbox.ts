import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EmailContent } from './templates.js';

export interface Recipient {
  email: string;
  name: string;
}

export interface OutgoingEmail {
  /** What the message is for (e.g. "ticket_created"); kept for the operator, never the body. */
  kind: string;
  to: Recipient;
  content: EmailContent;
}

/**
 * Queues an email in the caller's transaction: it is sent only if the event that caused it
 * commits, and it survives any SMTP outage. The mail worker sends it.
 */
export async function enqueueEmail(
  trx: Transaction<Database> | Kysely<Database>,
  email: OutgoingEmail,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('email_outbox')
    .values({
      id,
      kind: email.kind,
      to_address: email.to.email,
      to_name: email.to.name,
      subject: email.content.subject,
      text_body: email.content.text,
      html_body: email.content.html,
      created_at: now,
      next_attempt_at: now,
      locked_until: null,
      sent_at: null,
      failed_at: null,
      last_error: null,
    })
    .execute();
  return id;
}
