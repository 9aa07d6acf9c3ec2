import type { Migration } from '../migrate.js';

/** One database per server profile: the local cache of what that server lets this user see. */
export const profileMigrations: Migration[] = [
  {
    version: 1,
    name: 'tickets, sites, users and the pull cursor',
    up(db) {
      db.exec(`
        CREATE TABLE tickets (
          id TEXT PRIMARY KEY,
          number TEXT UNIQUE,
          subject TEXT NOT NULL,
          description TEXT NOT NULL,
          status TEXT NOT NULL,
          priority TEXT NOT NULL,
          category TEXT NOT NULL,
          product_line TEXT NOT NULL,
          help_topic TEXT,
          organisation_id TEXT NOT NULL,
          site_id TEXT,
          unit_id TEXT,
          internal_reference TEXT,
          assignee_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;
        CREATE INDEX tickets_by_updated ON tickets(updated_at DESC, id);
        CREATE INDEX tickets_by_status_updated ON tickets(status, updated_at DESC, id);
        CREATE INDEX tickets_by_assignee_updated ON tickets(assignee_id, updated_at DESC, id);

        CREATE TABLE sites (
          id TEXT PRIMARY KEY,
          organisation_id TEXT NOT NULL,
          code TEXT NOT NULL,
          name TEXT NOT NULL,
          timezone TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;

        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          email TEXT NOT NULL,
          role TEXT NOT NULL,
          organisation_id TEXT,
          version TEXT NOT NULL
        ) STRICT;

        -- one row per remote target (support server now, PTI gateways later)
        CREATE TABLE sync_targets (
          target TEXT PRIMARY KEY,
          cursor TEXT,
          last_pull_at TEXT
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'ticket timelines and lifecycle fields',
    up(db) {
      db.exec(`
        ALTER TABLE tickets ADD COLUMN resolved_at TEXT;
        ALTER TABLE tickets ADD COLUMN follow_up_of_id TEXT;
        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          ticket_id TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('public', 'internal', 'system')),
          author_id TEXT,
          body TEXT NOT NULL,
          quoted_message_id TEXT,
          attachments TEXT NOT NULL DEFAULT '[]',
          created_at TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;
        CREATE INDEX messages_by_ticket ON messages(ticket_id, created_at, id);
      `);
    },
  },
];
