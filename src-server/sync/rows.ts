import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Category,
  Priority,
  ProductLine,
  TicketStatus,
} from '../../src-shared/domain/ticket.js';
import type { SiteRow, TicketRow, UserRow } from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { Database, SitesTable, TicketsTable, UsersTable } from '../db/schema.js';

/** Database rows as they travel to clients (never with password hashes). */

type Reader = Kysely<Database> | Transaction<Database>;

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
    // resolution and follow-up columns arrive with the ticket lifecycle migration
    resolvedAt: null,
    followUpOfId: null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: String(toSeq(row.version)),
  };
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
  const rows = await db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, toTicketRow(row)]));
}

export async function siteRowsById(
  db: Reader,
  ids: readonly string[],
): Promise<Map<string, SiteRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('sites').selectAll().where('id', 'in', ids).execute();
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
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, toUserRow(row)]));
}
