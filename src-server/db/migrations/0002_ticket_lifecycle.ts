import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

// Allowed values are spelled out, not imported: a released migration must keep creating the same
// schema when the shared enums grow.
const messageKinds = ['public', 'internal', 'system'];
const surveyRatings = ['very_satisfied', 'somewhat_satisfied', 'unsatisfied'];
const syncedTables = ['tickets', 'sites', 'users', 'messages', 'kb_sections', 'kb_articles'];
const day = 24 * 60 * 60 * 1000;

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * The ticket lifecycle: timelines (replies, internal notes, system events), resolution and
 * follow-ups, surveys, server settings, exactly-once push bookkeeping, tombstone retention and
 * the knowledge base.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tickets')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('follow_up_of_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('survey_requested_at', 'timestamptz')
    // Who raised the ticket: the person notifications about it go to.
    .addColumn('requester_id', 'text', (c) => c.references('users.id'))
    .execute();
  // The auto-close job looks for RESOLVED tickets by resolution time.
  await db.schema
    .createIndex('tickets_status_resolved')
    .on('tickets')
    .columns(['status', 'resolved_at'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', messageKinds)))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('quoted_message_id', 'text', (c) => c.references('messages.id'))
    .addColumn('attachments', 'jsonb', (c) => c.notNull())
    // What a system message records (status, assignee, priority, survey), so rules can ask
    // "did anyone else change this field since version N?" without parsing its text.
    .addColumn('system_event', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_ticket')
    .on('messages')
    .columns(['ticket_id', 'version'])
    .execute();

  await db.schema
    .createTable('ticket_surveys')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id'))
    .addColumn('rating', 'text', (c) => c.notNull().check(oneOf('rating', surveyRatings)))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('server_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('reopen_window_ms', 'bigint', (c) => c.notNull().check(sql`reopen_window_ms > 0`))
    .addColumn('tombstone_retention_ms', 'bigint', (c) =>
      c.notNull().check(sql`tombstone_retention_ms > 0`),
    )
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`insert into server_settings (id, reopen_window_ms, tombstone_retention_ms, updated_at)
    values (1, ${7 * day}, ${30 * day}, ${new Date()})`.execute(db);

  // Sync: new tables, internal notes kept from customers, and when each change happened so
  // tombstones can be pruned after the retention period.
  await sql`alter table sync_changes drop constraint sync_changes_table_name_check`.execute(db);
  await sql`alter table sync_changes add constraint sync_changes_table_name_check
    check (${oneOf('table_name', syncedTables)})`.execute(db);
  await db.schema
    .alterTable('sync_changes')
    .addColumn('staff_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('changed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('sync_changes_op_seq')
    .on('sync_changes')
    .columns(['op', 'seq'])
    .execute();
  // Cursors below this sequence may have missed a pruned tombstone and must bootstrap again.
  await db.schema
    .alterTable('sync_clock')
    .addColumn('pruned_through', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  // Exactly-once push: the result of every mutation, written in the transaction of its effects.
  await db.schema
    .createTable('sync_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_mutation_id', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('processed_mutations')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('processed_mutations_pk', ['client_id', 'mutation_id'])
    .execute();
  await db.schema
    .createIndex('processed_mutations_age')
    .on('processed_mutations')
    .column('processed_at')
    .execute();

  await db.schema
    .createTable('kb_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('kb_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('section_id', 'text', (c) => c.notNull().references('kb_sections.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('view_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kb_articles_section')
    .on('kb_articles')
    .column('section_id')
    .execute();
  // Full-text search: the same expression as the search query, so PostgreSQL can use the index.
  await sql`create index kb_articles_search on kb_articles
    using gin (to_tsvector('english', title || ' ' || summary || ' ' || body))`.execute(db);
}

export const ticketLifecycle: Migration = { version: 2, name: 'ticket_lifecycle', up };
