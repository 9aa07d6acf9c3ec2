import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

// Spelled out rather than imported, like every released migration.
const auditKinds = [
  'support_pin_issued',
  'support_pin_cleared',
  'support_pin_redeemed',
  'support_pin_refused',
  'support_pin_locked',
  'pti_secrets_changed',
  'pti_secrets_read',
];
const minute = 60_000;

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Units and their PTI mapping (synced), each site's PTI secrets (sealed with the server key),
 * one-time support PINs and the site audit history.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    // The site's organisation, copied so sync scopes and checks need no join.
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('pti_unit_name', 'text')
    .addColumn('building', 'text')
    .addColumn('access_area', 'integer', (c) =>
      c.check(sql`access_area is null or access_area between 1 and 255`),
    )
    .addColumn('door_alarm_channel', 'integer', (c) =>
      c.check(sql`door_alarm_channel is null or door_alarm_channel between 1 and 255`),
    )
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('units_label_per_site', ['site_id', 'label'])
    // Several unmapped units (null names) may share a site; a PTI name is used once per site.
    .addUniqueConstraint('units_pti_name_per_site', ['site_id', 'pti_unit_name'])
    .execute();

  await db.schema
    .createTable('site_secrets')
    .addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id'))
    // AES-256-GCM with the server key, bound to the site id; never stored in the clear.
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('support_pins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    // A slow hash (scrypt): the table alone does not give the PIN away.
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('redeemed_at', 'timestamptz')
    .addColumn('redeemed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    // When the redeemer was given the site's secrets: a PIN releases them once.
    .addColumn('secrets_released_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('support_pins_site')
    .on('support_pins')
    .columns(['site_id', 'issued_at'])
    .execute();

  await db.schema
    .createTable('site_audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', auditKinds)))
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('site_audit_events_site')
    .on('site_audit_events')
    .columns(['site_id', 'at'])
    .execute();

  await db.schema
    .alterTable('server_settings')
    .addColumn('support_pin_ttl_ms', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(30 * minute)
        .check(sql`support_pin_ttl_ms > 0`),
    )
    .execute();

  await allowSyncedTable(db, 'units');
}

/**
 * Adds a table to the allowed names of sync_changes. The list is read from the constraint as
 * it stands, so this step keeps whatever earlier migrations allowed.
 */
async function allowSyncedTable(db: Kysely<unknown>, table: string): Promise<void> {
  const found = await sql<{ definition: string }>`
    select pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where t.relname = 'sync_changes' and c.conname = 'sync_changes_table_name_check'`.execute(db);
  const definition = found.rows[0]?.definition ?? '';
  const allowed = new Set([...definition.matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]!));
  if (allowed.size === 0) throw new Error('sync_changes_table_name_check was not found');
  allowed.add(table);
  await sql`alter table sync_changes drop constraint sync_changes_table_name_check`.execute(db);
  await sql`alter table sync_changes add constraint sync_changes_table_name_check
    check (${oneOf('table_name', [...allowed].sort())})`.execute(db);
}

export const unitsMappingsSupportPins: Migration = {
  version: 5,
  name: 'units_mappings_support_pins',
  up,
};
