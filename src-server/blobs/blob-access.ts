import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AttachmentRef } from '../../src-shared/attachments.js';
import type { PushRefusalCode } from '../../src-shared/mutations.js';
import { toSeq } from '../db/schema.js';
import type { Database } from '../db/schema.js';
import { seesAllOrganisations } from '../viewer.js';
import type { Viewer } from '../viewer.js';

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * Who may download a blob: anyone who may see a ticket message that references it (staff see
 * every ticket, internal notes included; customers and installers their organisation's public
 * messages), and the person who uploaded it as long as nothing references it yet.
 */
export async function mayReadBlob(db: Reader, viewer: Viewer, sha256: string): Promise<boolean> {
  if (await referenceVisibleTo(db, viewer, sha256)) return true;
  const row = await db
    .selectFrom('blob_uploads')
    .select('user_id')
    .where('sha256', '=', sha256)
    .where('user_id', '=', viewer.userId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('blob_references').select('id').where('sha256', '=', sha256))),
    )
    .executeTakeFirst();
  return row !== undefined;
}

async function referenceVisibleTo(db: Reader, viewer: Viewer, sha256: string): Promise<boolean> {
  let references = db.selectFrom('blob_references').select('id').where('sha256', '=', sha256);
  if (!seesAllOrganisations(viewer)) {
    if (viewer.organisationId === null) return false;
    references = references
      .where('organisation_id', '=', viewer.organisationId)
      .where('internal', '=', false);
  }
  return (await references.limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Records that a blob was sent, and by whom, with its first bytes (`head`) for the name check;
 * repeating an upload changes nothing but fills in the head of a file stored before it was kept.
 */
export async function recordBlobUpload(
  db: Reader,
  args: { sha256: string; size: number; head: Uint8Array; userId: string; now: Date },
): Promise<void> {
  const head = Buffer.from(args.head);
  await db
    .insertInto('blobs')
    .values({ sha256: args.sha256, size: args.size, head, created_at: args.now })
    .onConflict((oc) => oc.column('sha256').doUpdateSet({ head }).where('blobs.head', 'is', null))
    .execute();
  await db
    .insertInto('blob_uploads')
    .values({ sha256: args.sha256, user_id: args.userId, uploaded_at: args.now })
    .onConflict((oc) => oc.columns(['sha256', 'user_id']).doNothing())
    .execute();
}

export type AttachmentCheck =
  | { ok: true }
  | { ok: false; code: Extract<PushRefusalCode, 'blob_missing' | 'forbidden'>; message: string };

/**
 * Checks, at apply time, that a message's attachments can be used by its author: each blob was
 * uploaded, has the size the message claims, and the author uploaded it or may already read it.
 * Names, types, sizes and counts are checked by the shared `AttachmentList` schema first.
 */
export async function attachmentsUsableBy(
  trx: Reader,
  viewer: Viewer,
  attachments: readonly AttachmentRef[],
): Promise<AttachmentCheck> {
  for (const attachment of attachments) {
    const blob = await trx
      .selectFrom('blobs')
      .select('size')
      .where('sha256', '=', attachment.sha256)
      .executeTakeFirst();
    if (!blob) {
      return {
        ok: false,
        code: 'blob_missing',
        message: `"${attachment.name}" has not been uploaded yet; upload it, then send again.`,
      };
    }
    if (toSeq(blob.size) !== attachment.size) {
      return {
        ok: false,
        code: 'blob_missing',
        message: `"${attachment.name}" is ${toSeq(blob.size)} bytes on the server, not ${attachment.size}; attach it again.`,
      };
    }
    const uploaded = await trx
      .selectFrom('blob_uploads')
      .select('user_id')
      .where('sha256', '=', attachment.sha256)
      .where('user_id', '=', viewer.userId)
      .executeTakeFirst();
    if (!uploaded && !(await mayReadBlob(trx, viewer, attachment.sha256))) {
      return {
        ok: false,
        code: 'forbidden',
        message: `"${attachment.name}" is not a file you uploaded or can see; attach it again from your computer.`,
      };
    }
  }
  return { ok: true };
}

/**
 * Links a message's attachments to its ticket, in the transaction that stores the message; from
 * then on downloads are authorised through the ticket.
 */
export async function recordBlobReferences(
  trx: Transaction<Database>,
  args: {
    ticketId: string;
    messageId: string | null;
    organisationId: string;
    /** True for internal notes: customers never get these files. */
    internal: boolean;
    sha256s: readonly string[];
    now: Date;
  },
): Promise<void> {
  const unique = [...new Set(args.sha256s)];
  if (unique.length === 0) return;
  await trx
    .insertInto('blob_references')
    .values(
      unique.map((sha256) => ({
        id: randomUUID(),
        sha256,
        ticket_id: args.ticketId,
        message_id: args.messageId,
        organisation_id: args.organisationId,
        internal: args.internal,
        created_at: args.now,
      })),
    )
    .execute();
}
