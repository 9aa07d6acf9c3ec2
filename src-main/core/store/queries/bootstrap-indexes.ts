import type { Database } from 'better-sqlite3';

/**
 * A bootstrap writes every ticket at once; keeping a dozen sort and filter indexes up to date
 * row by row costs a third of its time, while building each once at the end is a fast sorted
 * pass. So the first page of a bootstrap drops the tickets' indexes the default views do not
 * need (their definitions kept in `deferred_indexes`, profile migration 15) and the end of the
 * pull builds them again, one per store call so the app stays responsive. Until then those
 * sorts and filters still work, by scanning.
 */

/**
 * What a first sync itself reads (an organisation arriving after its tickets recomputes their
 * SLAs) and what the views open during it read: all tickets and the open queues, newest first.
 */
const keptDuringBootstrap = [
  'tickets_by_organisation',
  'tickets_by_updated',
  'tickets_open_by_updated',
  'tickets_open_by_assignee',
];

export function deferTicketIndexes(db: Database): void {
  const already = db.prepare('SELECT 1 FROM deferred_indexes LIMIT 1').get();
  if (already) return;
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema
       WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL
         AND name NOT IN (${keptDuringBootstrap.map(() => '?').join(', ')})`,
    )
    .all(...keptDuringBootstrap) as { name: string; sql: string }[];
  const keep = db.prepare('INSERT INTO deferred_indexes (name, sql) VALUES (?, ?)');
  for (const index of indexes) {
    keep.run(index.name, index.sql);
    db.exec(`DROP INDEX "${index.name}"`);
  }
}

/** Builds one deferred index again; `remaining` says how many are still to build. */
export function restoreDeferredIndex(db: Database): { tables: string[]; remaining: number } {
  const next = db.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name LIMIT 1').get() as
    { name: string; sql: string } | undefined;
  if (!next) return { tables: [], remaining: 0 };
  db.exec(next.sql);
  db.prepare('DELETE FROM deferred_indexes WHERE name = ?').run(next.name);
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get() as { n: number };
  return { tables: n === 0 ? ['tickets'] : [], remaining: n };
}

/**
 * Builds every deferred index at once: before migrations run on a file an app closed during its
 * first sync, so a migration always finds the schema it was written against.
 */
export function restoreAllDeferredIndexes(db: Database): void {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'deferred_indexes'")
    .get();
  if (!exists) return;
  db.transaction(() => {
    while (restoreDeferredIndex(db).remaining > 0);
  })();
}
