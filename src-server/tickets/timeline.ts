import { randomUUID } from 'node:crypto';
import type { Selectable, Updateable } from 'kysely';
import type { AttachmentRef } from '../../src-shared/attachments.js';
import type { MessageKind, MessageRow } from '../../src-shared/sync-protocol.js';
import type { TicketsTable } from '../db/schema.js';
import { toMessageRow } from '../sync/rows.js';
import type { ChangeWriter } from '../sync/writer.js';

/** What a system message records, so rules can ask which field changed since a version. */
export type SystemEvent = 'status' | 'assignee' | 'priority' | 'survey' | 'callback';

export interface NewMessage {
  id?: string;
  ticketId: string;
  organisationId: string;
  kind: MessageKind;
  authorId: string | null;
  body: string;
  quotedMessageId?: string | null;
  attachments?: readonly AttachmentRef[];
  systemEvent?: SystemEvent | null;
}

/** Appends one entry to a ticket's timeline; internal notes sync to staff only. */
export async function addMessage(writer: ChangeWriter, message: NewMessage): Promise<MessageRow> {
  const seq = await writer.nextSeq();
  const row = await writer.trx
    .insertInto('messages')
    .values({
      id: message.id ?? randomUUID(),
      ticket_id: message.ticketId,
      kind: message.kind,
      author_id: message.authorId,
      body: message.body,
      quoted_message_id: message.quotedMessageId ?? null,
      attachments: JSON.stringify(message.attachments ?? []),
      system_event: message.systemEvent ?? null,
      created_at: writer.now,
      version: seq,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writer.record({
    table: 'messages',
    rowId: row.id,
    seq,
    op: 'upsert',
    organisationId: message.organisationId,
    staffOnly: message.kind === 'internal',
  });
  return toMessageRow(row);
}

/** Writes ticket fields as a new version (updated now) and records the change for sync. */
export async function updateTicket(
  writer: ChangeWriter,
  ticket: Selectable<TicketsTable>,
  patch: Updateable<TicketsTable>,
): Promise<Selectable<TicketsTable>> {
  const seq = await writer.nextSeq();
  const row = await writer.trx
    .updateTable('tickets')
    .set({ ...patch, updated_at: writer.now, version: seq })
    .where('id', '=', ticket.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writer.record({
    table: 'tickets',
    rowId: row.id,
    seq,
    op: 'upsert',
    organisationId: row.organisation_id,
  });
  return row;
}
