import type { AttachmentRef } from '../../../src-shared/attachments';
import type { CurrentUser, TicketDetail, TimelineEntry } from '../../../src-shared/domain/timeline';
import type { Category, Priority, ProductLine } from '../../../src-shared/domain/ticket';

/**
 * What the screen shows between a click and the core's answer. The core writes the same change
 * to the local store within milliseconds, and its rows replace these as soon as they are read
 * back; until the server confirms them both carry `pending: true`.
 */

/** Ids of entries that exist only in this window; the core's id replaces them on refetch. */
export const LOCAL_ID_PREFIX = 'local:';

export function optimisticMessage(args: {
  localId: string;
  ticketId: string;
  kind: 'public' | 'internal';
  body: string;
  quotedMessageId: string | null;
  attachments?: AttachmentRef[];
  author: Pick<CurrentUser, 'id' | 'name'> | null;
  now: Date;
}): TimelineEntry {
  return {
    id: `${LOCAL_ID_PREFIX}${args.localId}`,
    ticketId: args.ticketId,
    kind: args.kind,
    authorId: args.author?.id ?? null,
    authorName: args.author?.name ?? null,
    body: args.body.trim(),
    quotedMessageId: args.quotedMessageId,
    attachments: args.attachments ?? [],
    createdAt: args.now.toISOString(),
    pending: true,
  };
}

export interface CreatedTicketFields {
  productLine: ProductLine;
  helpTopic: string | null;
  category: Category;
  priority: Priority;
  siteId: string | null;
  subject: string;
  description: string;
  internalReference: string | null;
  followUpOfId: string | null;
}

/** A ticket just created here: no number until the server assigns one ("pending"). */
export function optimisticTicket(
  id: string,
  fields: CreatedTicketFields,
  user: Pick<CurrentUser, 'organisationId'> | null,
  now: Date,
  siteName: string | null = null,
): TicketDetail {
  const at = now.toISOString();
  return {
    id,
    number: null,
    subject: fields.subject.trim(),
    status: 'NEW',
    priority: fields.priority,
    category: fields.category,
    productLine: fields.productLine,
    siteId: fields.siteId,
    siteName: siteName,
    assigneeId: null,
    assigneeName: null,
    createdAt: at,
    updatedAt: at,
    pending: true,
    description: fields.description.trim(),
    helpTopic: fields.helpTopic,
    internalReference: fields.internalReference,
    organisationId: user?.organisationId ?? '',
    unitId: null,
    resolvedAt: null,
    followUpOfId: fields.followUpOfId,
  };
}

/** Appends an entry to a cached timeline, or leaves an uncached one alone (it loads whole). */
export function withEntry(
  timeline: TimelineEntry[] | undefined,
  entry: TimelineEntry,
): TimelineEntry[] | undefined {
  return timeline ? [...timeline, entry] : timeline;
}

export function withoutEntry(
  timeline: TimelineEntry[] | undefined,
  id: string,
): TimelineEntry[] | undefined {
  return timeline?.filter((entry) => entry.id !== id);
}
