import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** The file was written by a newer Gatedesk; opening it could corrupt data the newer app relies on. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `This database was created by a newer version of Gatedesk (schema ${fileVersion}; this app knows up to ${appVersion}). ` +
        'Update Gatedesk to open it; the file has not been changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Applies the migrations the file has not seen, each in its own transaction together with the
 * bump of `user_version`, so a crash leaves the file at a whole version, never between two.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[],
): { from: number; to: number } {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `Migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}.`,
      );
  });
  const latest = latestVersion(sorted);
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  for (const m of sorted) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
