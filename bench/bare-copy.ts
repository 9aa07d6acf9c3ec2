import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { ClientUnderTest } from './client.js';

/**
 * A consistent copy of the client's database (SQLite's online backup, while the worker keeps
 * it open) with every index of the tickets and messages dropped but their keys (the ones SQLite
 * makes for PRIMARY KEY and UNIQUE): the "no index" baseline of the queue and timeline queries.
 */
export function copyWithoutIndexes(client: ClientUnderTest, file: string) {
  let db: Database.Database | null = null;
  const ready = client.db.backup(file).then(() => {
    db = new Database(file);
    const indexes = db
      .prepare(
        `SELECT name FROM sqlite_schema
         WHERE type = 'index' AND tbl_name IN ('tickets', 'messages') AND sql IS NOT NULL`,
      )
      .all() as { name: string }[];
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  });
  return {
    ready,
    get db(): Database.Database {
      if (!db) throw new Error('the copy is not ready');
      return db;
    },
    close() {
      if (db?.open) db.close();
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
    },
  };
}
