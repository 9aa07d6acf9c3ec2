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
  {
    version: 3,
    name: 'outbox, needs attention, server shadows, blobs and the search index',
    up(db) {
      db.exec(`
        -- intent mutations waiting for (or acknowledged by, but not yet pulled from) the server;
        -- written in the same transaction as their optimistic effect
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          target TEXT NOT NULL,
          name TEXT NOT NULL,
          args TEXT NOT NULL,
          base_version TEXT,
          entity_id TEXT,
          created_at TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acked')),
          acked_in_pull INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT
        ) STRICT;
        CREATE INDEX outbox_by_target ON outbox(target, state, seq);
        CREATE INDEX outbox_by_entity ON outbox(entity_id, seq);

        -- what the server refused, kept with its content until the user decides
        CREATE TABLE needs_attention (
          id TEXT PRIMARY KEY,
          target TEXT NOT NULL,
          name TEXT NOT NULL,
          args TEXT NOT NULL,
          entity_id TEXT,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          server_row TEXT,
          created_at TEXT NOT NULL,
          failed_at TEXT NOT NULL
        ) STRICT;

        -- the server's version of a ticket while local mutations are layered on top of it
        CREATE TABLE tickets_server (
          id TEXT PRIMARY KEY,
          number TEXT,
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
          resolved_at TEXT,
          follow_up_of_id TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;

        ALTER TABLE tickets ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE messages ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;

        -- attachment contents by sha256: staged offline, uploaded when online, cached on download
        CREATE TABLE blobs (
          sha256 TEXT PRIMARY KEY,
          size INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('staged', 'uploaded', 'cached')),
          created_at TEXT NOT NULL,
          last_error TEXT
        ) STRICT;

        CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        -- full-text search over ticket numbers, subjects, descriptions and message text;
        -- external-content tables keyed by rowid, so keeping them current costs one index
        -- update per write (a VACUUM that renumbers rowids must be followed by 'rebuild')
        CREATE VIRTUAL TABLE tickets_fts USING fts5(
          number, subject, description, content = 'tickets', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          body, content = 'messages', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
          INSERT INTO tickets_fts (rowid, number, subject, description)
          VALUES (new.rowid, new.number, new.subject, new.description);
        END;
        CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, subject, description ON tickets BEGIN
          INSERT INTO tickets_fts (tickets_fts, rowid, number, subject, description)
          VALUES ('delete', old.rowid, old.number, old.subject, old.description);
          INSERT INTO tickets_fts (rowid, number, subject, description)
          VALUES (new.rowid, new.number, new.subject, new.description);
        END;
        CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
          INSERT INTO tickets_fts (tickets_fts, rowid, number, subject, description)
          VALUES ('delete', old.rowid, old.number, old.subject, old.description);
        END;
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
          INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        END;
        INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');
        INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
      `);
    },
  },
  {
    version: 4,
    name: 'knowledge base, searchable offline',
    up(db) {
      db.exec(`
        CREATE TABLE kb_sections (
          id TEXT PRIMARY KEY,
          slug TEXT NOT NULL,
          title TEXT NOT NULL,
          description TEXT NOT NULL,
          position INTEGER NOT NULL,
          version TEXT NOT NULL
        ) STRICT;
        CREATE TABLE kb_articles (
          id TEXT PRIMARY KEY,
          section_id TEXT NOT NULL,
          slug TEXT NOT NULL,
          title TEXT NOT NULL,
          summary TEXT NOT NULL,
          body TEXT NOT NULL,
          view_count INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;
        CREATE INDEX kb_articles_by_section ON kb_articles(section_id, title);
        CREATE VIRTUAL TABLE kb_articles_fts USING fts5(
          title, summary, body, content = 'kb_articles', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles BEGIN
          INSERT INTO kb_articles_fts (rowid, title, summary, body) VALUES (new.rowid, new.title, new.summary, new.body);
        END;
        CREATE TRIGGER kb_articles_fts_update AFTER UPDATE OF title, summary, body ON kb_articles BEGIN
          INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, summary, body)
          VALUES ('delete', old.rowid, old.title, old.summary, old.body);
          INSERT INTO kb_articles_fts (rowid, title, summary, body) VALUES (new.rowid, new.title, new.summary, new.body);
        END;
        CREATE TRIGGER kb_articles_fts_delete AFTER DELETE ON kb_articles BEGIN
          INSERT INTO kb_articles_fts (kb_articles_fts, rowid, title, summary, body)
          VALUES ('delete', old.rowid, old.title, old.summary, old.body);
        END;
      `);
    },
  },
];
