import type { Database, Statement } from 'better-sqlite3';

/**
 * Queries call `db.prepare(sql)` where they need a statement, which keeps each query readable
 * but compiles the SQL again on every call: during a pull that is once per row, a fifth of the
 * time spent storing a page. This makes `prepare` hand back the statement compiled the first
 * time for the same text. Safe because the queries never change a statement's state (no
 * `pluck`, `raw`, `expand`, `safeIntegers`) and never run one statement inside its own
 * `iterate()`. The cache is bounded so SQL built with a varying shape cannot grow it forever.
 */
export function cacheStatements(db: Database, limit = 500): void {
  const compile = db.prepare.bind(db) as (sql: string) => Statement;
  const cache = new Map<string, Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      // most recently used last: the oldest entry is the one dropped when full
      cache.delete(sql);
    } else {
      statement = compile(sql);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  }) as Database['prepare'];
}
