import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

// The allowed values are spelled out here rather than imported: a released migration must keep
// creating the same schema even when the shared enums grow (that is a later migration's job).
const roles = ['site_manager', 'technician', 'installer', 'admin'];
const tiers = ['free', 'preferred'];
const statuses = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED', 'RESOLVED', 'CLOSED'];
const priorities = ['low', 'normal', 'high', 'critical'];
const categories = ['technical', 'billing', 'licence', 'general'];
const productLines = ['pti_hardware', 'pti_software', 'digigate_hardware', 'digigate_software'];

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_clock')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into sync_clock (id, seq) values (1, 0)`.execute(db);

  await db.schema
    .createTable('sync_changes')
    .addColumn('table_name', 'text', (c) =>
      c.notNull().check(oneOf('table_name', ['tickets', 'sites', 'users'])),
    )
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('op', 'text', (c) => c.notNull().check(oneOf('op', ['upsert', 'delete'])))
    .addColumn('organisation_id', 'text')
    .addPrimaryKeyConstraint('sync_changes_pk', ['table_name', 'row_id'])
    .execute();
  await db.schema
    .createIndex('sync_changes_scope_seq')
    .on('sync_changes')
    .columns(['organisation_id', 'seq'])
    .execute();

  await db.schema
    .createTable('ticket_number_counters')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last_value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into ticket_number_counters (prefix, last_value) values ('HW', 0), ('SW', 0)`.execute(
    db,
  );

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('support_tier', 'text', (c) => c.notNull().check(oneOf('support_tier', tiers)))
    .addColumn('tier_expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', roles)))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'users_customers_belong_to_an_organisation',
      sql`role <> 'site_manager' or organisation_id is not null`,
    )
    .execute();
  // Addresses are compared case-insensitively: Dana@Example.com and dana@example.com are one account.
  await sql`create unique index users_email_unique on users (lower(email))`.execute(db);
  await db.schema.createIndex('users_organisation').on('users').column('organisation_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('access_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('refresh_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('access_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('refresh_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sites_organisation').on('sites').column('organisation_id').execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', statuses)))
    .addColumn('priority', 'text', (c) => c.notNull().check(oneOf('priority', priorities)))
    .addColumn('category', 'text', (c) => c.notNull().check(oneOf('category', categories)))
    .addColumn('product_line', 'text', (c) =>
      c.notNull().check(oneOf('product_line', productLines)),
    )
    .addColumn('help_topic', 'text')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('unit_id', 'text')
    .addColumn('internal_reference', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tickets_organisation')
    .on('tickets')
    .column('organisation_id')
    .execute();
  await db.schema.createIndex('tickets_assignee').on('tickets').column('assignee_id').execute();
}

export const initial: Migration = { version: 1, name: 'initial', up };
