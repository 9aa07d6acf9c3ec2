import type { Database } from 'better-sqlite3';

/**
 * Messages pulled by a bootstrap become searchable after it, in chunks, instead of one by one
 * while it runs: tokenising every message halves the rate at which pulled pages can be stored.
 *
 * `search_backlog.indexed_through` (profile migration 12) splits the messages by rowid: those at
 * or below it are in `messages_fts`, those above it are not. The triggers on `messages` keep the
 * index for the rows below the line only, so the line never lies; with no backlog row, every
 * message is indexed as it is written.
 */

/** Opens a backlog at the current last message: what the pull writes from now on waits. */
export function beginSearchBacklog(db: Database): void {
  db.prepare(
    `INSERT INTO search_backlog (name, indexed_through)
     SELECT 'messages', COALESCE(MAX(rowid), 0) FROM messages
     WHERE true ON CONFLICT(name) DO NOTHING`,
  ).run();
}

/** About how many messages search cannot find yet (rowids above the line). */
export function searchBacklogSize(db: Database): number {
  const row = db
    .prepare(
      `SELECT MAX(0, (SELECT COALESCE(MAX(rowid), 0) FROM messages) - b.indexed_through) AS n
       FROM search_backlog b WHERE b.name = 'messages'`,
    )
    .get() as { n: number } | undefined;
  return row?.n ?? 0;
}

/**
 * Indexes the next `limit` messages above the line and moves it; once nothing is left above it
 * the backlog closes and the triggers index every write again. One call is one transaction.
 */
export function indexSearchBacklog(
  db: Database,
  args: { limit: number },
): { tables: string[]; remaining: number } {
  const backlog = db
    .prepare(`SELECT indexed_through FROM search_backlog WHERE name = 'messages'`)
    .get() as { indexed_through: number } | undefined;
  if (!backlog) return { tables: [], remaining: 0 };
  const chunk = db
    .prepare(
      `SELECT COUNT(*) AS n, MAX(rowid) AS last FROM (
         SELECT rowid FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
    )
    .get(backlog.indexed_through, args.limit) as { n: number; last: number | null };
  if (chunk.n > 0) {
    db.prepare(
      `INSERT INTO messages_fts (rowid, body)
       SELECT rowid, body FROM messages WHERE rowid > ? AND rowid <= ?`,
    ).run(backlog.indexed_through, chunk.last);
  }
  if (chunk.n < args.limit) {
    db.prepare(`DELETE FROM search_backlog WHERE name = 'messages'`).run();
    return { tables: ['search_backlog'], remaining: 0 };
  }
  db.prepare(`UPDATE search_backlog SET indexed_through = ? WHERE name = 'messages'`).run(
    chunk.last,
  );
  return { tables: ['search_backlog'], remaining: searchBacklogSize(db) };
}
