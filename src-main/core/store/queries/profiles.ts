import type { Database } from 'better-sqlite3';
import type { Profile } from '../../../../src-shared/domain/profile.js';

interface ProfileRecord {
  id: string;
  name: string;
  server_url: string;
  account: string;
  is_demo: number;
  created_at: string;
}

const toProfile = (r: ProfileRecord): Profile => ({
  id: r.id,
  name: r.name,
  serverUrl: r.server_url,
  account: r.account,
  isDemo: r.is_demo === 1,
  createdAt: r.created_at,
});

const columns = 'id, name, server_url, account, is_demo, created_at';

export function listProfiles(db: Database): Profile[] {
  return (
    db
      .prepare(`SELECT ${columns} FROM profiles ORDER BY is_demo DESC, name COLLATE NOCASE`)
      .all() as ProfileRecord[]
  ).map(toProfile);
}

export function getProfile(db: Database, args: { id: string }): Profile | null {
  const row = db.prepare(`SELECT ${columns} FROM profiles WHERE id = ?`).get(args.id) as
    ProfileRecord | undefined;
  return row ? toProfile(row) : null;
}

export function getDemoProfile(db: Database): Profile | null {
  const row = db.prepare(`SELECT ${columns} FROM profiles WHERE is_demo = 1`).get() as
    ProfileRecord | undefined;
  return row ? toProfile(row) : null;
}

export function insertProfile(db: Database, args: Profile): { tables: string[] } {
  db.prepare(
    `INSERT INTO profiles (id, name, server_url, account, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(args.id, args.name, args.serverUrl, args.account, args.isDemo ? 1 : 0, args.createdAt);
  return { tables: ['profiles'] };
}

/** The demo server listens on a new port each launch; its profile follows it. */
export function updateProfileServerUrl(
  db: Database,
  args: { id: string; serverUrl: string },
): { tables: string[] } {
  db.prepare('UPDATE profiles SET server_url = ? WHERE id = ?').run(args.serverUrl, args.id);
  return { tables: ['profiles'] };
}

/** The account's email changed on its server: sign in with the new one from now on. */
export function updateProfileAccount(
  db: Database,
  args: { id: string; account: string },
): { tables: string[] } {
  db.prepare('UPDATE profiles SET account = ? WHERE id = ?').run(args.account, args.id);
  return { tables: ['profiles'] };
}

export function deleteProfile(db: Database, args: { id: string }): { tables: string[] } {
  db.prepare('DELETE FROM profiles WHERE id = ?').run(args.id);
  db.prepare("DELETE FROM settings WHERE key = 'active_profile_id' AND value = ?").run(args.id);
  return { tables: ['profiles', 'settings'] };
}

export function getSetting(db: Database, args: { key: string }): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(args.key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(
  db: Database,
  args: { key: string; value: string },
): { tables: string[] } {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(args.key, args.value);
  return { tables: ['settings'] };
}

export function getSealedTokens(
  db: Database,
  args: { id: string },
): { access: Buffer | null; refresh: Buffer | null } {
  const row = db
    .prepare(
      'SELECT access_token_sealed AS access, refresh_token_sealed AS refresh FROM profiles WHERE id = ?',
    )
    .get(args.id) as { access: Buffer | null; refresh: Buffer | null } | undefined;
  return { access: row?.access ?? null, refresh: row?.refresh ?? null };
}

export function setSealedTokens(
  db: Database,
  args: { id: string; access: Buffer | null; refresh: Buffer | null },
): { tables: string[] } {
  db.prepare(
    'UPDATE profiles SET access_token_sealed = ?, refresh_token_sealed = ? WHERE id = ?',
  ).run(args.access, args.refresh, args.id);
  return { tables: [] };
}
