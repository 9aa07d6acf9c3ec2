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
});
