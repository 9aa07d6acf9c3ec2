import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TicketActivityHook } from '../tickets/activity.js';
import { recordBlobReferences } from './blob-access.js';

/**
 * Links a new message's attachments to its ticket in the message's own transaction, so from the
 * moment the message exists its files are readable by whoever may see it, and by nobody else.
 */
export const blobReferenceHook: TicketActivityHook = async (trx, activity, now) => {
  if (activity.type !== 'message_added' || activity.message.attachments.length === 0) return;
  await recordBlobReferences(trx, {
    ticketId: activity.ticket.id,
    messageId: activity.message.id,
    organisationId: activity.ticket.organisationId,
    internal: activity.message.kind === 'internal',
    sha256s: activity.message.attachments.map((a) => a.sha256),
    now,
  });
};

/** The sha256s the server holds no file for; a message naming one waits for its upload. */
export async function missingBlobs(
  trx: Transaction<Database>,
  sha256s: readonly string[],
): Promise<string[]> {
  const wanted = [...new Set(sha256s)];
  if (wanted.length === 0) return [];
  const held = await trx
    .selectFrom('blobs')
    .select('sha256')
    .where('sha256', 'in', wanted)
    .execute();
  const have = new Set(held.map((row) => row.sha256));
  return wanted.filter((sha256) => !have.has(sha256));
}
