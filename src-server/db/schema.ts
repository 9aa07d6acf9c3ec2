import type { ColumnType, Generated } from 'kysely';

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
  /** The newest pruned tombstone: cursors below it must bootstrap again (migration 2). */
  pruned_through: Generated<number | string | bigint>;
}

/** The latest change per synced row (updates replace earlier entries; deletes stay as tombstones). */
export interface SyncChangesTable {
  table_name: SyncedTable;
  row_id: string;
  seq: Int8;
  op: 'upsert' | 'delete';
  /** Whose members may see the change; null means every signed-in user (e.g. staff accounts). */
  organisation_id: string | null;
  /** Only staff may see it (internal notes): never sent to customers. */
  staff_only: Generated<boolean>;
  /** When the change committed; tombstones older than the retention period are pruned. */
  changed_at: Timestamp | null;
}
export type SyncedTable =
  | 'tickets'
  | 'sites'
  | 'users'
  | 'messages'
  | 'kb_sections'
  | 'kb_articles'
  | 'units'
  | 'organisations'
  | 'business_calendars'
  | 'callbacks';

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
  // The "Additional details" of PTI's portal (migration 3); empty until someone fills them in.
  city: Generated<string>;
  state: Generated<string>;
  zip: Generated<string>;
  country: Generated<string>;
  contact_name: Generated<string>;
  contact_phone: Generated<string>;
  /** Organisations sync to their members and to staff (migration 4). */
  version: Generated<number | string | bigint>;
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
  // The ticket lifecycle (migration 2).
  resolved_at: Timestamp | null;
  follow_up_of_id: string | null;
  /** Set when the ticket closed and its customer was asked to rate it. */
  survey_requested_at: Timestamp | null;
  /** Who raised the ticket: the person its notifications go to. */
  requester_id: string | null;
  /** StatusHistoryEntry[]: every status the ticket took, for the SLA clocks (migration 4). */
  status_history: ColumnType<unknown, string | undefined, string>;
}

// Ticket lifecycle, exactly-once push and the knowledge base (migration 2).

/** JSON columns: written as a JSON string, read back parsed (both drivers parse jsonb). */
export type Json = ColumnType<unknown, string, string>;

export interface MessagesTable {
  id: string;
  ticket_id: string;
  kind: 'public' | 'internal' | 'system';
  author_id: string | null;
  body: string;
  quoted_message_id: string | null;
  /** AttachmentRef[] */
  attachments: Json;
  /** For system messages: which field or event it records (tickets/timeline.ts). */
  system_event: string | null;
  created_at: Timestamp;
  version: Int8;
}

export interface TicketSurveysTable {
  ticket_id: string;
  rating: 'very_satisfied' | 'somewhat_satisfied' | 'unsatisfied';
  comment: string;
  answered_by: string;
  answered_at: Timestamp;
}

/** One row (id = 1): rules an operator can change while the server runs. */
export interface ServerSettingsTable {
  id: number;
  reopen_window_ms: Int8;
  tombstone_retention_ms: Int8;
  updated_at: Timestamp;
  /** How long a support PIN works unless its issuer chooses (migration 5). */
  support_pin_ttl_ms: Generated<number | string | bigint>;
}

/** The last mutation each client pushed, and whom it pushed for. */
export interface SyncClientsTable {
  client_id: string;
  user_id: string;
  last_mutation_id: string;
  last_seen_at: Timestamp;
}

/** The result of every mutation, so a replay is answered without applying it again. */
export interface ProcessedMutationsTable {
  client_id: string;
  mutation_id: string;
  user_id: string;
  /** PushResult */
  result: Json;
  processed_at: Timestamp;
}

