import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Category,
  Priority,
  ProductLine,
  TicketStatus,
} from '../../src-shared/domain/ticket.js';
import type { AttachmentRef } from '../../src-shared/attachments.js';
import type { StatusHistoryEntry } from '../../src-shared/sync-protocol.js';
import type {
  KbArticleRow,
  KbSectionRow,
  MessageRow,
  SiteRow,
  TicketRow,
  UserRow,
} from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type {
  Database,
  KbArticlesTable,
  KbSectionsTable,
  MessagesTable,
  SitesTable,
  TicketsTable,
  UsersTable,
} from '../db/schema.js';

/** Database rows as they travel to clients (never with password hashes). */

type Reader = Kysely<Database> | Transaction<Database>;

/**
 * The rows with these ids, as one array parameter: a pull page names up to 5,000 rows, and an
 * IN list of that many parameters costs far more to build, send and plan.
 */
export function idIsAnyOf(ids: readonly string[]) {
  return sql<boolean>`id = any(${[...ids]}::text[])`;
}

export function toTicketRow(row: Selectable<TicketsTable>): TicketRow {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    description: row.description,
    // The table's check constraints hold these to the shared enums.
    status: row.status as TicketStatus,
    priority: row.priority as Priority,
    category: row.category as Category,
    productLine: row.product_line as ProductLine,
    helpTopic: row.help_topic,
    organisationId: row.organisation_id,
    siteId: row.site_id,
    unitId: row.unit_id,
    internalReference: row.internal_reference,
    assigneeId: row.assignee_id,
    requesterId: row.requester_id,
    resolvedAt: row.resolved_at ? row.resolved_at.toISOString() : null,
    followUpOfId: row.follow_up_of_id,
    statusHistory: readStatusHistory(row.status_history),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: String(toSeq(row.version)),
  };
}

/**
 * jsonb comes back parsed from both drivers; a string is tolerated for engines that do not.
 * Only the server writes this column, from entries the shared schema already checked, so it is
 * not parsed again on the way out (a pull reads it for every ticket).
 */
export function readStatusHistory(value: unknown): StatusHistoryEntry[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as StatusHistoryEntry[]) : [];
}

export function toSiteRow(row: Selectable<SitesTable>): SiteRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    code: row.code,
    name: row.name,
    timezone: row.timezone,
    version: String(toSeq(row.version)),
  };
}

export type PublicUser = Omit<Selectable<UsersTable>, 'password_hash'>;

export function toUserRow(row: PublicUser): UserRow {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    organisationId: row.organisation_id,
    version: String(toSeq(row.version)),
  };
}

export async function ticketRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, TicketRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tickets').selectAll().where(idIsAnyOf(ids)).execute();
  return new Map(rows.map((row) => [row.id, toTicketRow(row)]));
}

export async function siteRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, SiteRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('sites').selectAll().where(idIsAnyOf(ids)).execute();
  return new Map(rows.map((row) => [row.id, toSiteRow(row)]));
}

export async function userRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, UserRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select([
      'id',
      'name',
      'email',
      'role',
      'organisation_id',
      'timezone',
      'created_at',
      'updated_at',
      'version',
    ])
    .where(idIsAnyOf(ids))
    .execute();
  return new Map(rows.map((row) => [row.id, toUserRow(row)]));
}

export function toMessageRow(row: Selectable<MessagesTable>): MessageRow {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    kind: row.kind,
    authorId: row.author_id,
    body: row.body,
    quotedMessageId: row.quoted_message_id,
    attachments: readAttachments(row.attachments),
    createdAt: row.created_at.toISOString(),
    version: String(toSeq(row.version)),
  };
}

/**
 * jsonb comes back parsed from both drivers; a string is tolerated for engines that do not.
 * Written only from lists the shared attachment rules accepted, so not parsed again here.
 */
function readAttachments(value: unknown): AttachmentRef[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as AttachmentRef[]) : [];
}

export function toKbSectionRow(row: Selectable<KbSectionsTable>): KbSectionRow {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    position: row.position,
    version: String(toSeq(row.version)),
  };
}

export function toKbArticleRow(row: Selectable<KbArticlesTable>): KbArticleRow {
  return {
    id: row.id,
    sectionId: row.section_id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body,
    viewCount: toSeq(row.view_count),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: String(toSeq(row.version)),
  };
}

export async function messageRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, MessageRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('messages').selectAll().where(idIsAnyOf(ids)).execute();
  return new Map(rows.map((row) => [row.id, toMessageRow(row)]));
}

export async function kbSectionRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, KbSectionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('kb_sections').selectAll().where(idIsAnyOf(ids)).execute();
  return new Map(rows.map((row) => [row.id, toKbSectionRow(row)]));
}

export async function kbArticleRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, KbArticleRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('kb_articles').selectAll().where(idIsAnyOf(ids)).execute();
  return new Map(rows.map((row) => [row.id, toKbArticleRow(row)]));
}
