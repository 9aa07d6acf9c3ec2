import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { ClientUnderTest } from './client.js';

/**
 * A consistent copy of the client's database (SQLite's online backup, while the worker keeps
 * it open) with the indexes the queue and timeline queries use dropped: the "no index" baseline.
 */
export function copyWithoutIndexes(client: ClientUnderTest, file: string) {
  let db: Database.Database | null = null;
  const ready = client.db.backup(file).then(() => {
    db = new Database(file);
    db.exec(`
      DROP INDEX tickets_by_updated;
      DROP INDEX tickets_by_status_updated;
      DROP INDEX tickets_by_assignee_updated;
      DROP INDEX tickets_open_by_updated;
      DROP INDEX tickets_open_by_assignee;
      DROP INDEX messages_by_ticket;
    `);
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
