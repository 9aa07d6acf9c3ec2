import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

// Spelled out rather than imported, like every released migration: later changes to the shared
// enums belong in a later migration.
const phoneTypes = ['mobile', 'work', 'main', 'home', 'other'];
const tokenPurposes = ['activation', 'password_reset'];

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

async function up(db: Kysely<unknown>): Promise<void> {
  // The "Additional details" of PTI's portal. Existing organisations get empty values, which an
  // admin or the organisation's manager fills in from "my settings".
  for (const column of ['city', 'state', 'zip', 'country', 'contact_name', 'contact_phone']) {
    await db.schema
      .alterTable('organisations')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }

  await db.schema
    .createTable('user_phones')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(oneOf('type', phoneTypes)))
    .addColumn('number', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_phones_pk', ['user_id', 'position'])
    .execute();

  // Single-use links sent by email. Only a digest of the token is kept, so a copy of this table
  // opens no account.
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(oneOf('purpose', tokenPurposes)))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await sql`create index account_tokens_email on account_tokens (purpose, lower(email))`.execute(
    db,
  );

  // Mail is written here in the transaction of the event that causes it and sent by a worker,
  // so a slow or absent SMTP server never holds up a request and never loses a message.
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('email_outbox_due')
    .on('email_outbox')
    .columns(['sent_at', 'failed_at', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Everyone who sent the bytes: until a ticket references the blob, only they may read it back.
  await db.schema
    .createTable('blob_uploads')
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'user_id'])
    .execute();

  // Which tickets (and messages) use a blob; downloads are authorised through these.
  await db.schema
    .createTable('blob_references')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'text')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('internal', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('blob_references_sha256')
    .on('blob_references')
    .columns(['sha256', 'organisation_id'])
    .execute();
}

export const accountsEmailBlobs: Migration = { version: 3, name: 'accounts_email_blobs', up };
