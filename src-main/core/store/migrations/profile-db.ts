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
  {
    version: 5,
    name: 'PTI sites, their pulled state, rentals and queued operation requests',
    up(db) {
      db.exec(`
        -- the PTI sites this profile reaches: connection settings (site key and password sealed
        -- by the shell's secret box), the gateway's last answer, and what it said at the last pull
        CREATE TABLE pti_sites (
          site_code TEXT PRIMARY KEY,
          gateway_url TEXT NOT NULL,
          username TEXT NOT NULL,
          site_key_sealed BLOB NOT NULL,
          password_sealed BLOB NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'unknown'
            CHECK (status IN ('unknown', 'online', 'offline', 'unauthorized', 'error')),
          last_contact_at TEXT,
          last_error TEXT,
          name TEXT,
          time_zone TEXT,
          default_access_level INTEGER,
          default_zone INTEGER,
          last_pull_at TEXT
        ) STRICT;

        -- the gateway's state: replaced by each pull, updated by each command's answer
        CREATE TABLE pti_areas (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          id INTEGER NOT NULL,
          name TEXT NOT NULL,
          PRIMARY KEY (site_code, id)
        ) STRICT;
        CREATE TABLE pti_schedules (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          id INTEGER NOT NULL,
          name TEXT NOT NULL,
          windows TEXT NOT NULL,
          PRIMARY KEY (site_code, id)
        ) STRICT;
        CREATE TABLE pti_access_levels (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          number INTEGER NOT NULL,
          name TEXT NOT NULL,
          area_id INTEGER NOT NULL,
          schedule_id INTEGER NOT NULL,
          PRIMARY KEY (site_code, number)
        ) STRICT;
        CREATE TABLE pti_keypads (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          id INTEGER NOT NULL,
          name TEXT NOT NULL,
          area_id INTEGER NOT NULL,
          PRIMARY KEY (site_code, id)
        ) STRICT;
        CREATE TABLE pti_units (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          name TEXT NOT NULL,
          building TEXT,
          alarm_channel INTEGER,
          user_id TEXT,
          customer_ref TEXT,
          overlocked INTEGER NOT NULL CHECK (overlocked IN (0, 1)),
          PRIMARY KEY (site_code, name)
        ) STRICT;
        -- access codes are what a site manager reads to a tenant; the renderer only ever gets
        -- them masked, except through the explicit reveal call
        CREATE TABLE pti_users (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          customer_ref TEXT NOT NULL,
          user_id TEXT NOT NULL,
          customer_name TEXT,
          access_code TEXT NOT NULL,
          access_level INTEGER,
          zone INTEGER,
          PRIMARY KEY (site_code, customer_ref)
        ) STRICT;
        CREATE INDEX pti_users_by_code ON pti_users(site_code, access_code);

        -- what only Gatedesk knows about a rental: the overdue flag and when PTI last confirmed it
        CREATE TABLE pti_rentals (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          unit TEXT NOT NULL,
          overdue INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
          synced_at TEXT,
          PRIMARY KEY (site_code, unit)
        ) STRICT;
        -- codes that applied at PTI and have not been revealed yet
        CREATE TABLE pti_new_codes (
          site_code TEXT NOT NULL REFERENCES pti_sites(site_code) ON DELETE CASCADE,
          customer_ref TEXT NOT NULL,
          applied_at TEXT NOT NULL,
          PRIMARY KEY (site_code, customer_ref)
        ) STRICT;
        -- the exact gateway request of each queued or refused PTI operation; it may carry access
        -- codes, so it stays out of the outbox args that the pending and attention lists show
        CREATE TABLE pti_op_requests (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;
      `);
    },
  },
  {
    version: 6,
    name: 'units and their PTI mapping, and PTI credentials received through a support PIN',
    up(db) {
      db.exec(`
        -- the units of the sites this user sees, with queued changes laid over the server's row
        CREATE TABLE units (
          id TEXT PRIMARY KEY,
          site_id TEXT NOT NULL,
          organisation_id TEXT NOT NULL,
          label TEXT NOT NULL,
          pti_unit_name TEXT,
          building TEXT,
          access_area INTEGER,
          door_alarm_channel INTEGER,
          updated_by TEXT,
          updated_at TEXT NOT NULL,
          version TEXT NOT NULL,
          pending INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        -- the mapping grid reads one site's units in label order
        CREATE INDEX units_by_site ON units(site_id, label COLLATE NOCASE, id);
        CREATE INDEX units_by_site_pti_name ON units(site_id, pti_unit_name);

        -- the server's version of a unit while local changes are layered on top of it
        CREATE TABLE units_server (
          id TEXT PRIMARY KEY,
          site_id TEXT NOT NULL,
          organisation_id TEXT NOT NULL,
          label TEXT NOT NULL,
          pti_unit_name TEXT,
          building TEXT,
          access_area INTEGER,
          door_alarm_channel INTEGER,
          updated_by TEXT,
          updated_at TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;

        -- refused changes by what they change, so a row finds its refusal without a scan
        CREATE INDEX needs_attention_by_entity ON needs_attention(entity_id, failed_at);

        -- a site's PTI configuration received through a support PIN, sealed by the secret box,
        -- kept until it can become the site's PTI connection
        CREATE TABLE site_credentials (
          site_id TEXT PRIMARY KEY,
          site_code TEXT NOT NULL,
          sealed BLOB NOT NULL,
          received_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX site_credentials_by_code ON site_credentials(site_code);
      `);
    },
  },
  {
    version: 7,
    name: 'business calendar, organisations, status history and SLA columns, callbacks',
    up(db) {
      db.exec(`
        -- every status a ticket took: the SLA clocks are computed from it
        ALTER TABLE tickets ADD COLUMN status_history TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE tickets_server ADD COLUMN status_history TEXT NOT NULL DEFAULT '[]';

        -- the SLA as a function of time (src-shared/sla/projection.ts), recomputed whenever the
        -- ticket, its organisation or the calendar changes, so a queue can show and filter it
        -- at any instant: sla_state is the fixed state, or 'running' (ok until sla_at_risk_at,
        -- at risk until sla_due_at, breached after it); NULL until first computed
        ALTER TABLE tickets ADD COLUMN sla TEXT;
        ALTER TABLE tickets ADD COLUMN sla_state TEXT;
        ALTER TABLE tickets ADD COLUMN sla_due_at INTEGER;
        ALTER TABLE tickets ADD COLUMN sla_at_risk_at INTEGER;
        CREATE INDEX tickets_by_sla ON tickets(sla_state, sla_due_at);

        CREATE TABLE organisations (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          support_tier TEXT NOT NULL,
          tier_expires_at TEXT,
          version TEXT NOT NULL
        ) STRICT;

        -- support's business calendar (a server setting), as BusinessCalendar JSON
        CREATE TABLE business_calendars (
          id TEXT PRIMARY KEY,
          calendar TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;

        -- callbacks as the server has them; queued callback mutations are laid over them when
        -- they are read, so an offline booking shows as tentative until the server confirms it
        CREATE TABLE callbacks (
          id TEXT PRIMARY KEY,
          ticket_id TEXT NOT NULL,
          organisation_id TEXT NOT NULL,
          status TEXT NOT NULL,
          requested_by_id TEXT,
          window_start TEXT,
          window_end TEXT,
          customer_time_zone TEXT,
          phone TEXT,
          note TEXT NOT NULL,
          technician_id TEXT,
          starts_at TEXT,
          duration_minutes INTEGER,
          booked_by_id TEXT,
          completed_at TEXT,
          outcome_note TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          version TEXT NOT NULL
        ) STRICT;
        CREATE INDEX callbacks_by_technician_start ON callbacks(technician_id, starts_at);
        CREATE INDEX callbacks_by_start ON callbacks(starts_at);
        CREATE INDEX callbacks_by_ticket ON callbacks(ticket_id);
      `);
    },
  },
  {
    version: 8,
    name: 'the SLA policy, synced with the business calendar',
    up(db) {
      db.exec(`
        -- SlaPolicy JSON as an admin set it; NULL: the default policy
        ALTER TABLE business_calendars ADD COLUMN sla_policy TEXT;
      `);
    },
  },
  {
    version: 9,
    name: 'reply notifications and who raised each ticket',
    up(db) {
      db.exec(`
        -- one row per reply by someone else on a ticket the user follows; read_at NULL: unread
        CREATE TABLE notifications (
          message_id TEXT PRIMARY KEY,
          ticket_id TEXT NOT NULL,
          created_at TEXT NOT NULL,
          read_at TEXT
        ) STRICT;
        CREATE INDEX notifications_unread ON notifications(read_at, created_at DESC);
        CREATE INDEX notifications_by_ticket ON notifications(ticket_id);

        -- who raised each ticket (the server's requester), so the user follows what they raised
        CREATE TABLE ticket_requesters (
          ticket_id TEXT PRIMARY KEY,
          requester_id TEXT
        ) STRICT;
      `);
    },
  },
  {
    version: 10,
    name: 'saved views, and queue filters by site and by creation date',
    up(db) {
      db.exec(`
        -- filters a user saved under a name ("My views"): this profile's, on this computer only
        CREATE TABLE saved_views (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          query TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX saved_views_by_name ON saved_views(name COLLATE NOCASE);

        -- the queue's site filter and its created-date range and sort
        CREATE INDEX IF NOT EXISTS tickets_by_site_updated ON tickets(site_id, updated_at DESC, id);
        CREATE INDEX IF NOT EXISTS tickets_by_created ON tickets(created_at DESC, id);
      `);
    },
  },
  {
    version: 11,
    name: 'open-queue indexes: the staff queues read their first page without sorting',
    up(db) {
      db.exec(`
        -- 1 while the ticket is open (queries/open-queue.ts names the same statuses). A list of
        -- open tickets asks for queue_open = 1 so SQLite reads these small partial indexes in
        -- updated_at order and stops after a page, and counts the open tickets only; they
        -- also hold the columns the queues filter by (status, assignee, SLA).
        ALTER TABLE tickets ADD COLUMN queue_open INTEGER
          GENERATED ALWAYS AS (status IN ('NEW', 'OPEN', 'ANSWERED', 'SCHEDULED')) VIRTUAL;
        CREATE INDEX tickets_open_by_updated
          ON tickets(queue_open, updated_at, id, status, assignee_id, sla_state, sla_due_at, sla_at_risk_at)
          WHERE queue_open = 1;
        CREATE INDEX tickets_open_by_assignee
          ON tickets(queue_open, assignee_id, updated_at, id, status, sla_state, sla_due_at, sla_at_risk_at)
          WHERE queue_open = 1;
      `);
    },
  },
  {
    version: 12,
    name: 'search backlog: messages pulled by a bootstrap are indexed after it',
    up(db) {
      db.exec(`
        -- messages with rowid <= indexed_through are in messages_fts, the others wait for the
        -- backlog (queries/search-backlog.ts); no row: every message is indexed as written
        CREATE TABLE search_backlog (
          name TEXT PRIMARY KEY,
          indexed_through INTEGER NOT NULL
        ) STRICT;
        DROP TRIGGER messages_fts_insert;
        DROP TRIGGER messages_fts_update;
        DROP TRIGGER messages_fts_delete;
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
        WHEN new.rowid <= COALESCE(
          (SELECT indexed_through FROM search_backlog WHERE name = 'messages'), 9223372036854775807)
        BEGIN
          INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
        WHEN old.rowid <= COALESCE(
          (SELECT indexed_through FROM search_backlog WHERE name = 'messages'), 9223372036854775807)
        BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
          INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
        WHEN old.rowid <= COALESCE(
          (SELECT indexed_through FROM search_backlog WHERE name = 'messages'), 9223372036854775807)
        BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
        END;
      `);
    },
  },
  {
    version: 13,
    name: 'sort indexes: every sort order of the ticket list reads its first page in order',
    up(db) {
      db.exec(`
        -- the site's and the assignee's names, copied onto the ticket so the list can sort by
        -- them through an index instead of sorting every ticket of a join; NULL where the join
        -- found no row (no site or assignee, or not pulled yet), as the join did. writeTicket
        -- fills them when a ticket is written; the triggers below follow renames, late
        -- arrivals and deletions of sites and users.
        ALTER TABLE tickets ADD COLUMN site_name TEXT;
        ALTER TABLE tickets ADD COLUMN assignee_name TEXT;
        UPDATE tickets SET
          site_name = (SELECT name FROM sites WHERE id = tickets.site_id),
          assignee_name = (SELECT name FROM users WHERE id = tickets.assignee_id)
        WHERE site_id IS NOT NULL OR assignee_id IS NOT NULL;

        CREATE TRIGGER sites_name_to_tickets_insert AFTER INSERT ON sites BEGIN
          UPDATE tickets SET site_name = new.name WHERE site_id = new.id AND site_name IS NOT new.name;
        END;
        CREATE TRIGGER sites_name_to_tickets_update AFTER UPDATE OF name ON sites
        WHEN old.name IS NOT new.name BEGIN
          UPDATE tickets SET site_name = new.name WHERE site_id = new.id AND site_name IS NOT new.name;
        END;
        CREATE TRIGGER sites_name_to_tickets_delete AFTER DELETE ON sites BEGIN
          UPDATE tickets SET site_name = NULL WHERE site_id = old.id AND site_name IS NOT NULL;
        END;
        CREATE TRIGGER users_name_to_tickets_insert AFTER INSERT ON users BEGIN
          UPDATE tickets SET assignee_name = new.name
          WHERE assignee_id = new.id AND assignee_name IS NOT new.name;
        END;
        CREATE TRIGGER users_name_to_tickets_update AFTER UPDATE OF name ON users
        WHEN old.name IS NOT new.name BEGIN
          UPDATE tickets SET assignee_name = new.name
          WHERE assignee_id = new.id AND assignee_name IS NOT new.name;
        END;
        CREATE TRIGGER users_name_to_tickets_delete AFTER DELETE ON users BEGIN
          UPDATE tickets SET assignee_name = NULL
          WHERE assignee_id = old.id AND assignee_name IS NOT NULL;
        END;

        -- lifecycle order, not alphabetical (queries/tickets.ts sorts by these)
        ALTER TABLE tickets ADD COLUMN status_rank INTEGER GENERATED ALWAYS AS (
          CASE status WHEN 'NEW' THEN 0 WHEN 'OPEN' THEN 1 WHEN 'ANSWERED' THEN 2
            WHEN 'SCHEDULED' THEN 3 WHEN 'RESOLVED' THEN 4 ELSE 5 END) VIRTUAL;
        ALTER TABLE tickets ADD COLUMN priority_rank INTEGER GENERATED ALWAYS AS (
          CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END) VIRTUAL;

        -- one index per sort column, ending in the id that breaks ties, read forwards for
        -- ascending and backwards for descending; the ORDER BY in queries/tickets.ts must name
        -- the same expressions and collations. sla_due_at's NULLS LAST is read from its index
        -- in two passes by SQLite itself.
        CREATE INDEX tickets_by_site_name ON tickets(site_name COLLATE NOCASE, id);
        CREATE INDEX tickets_by_assignee_name ON tickets(assignee_name COLLATE NOCASE, id);
        CREATE INDEX tickets_by_subject ON tickets(subject COLLATE NOCASE, id);
        CREATE INDEX tickets_by_category ON tickets(category, id);
        CREATE INDEX tickets_by_product_line ON tickets(product_line, id);
        CREATE INDEX tickets_by_status_rank ON tickets(status_rank, id);
        CREATE INDEX tickets_by_priority_rank ON tickets(priority_rank, id);
        CREATE INDEX tickets_by_number ON tickets(number, id);
        CREATE INDEX tickets_by_sla_due ON tickets(sla_due_at, id);
        -- "My open" and "Unassigned" by priority: the open tickets of one assignee (or none).
        -- It holds the SLA columns too, like the other open-queue indexes: SQLite may count an
        -- open queue's tickets through it, and must not have to read each row to do so.
        CREATE INDEX tickets_open_by_assignee_priority
          ON tickets(queue_open, assignee_id, priority_rank, id, status, sla_state, sla_due_at, sla_at_risk_at)
          WHERE queue_open = 1;
        -- these two held (time DESC, id ASC), which left the id tie-break to a sort step
        DROP INDEX tickets_by_updated;
        CREATE INDEX tickets_by_updated ON tickets(updated_at, id);
        DROP INDEX tickets_by_created;
        CREATE INDEX tickets_by_created ON tickets(created_at, id);
      `);
    },
  },
  {
    version: 14,
    name: "a ticket's search entry is rewritten only when its number, subject or description change",
    up(db) {
      db.exec(`
        -- every write of a ticket sets these columns (the upsert names them all), so the trigger
        -- deleted and re-added the search entry on each status change, reply or assignment
        DROP TRIGGER tickets_fts_update;
        CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, subject, description ON tickets
        WHEN old.number IS NOT new.number OR old.subject IS NOT new.subject
          OR old.description IS NOT new.description
        BEGIN
          INSERT INTO tickets_fts (tickets_fts, rowid, number, subject, description)
          VALUES ('delete', old.rowid, old.number, old.subject, old.description);
          INSERT INTO tickets_fts (rowid, number, subject, description)
          VALUES (new.rowid, new.number, new.subject, new.description);
        END;
      `);
    },
  },
  {
    version: 15,
    name: "deferred indexes: a bootstrap builds the tickets' sort indexes once, at its end",
    up(db) {
      db.exec(`
        -- indexes dropped for the length of a bootstrap, with the statement that builds each
        -- again (queries/bootstrap-indexes.ts)
        CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL) STRICT;
      `);
    },
  },
  {
    version: 16,
    name: "tickets by organisation: a tier change recomputes that organisation's SLAs only",
    up(db) {
      db.exec(`
        -- an organisation whose support tier changes (or arrives after its tickets, as in a
        -- bootstrap) has its tickets' SLAs recomputed; without this each one read every ticket
        CREATE INDEX tickets_by_organisation ON tickets(organisation_id);
      `);
    },
  },
];
