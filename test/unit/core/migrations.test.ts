import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DatabaseTooNewError,
  latestVersion,
  migrate,
  type Migration,
} from '../../../src-main/core/store/migrate.js';
import { appMigrations } from '../../../src-main/core/store/migrations/app-db.js';
import { profileMigrations } from '../../../src-main/core/store/migrations/profile-db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatedesk-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (name = 'db.sqlite') => new Database(join(dir, name));
const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('migration runner', () => {
  it('applies migrations in order and records the version', () => {
    const db = open();
    expect(migrate(db, profileMigrations)).toEqual({
      from: 0,
      to: latestVersion(profileMigrations),
    });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(profileMigrations));
    expect(migrate(db, profileMigrations)).toEqual({
      from: latestVersion(profileMigrations),
      to: latestVersion(profileMigrations),
    });
    db.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const db = open();
    db.pragma('user_version = 99');
    db.exec('CREATE TABLE from_the_future (x)');
    expect(() => migrate(db, appMigrations)).toThrow(DatabaseTooNewError);
    expect(() => migrate(db, appMigrations)).toThrow(/newer version of Gatedesk/);
    expect(tables(db)).toEqual(['from_the_future']);
    expect(db.pragma('user_version', { simple: true })).toBe(99);
    db.close();
  });

  it('rolls a failing migration back whole, keeping the earlier ones', () => {
    const broken: Migration[] = [
      { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE one (x)') },
      {
        version: 2,
        name: 'two fails halfway',
        up: (db) => {
          db.exec('CREATE TABLE two (x)');
          throw new Error('disk full');
        },
      },
    ];
    const db = open();
    expect(() => migrate(db, broken)).toThrow('disk full');
    expect(tables(db)).toEqual(['one']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('rejects a migration list with gaps', () => {
    const db = open();
    const gappy: Migration[] = [{ version: 2, name: 'two', up: () => {} }];
    expect(() => migrate(db, gappy)).toThrow(/without gaps/);
    db.close();
  });
});

// One test per migration: each version is applied on top of the previous one and checked.
describe('app database migrations', () => {
  it('1: profiles and settings, at most one demo profile', () => {
    const db = open();
    migrate(
      db,
      appMigrations.filter((m) => m.version <= 1),
    );
    expect(tables(db)).toEqual(['profiles', 'settings']);
    const insert = db.prepare(
      "INSERT INTO profiles (id, name, server_url, account, is_demo, created_at) VALUES (?, ?, 'http://x', 'a@b.c', ?, 'now')",
    );
    insert.run('a', 'Demo', 1);
    insert.run('b', 'Work', 0);
    expect(() => insert.run('c', 'Second demo', 1)).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('profile database migrations', () => {
  it('1: tickets, sites, users and sync targets with queue indexes', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 1),
    );
    expect(tables(db)).toEqual(['sites', 'sync_targets', 'tickets', 'users']);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE status = 'OPEN' ORDER BY updated_at DESC LIMIT 50",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/tickets_by_status_updated/);
    db.close();
  });

  it('2: messages and lifecycle columns, keeping the tickets already cached', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 1),
    );
    db.prepare(
      `INSERT INTO tickets (id, number, subject, description, status, priority, category, product_line,
         organisation_id, created_at, updated_at, version)
       VALUES ('t1', 'HW00000001', 'Gate offline', 'd', 'OPEN', 'high', 'technical', 'pti_hardware', 'o1', 'c', 'u', '1')`,
    ).run();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 2),
    );
    expect(tables(db)).toContain('messages');
    expect(db.prepare('SELECT number, resolved_at, follow_up_of_id FROM tickets').get()).toEqual({
      number: 'HW00000001',
      resolved_at: null,
      follow_up_of_id: null,
    });
    expect(() =>
      db
        .prepare(
          "INSERT INTO messages (id, ticket_id, kind, body, created_at, version) VALUES ('m', 't1', 'gossip', 'x', 'c', '1')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('3: outbox, shadows and a search index built over the tickets and messages already cached', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 2),
    );
    db.prepare(
      `INSERT INTO tickets (id, number, subject, description, status, priority, category, product_line,
         organisation_id, created_at, updated_at, version)
       VALUES ('t1', 'HW00000001', 'Gate offline', 'keypad dark', 'OPEN', 'high', 'technical', 'pti_hardware', 'o1', 'c', 'u', '1')`,
    ).run();
    db.prepare(
      "INSERT INTO messages (id, ticket_id, kind, body, created_at, version) VALUES ('m1', 't1', 'public', 'replaced the fuse', 'c', '1')",
    ).run();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 3),
    );
    expect(tables(db)).toEqual(
      expect.arrayContaining(['outbox', 'needs_attention', 'tickets_server', 'blobs', 'sync_meta']),
    );
    expect(
      db.prepare("SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH 'keypad'").all(),
    ).toHaveLength(1);
    expect(
      db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'fuse'").all(),
    ).toHaveLength(1);
    db.prepare("UPDATE messages SET body = 'swapped the board' WHERE id = 'm1'").run();
    expect(
      db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'fuse'").all(),
    ).toHaveLength(0);
    expect(db.prepare('SELECT pending FROM tickets').get()).toEqual({ pending: 0 });
    db.close();
  });

  it('12: messages already cached stay searchable, and with no backlog every write is indexed', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 11),
    );
    const message = db.prepare(
      "INSERT INTO messages (id, ticket_id, kind, body, created_at, version) VALUES (?, 't1', 'public', ?, 'c', '1')",
    );
    message.run('m1', 'replaced the fuse');
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 12),
    );
    const matches = (word: string) =>
      db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?').all(word).length;
    expect(tables(db)).toContain('search_backlog');
    expect(db.prepare('SELECT COUNT(*) AS n FROM search_backlog').get()).toEqual({ n: 0 });
    expect(matches('fuse')).toBe(1);
    message.run('m2', 'new keypad fitted');
    db.prepare("UPDATE messages SET body = 'swapped the board' WHERE id = 'm1'").run();
    expect([matches('fuse'), matches('board'), matches('keypad')]).toEqual([0, 1, 1]);
    db.prepare("DELETE FROM messages WHERE id = 'm2'").run();
    expect(matches('keypad')).toBe(0);
    db.close();
  });

  it('14: a ticket keeps its search entry through writes that leave its text alone', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 14),
    );
    db.prepare(
      `INSERT INTO tickets (id, number, subject, description, status, priority, category, product_line,
         organisation_id, created_at, updated_at, version)
       VALUES ('t1', NULL, 'Gate offline', 'keypad dark', 'NEW', 'high', 'technical', 'pti_hardware', 'o1', 'c', 'u', '1')`,
    ).run();
    const matches = (words: string) =>
      db.prepare('SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?').all(words).length;
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    // the same text written again (as every upsert does) touches the ticket row only
    const before = changes();
    db.prepare(
      "UPDATE tickets SET status = 'OPEN', subject = 'Gate offline', description = 'keypad dark', number = NULL WHERE id = 't1'",
    ).run();
    expect(changes() - before).toBe(1);
    expect(matches('keypad')).toBe(1);
    // new text, or a number given by the server, is searchable at once; the old text is not
    db.prepare(
      "UPDATE tickets SET number = 'HW00000042', description = 'relay stuck' WHERE id = 't1'",
    ).run();
    expect([matches('keypad'), matches('relay'), matches('HW00000042')]).toEqual([0, 1, 1]);
    db.prepare("INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('integrity-check', 1)").run();
    db.close();
  });

  it('15: a place for the indexes a bootstrap defers, empty, with every index in place', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 14),
    );
    const indexes = () => db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").all();
    const before = indexes();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 15),
    );
    expect(tables(db)).toContain('deferred_indexes');
    expect(db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
    expect(indexes()).toEqual(expect.arrayContaining(before));
    db.close();
  });

  it('16: an organisation’s tickets are found by index, not by reading every ticket', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 16),
    );
    const plan = (
      db
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE organisation_id = ?')
        .all('o1') as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join(' ')).toContain('tickets_by_organisation');
    db.close();
  });

  it('4: the knowledge base with its own search index', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 4),
    );
    expect(tables(db)).toEqual(expect.arrayContaining(['kb_sections', 'kb_articles']));
    db.prepare(
      `INSERT INTO kb_articles (id, section_id, slug, title, summary, body, view_count, created_at, updated_at, version)
       VALUES ('a1', 's1', 'reset-keypad', 'Resetting a keypad', 'How to', 'Hold the star key for ten seconds', 3, 'c', 'u', '1')`,
    ).run();
    expect(
      db.prepare("SELECT rowid FROM kb_articles_fts WHERE kb_articles_fts MATCH 'star'").all(),
    ).toHaveLength(1);
    db.close();
  });

  it('5: PTI sites with sealed secrets, their pulled state cascading with them, and op requests', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 4),
    );
    db.prepare(
      "INSERT INTO outbox (id, target, name, args, created_at) VALUES ('m1', 'support', 'ticket.reply', '{}', 'c')",
    ).run();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 5),
    );
    db.pragma('foreign_keys = ON');
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'pti_sites',
        'pti_units',
        'pti_users',
        'pti_rentals',
        'pti_op_requests',
      ]),
    );
    expect(db.prepare('SELECT id FROM outbox').all()).toEqual([{ id: 'm1' }]);
    const site = db.prepare(
      `INSERT INTO pti_sites (site_code, gateway_url, username, site_key_sealed, password_sealed, created_at, updated_at, status)
       VALUES ('HPS101', 'http://gw', 'storlogix', x'01', x'02', 'c', 'c', ?)`,
    );
    expect(() => site.run('sleeping')).toThrow(/CHECK/);
    site.run('unknown');
    db.prepare(
      "INSERT INTO pti_units (site_code, name, customer_ref, overlocked) VALUES ('HPS101', 'A101', 'c1', 1)",
    ).run();
    db.prepare(
      "INSERT INTO pti_users (site_code, customer_ref, user_id, access_code) VALUES ('HPS101', 'c1', 'U1', '482913')",
    ).run();
    db.prepare(
      "INSERT INTO pti_rentals (site_code, unit, overdue) VALUES ('HPS101', 'A101', 1)",
    ).run();
    expect(() =>
      db
        .prepare("INSERT INTO pti_units (site_code, name, overlocked) VALUES ('NOPE', 'A1', 0)")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT customer_ref FROM pti_users WHERE site_code = 'HPS101' AND access_code = '482913'",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/pti_users_by_code/);
    db.prepare("DELETE FROM pti_sites WHERE site_code = 'HPS101'").run();
    for (const table of ['pti_units', 'pti_users', 'pti_rentals'])
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('6: units with a shadow for rebasing, indexed by site, and sealed PIN credentials', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 5),
    );
    db.prepare(
      `INSERT INTO needs_attention (id, target, name, args, entity_id, code, message, created_at, failed_at)
       VALUES ('n1', 'support', 'ticket.reply', '{}', 't1', 'ticket_closed', 'closed', 'c', 'f')`,
    ).run();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 6),
    );
    expect(tables(db)).toEqual(
      expect.arrayContaining(['units', 'units_server', 'site_credentials']),
    );
    expect(db.prepare('SELECT id FROM needs_attention').all()).toEqual([{ id: 'n1' }]);
    const insert = db.prepare(
      `INSERT INTO units (id, site_id, organisation_id, label, pti_unit_name, access_area, updated_at, version)
       VALUES (?, 's1', 'o1', ?, ?, ?, 'u', '1')`,
    );
    insert.run('u1', 'b2', 'B2', 3);
    insert.run('u2', 'A10', null, null);
    expect(() => insert.run('u3', 'A11', null, 'three')).toThrow(/cannot store TEXT/);
    expect(db.prepare('SELECT pending FROM units WHERE id = ?').get('u1')).toEqual({ pending: 0 });
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((p) => p.detail)
        .join(' ');
    const grid = plan("SELECT * FROM units WHERE site_id = 's1' ORDER BY label COLLATE NOCASE, id");
    expect(grid).toMatch(/units_by_site/);
    expect(grid).not.toMatch(/TEMP B-TREE/);
    expect(plan("SELECT label FROM units WHERE site_id = 's1' AND pti_unit_name = 'B2'")).toMatch(
      /units_by_site_pti_name/,
    );
    expect(
      plan("SELECT id FROM needs_attention WHERE entity_id >= 'unit:' AND entity_id < 'unit;'"),
    ).toMatch(/needs_attention_by_entity/);
    db.close();
  });

  it('7: calendar, organisations, callbacks, and SLA columns on the tickets already cached', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 6),
    );
    db.prepare(
      `INSERT INTO tickets (id, number, subject, description, status, priority, category, product_line,
         organisation_id, created_at, updated_at, version)
       VALUES ('t1', 'HW00000001', 'Gate offline', 'd', 'OPEN', 'high', 'technical', 'pti_hardware', 'o1', 'c', 'u', '1')`,
    ).run();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 7),
    );
    expect(tables(db)).toEqual(
      expect.arrayContaining(['organisations', 'business_calendars', 'callbacks']),
    );
    // cached tickets keep their rows; their SLA is computed when the profile next opens
    expect(
      db.prepare('SELECT status_history, sla, sla_state, sla_due_at FROM tickets').get(),
    ).toEqual({ status_history: '[]', sla: null, sla_state: null, sla_due_at: null });
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((p) => p.detail)
        .join(' ');
    expect(plan("SELECT id FROM tickets WHERE sla_state = 'running' AND sla_due_at < 5")).toMatch(
      /tickets_by_sla/,
    );
    expect(
      plan(
        "SELECT id FROM callbacks WHERE technician_id = 'u1' AND starts_at >= '2026' AND starts_at < '2027'",
      ),
    ).toMatch(/callbacks_by_technician_start/);
    db.close();
  });

  it('13: sort indexes, with the site and assignee names copied onto the tickets already cached', () => {
    const db = open();
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 12),
    );
    db.exec(`
      INSERT INTO sites (id, organisation_id, code, name, timezone, version)
        VALUES ('s1', 'o1', 'HPS101', 'Harbor Point', 'America/New_York', '1');
      INSERT INTO users (id, name, email, role, version)
        VALUES ('u1', 'Dana', 'd@example.com', 'technician', '1');
    `);
    const ticket = db.prepare(
      `INSERT INTO tickets (id, number, subject, description, status, priority, category, product_line,
         organisation_id, site_id, assignee_id, created_at, updated_at, version)
       VALUES (?, NULL, 'Gate offline', 'd', ?, ?, 'technical', 'pti_hardware', 'o1', ?, ?, 'c', 'u', '1')`,
    );
    ticket.run('t1', 'SCHEDULED', 'critical', 's1', 'u1');
    ticket.run('t2', 'NEW', 'low', 's-not-yet-pulled', null);
    migrate(
      db,
      profileMigrations.filter((m) => m.version <= 13),
    );
    const rows = () =>
      db
        .prepare(
          'SELECT id, site_name, assignee_name, status_rank, priority_rank FROM tickets ORDER BY id',
        )
        .all();
    expect(rows()).toEqual([
      {
        id: 't1',
        site_name: 'Harbor Point',
        assignee_name: 'Dana',
        status_rank: 3,
        priority_rank: 3,
      },
      { id: 't2', site_name: null, assignee_name: null, status_rank: 0, priority_rank: 0 },
    ]);
    // the copies follow the sites and users: a late arrival, a rename, a removal
    db.exec(`
      INSERT INTO sites (id, organisation_id, code, name, timezone, version)
        VALUES ('s-not-yet-pulled', 'o1', 'HPS102', 'Bayside', 'America/New_York', '1');
      UPDATE users SET name = 'Dana Reyes' WHERE id = 'u1';
      DELETE FROM sites WHERE id = 's1';
    `);
    expect(rows()).toMatchObject([
      { id: 't1', site_name: null, assignee_name: 'Dana Reyes' },
      { id: 't2', site_name: 'Bayside', assignee_name: null },
    ]);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((p) => p.detail)
        .join(' ');
    const bySite = plan(
      'SELECT id FROM tickets ORDER BY site_name COLLATE NOCASE DESC, id DESC LIMIT 200',
    );
    expect(bySite).toMatch(/tickets_by_site_name/);
    expect(bySite).not.toMatch(/TEMP B-TREE/);
    const byUpdated = plan('SELECT id FROM tickets ORDER BY updated_at DESC, id DESC LIMIT 200');
    expect(byUpdated).toMatch(/tickets_by_updated/);
    expect(byUpdated).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});
