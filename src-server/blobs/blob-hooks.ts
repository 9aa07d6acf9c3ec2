import type { Transaction } from 'kysely';
import { contentMismatch } from '../../src-shared/attachment-content.js';
import type { AttachmentRef } from '../../src-shared/attachments.js';
import type { Database } from '../db/schema.js';
import type { TicketActivityHook } from '../tickets/activity.js';
import { recordBlobReferences } from './blob-access.js';
import type { BlobStore } from './blob-store.js';

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

/**
 * Why a message's files contradict their names, one sentence per file (an image or PDF name on
 * other content: a script called photo.png); any refuses the message. Only the head recorded at
 * upload is read; a file stored before heads were kept is read from disk once and recorded.
 */
export function attachmentContentProblems(blobs: BlobStore) {
  return async (
    trx: Transaction<Database>,
    attachments: readonly AttachmentRef[],
  ): Promise<string[]> => {
    const wanted = [...new Set(attachments.map((a) => a.sha256))];
    if (wanted.length === 0) return [];
    const rows = await trx
      .selectFrom('blobs')
      .select(['sha256', 'head'])
      .where('sha256', 'in', wanted)
      .execute();
    const heads = new Map<string, Uint8Array>();
    for (const row of rows) {
      let head: Uint8Array | null = row.head;
      if (head === null) {
        head = await blobs.headOf(row.sha256);
        if (head === null) continue;
        await trx
          .updateTable('blobs')
          .set({ head: Buffer.from(head) })
          .where('sha256', '=', row.sha256)
          .execute();
      }
      heads.set(row.sha256, head);
    }
    const problems: string[] = [];
    for (const attachment of attachments) {
      const head = heads.get(attachment.sha256);
      const mismatch = head ? contentMismatch(attachment.name, head) : null;
      if (mismatch) {
        problems.push(
          `${attachment.name} was refused: ${mismatch}. Attach it under its real type (or attach the real file) and send again.`,
        );
      }
    }
    return problems;
  };
}
