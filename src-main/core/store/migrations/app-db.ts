import type { Migration } from '../migrate.js';

/** The app database: things that exist before and across profiles. */
export const appMigrations: Migration[] = [
  {
    version: 1,
    name: 'server profiles and settings',
    up(db) {
      db.exec(`
        CREATE TABLE profiles (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          server_url TEXT NOT NULL,
          account TEXT NOT NULL,
          is_demo INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          -- tokens are sealed by the shell's SecretBox (safeStorage or key file), never plaintext
          access_token_sealed BLOB,
          refresh_token_sealed BLOB
        ) STRICT;
        CREATE UNIQUE INDEX profiles_one_demo ON profiles(is_demo) WHERE is_demo = 1;
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      `);
    },
  },
];
