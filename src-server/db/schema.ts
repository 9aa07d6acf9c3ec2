import type { ColumnType } from 'kysely';

/**
 * Column types as Kysely sees them. int8 columns come back as a number from PGlite and as a
 * string from node-postgres, so readers convert through `toSeq` instead of trusting either.
 */
export type Int8 = ColumnType<number | string | bigint, number | bigint, number | bigint>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

/** One row (id = 1): the commit sequence every writing transaction advances. */
export interface SyncClockTable {
  id: number;
  seq: Int8;
}

/** The latest change per synced row (updates replace earlier entries; deletes stay as tombstones). */
export interface SyncChangesTable {
  table_name: SyncedTable;
  row_id: string;
  seq: Int8;
  op: 'upsert' | 'delete';
  /** Whose members may see the change; null means every signed-in user (e.g. staff accounts). */
  organisation_id: string | null;
}
export type SyncedTable = 'tickets' | 'sites' | 'users';

export interface TicketNumberCountersTable {
  prefix: string;
  last_value: Int8;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  address: string;
  phone: string;
  support_tier: 'free' | 'preferred';
  tier_expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  role: 'site_manager' | 'technician' | 'installer' | 'admin';
  organisation_id: string | null;
  timezone: string;
  /** Null for accounts that cannot sign in with a password (e.g. seeded colleagues). */
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  access_token_hash: string;
  refresh_token_hash: string;
  access_expires_at: Timestamp;
  refresh_expires_at: Timestamp;
  created_at: Timestamp;
}

export interface SitesTable {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  timezone: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

export interface TicketsTable {
  id: string;
  number: string;
  subject: string;
  description: string;
  status: string;
  priority: string;
  category: string;
  product_line: string;
  help_topic: string | null;
  organisation_id: string;
  site_id: string | null;
  unit_id: string | null;
  internal_reference: string | null;
  assignee_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  sync_clock: SyncClockTable;
  sync_changes: SyncChangesTable;
  ticket_number_counters: TicketNumberCountersTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sites: SitesTable;
  tickets: TicketsTable;
}

/** Reads an int8 the same way whichever driver produced it. */
export function toSeq(value: number | string | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`not a valid sequence number: ${String(value)}`);
  return n;
}