export interface KbSectionsTable {
  id: string;
  slug: string;
  title: string;
  description: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

export interface KbArticlesTable {
  id: string;
  section_id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  view_count: Generated<number | string | bigint>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

// Accounts, email and attachments (migration 3).

export interface UserPhonesTable {
  user_id: string;
  position: number;
  type: 'mobile' | 'work' | 'main' | 'home' | 'other';
  number: string;
}

/** Single-use emailed links; only the token's digest is stored. */
export interface AccountTokensTable {
  id: string;
  purpose: 'activation' | 'password_reset';
  token_hash: string;
  email: string;
  /** The name given when the account was requested (activation only). */
  name: string | null;
  /** The account a reset link is for; null for activation, which creates the account. */
  user_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface EmailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  to_name: string;
  subject: string;
  /** Emptied once the message is sent: the outbox is not a mail archive. */
  text_body: string;
  html_body: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  /** A worker's claim on the message; another worker may take it after this time. */
  locked_until: Timestamp | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
  last_error: string | null;
}

export interface BlobsTable {
  sha256: string;
  size: Int8;
  /** The first CONTENT_HEAD_BYTES, to check names against content; null if stored before v7. */
  head: Buffer | null;
  created_at: Timestamp;
}

export interface BlobUploadsTable {
  sha256: string;
  user_id: string;
  uploaded_at: Timestamp;
}

export interface BlobReferencesTable {
  id: string;
  sha256: string;
  ticket_id: string;
  message_id: string | null;
  organisation_id: string;
  /** Referenced by an internal note: customers never get it. */
  internal: boolean;
  created_at: Timestamp;
}

// Units, site secrets, support PINs and the site audit history (migration 5).

export interface UnitsTable {
  id: string;
  site_id: string;
  organisation_id: string;
  label: string;
  pti_unit_name: string | null;
  building: string | null;
  access_area: number | null;
  door_alarm_channel: number | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

/** A site's PTI gateway credentials, sealed with the server key (secrets/server-key.ts). */
export interface SiteSecretsTable {
  site_id: string;
  sealed: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface SupportPinsTable {
  id: string;
  site_id: string;
  pin_hash: string;
  issued_by: string | null;
  issued_at: Timestamp;
  expires_at: Timestamp;
  failed_attempts: Generated<number>;
  locked_at: Timestamp | null;
  revoked_at: Timestamp | null;
  redeemed_at: Timestamp | null;
  redeemed_by: string | null;
  secrets_released_at: Timestamp | null;
}

export interface SiteAuditEventsTable {
  id: string;
  site_id: string;
  kind: string;
  actor_id: string | null;
  detail: string;
  at: Timestamp;
}

// Business calendars, SLA history and callbacks (migration 4).

/** Support's business calendar; the row 'default' is the one in force. */
export interface BusinessCalendarsTable {
  id: string;
  time_zone: string;
  /** WeeklyHours */
  hours: Json;
  /** Holiday[] */
  holidays: Json;
  /** SlaPolicy, or null for the default policy (migration 6). */
  sla_policy: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: Timestamp;
  version: Int8;
}

export interface CallbacksTable {
  id: string;
  ticket_id: string;
  organisation_id: string;
  status: 'requested' | 'booked' | 'done' | 'missed' | 'cancelled';
  requested_by: string | null;
  window_start: Timestamp | null;
  window_end: Timestamp | null;
  customer_time_zone: string | null;
  phone: string | null;
  note: Generated<string>;
  technician_id: string | null;
  starts_at: Timestamp | null;
  duration_minutes: number | null;
  booked_by: string | null;
  completed_at: Timestamp | null;
  outcome_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Int8;
}

/** One row per technician and grid slot a booked callback covers: the no-double-booking rule. */
export interface CallbackSlotsTable {
  technician_id: string;
  slot_start: Timestamp;
  callback_id: string;
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
  messages: MessagesTable;
  ticket_surveys: TicketSurveysTable;
  server_settings: ServerSettingsTable;
  sync_clients: SyncClientsTable;
  processed_mutations: ProcessedMutationsTable;
  kb_sections: KbSectionsTable;
  kb_articles: KbArticlesTable;
  user_phones: UserPhonesTable;
  account_tokens: AccountTokensTable;
  email_outbox: EmailOutboxTable;
  blobs: BlobsTable;
  blob_uploads: BlobUploadsTable;
  blob_references: BlobReferencesTable;
  business_calendars: BusinessCalendarsTable;
  callbacks: CallbacksTable;
  callback_slots: CallbackSlotsTable;
  units: UnitsTable;
  site_secrets: SiteSecretsTable;
  support_pins: SupportPinsTable;
  site_audit_events: SiteAuditEventsTable;
}

/** Reads an int8 the same way whichever driver produced it. */
export function toSeq(value: number | string | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`not a valid sequence number: ${String(value)}`);
  return n;
}
