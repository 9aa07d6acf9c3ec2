import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { latestVersion, migrate } from './migrate.js';
import { restoreAllDeferredIndexes } from './queries/bootstrap-indexes.js';
import { cacheStatements } from './statement-cache.js';
import { queries, schemas, type SchemaName } from './registry.js';

/** The SQLite side of the store, the same code in the worker thread and in the inline store. */
export class StoreEngine {
  private readonly databases = new Map<number, { db: Database.Database; file: string }>();
  private nextHandle = 1;
  private checkpoints: 'inline' | 'external';

  /**
   * `onOpen` sees each database once it is ready: fault injection in tests (e.g. a full disk).
   * `checkpoints: 'external'`: commits never copy the WAL back into the database; someone else
   * does (the store worker's checkpoint thread, wal-checkpoints.ts). Default: SQLite's own,
   * inside the commit that makes the WAL pass 1,000 pages.
   */
  constructor(
    private readonly onOpen?: (file: string, db: Database.Database) => void,
    options: { checkpoints?: 'inline' | 'external' } = {},
  ) {
    this.checkpoints = options.checkpoints ?? 'inline';
  }

  open(file: string, schema: SchemaName): number {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // 64 MB of page cache (SQLite's default is 2 MB): a pull inserts into indexes keyed by
      // random ids, which otherwise read most of their pages back from disk (25% faster bootstrap)
      db.pragma('cache_size = -65536');
      if (this.checkpoints === 'external') db.pragma('wal_autocheckpoint = 0');
      // migrations are written against the whole schema: indexes a first sync deferred (closed
      // before it ended) are built before any runs
      if (
        schema === 'profile' &&
        (db.pragma('user_version', { simple: true }) as number) < latestVersion(schemas.profile)
      )
        restoreAllDeferredIndexes(db);
      migrate(db, schemas[schema]);
      cacheStatements(db);
      this.onOpen?.(file, db);
    } catch (error) {
      db.close();
      throw error;
    }
    const handle = this.nextHandle++;
    this.databases.set(handle, { db, file });
    return handle;
  }

  /** The file behind an open handle (`:memory:` for an in-memory database). */
  fileOf(handle: number): string | undefined {
    return this.databases.get(handle)?.file;
  }

  /** A PASSIVE checkpoint of every open connection to `file` (never waits for a lock). */
  checkpoint(file: string): void {
    for (const open of this.databases.values()) {
      if (open.file === file) open.db.pragma('wal_checkpoint(PASSIVE)');
    }
  }

  /** Every open database file. */
  openFiles(): string[] {
    return [...this.databases.values()].map((open) => open.file);
  }

  /** Back to SQLite's own checkpoints, for open and later databases (the checkpointer is gone). */
  checkpointInline(): void {
    this.checkpoints = 'inline';
    for (const { db } of this.databases.values()) db.pragma('wal_autocheckpoint = 1000');
  }

  read(handle: number, name: string, args: unknown): unknown {
    const query = this.query(name);
    if (query.kind !== 'read') throw new Error(`${name} is a write; use write()`);
    return (query.run as (db: Database.Database, a: unknown) => unknown)(this.db(handle), args);
  }

  write(handle: number, name: string, args: unknown): { tables: string[] } {
    const query = this.query(name);
    if (query.kind !== 'write') throw new Error(`${name} is a read; use read()`);
    const db = this.db(handle);
    const run = query.run as (db: Database.Database, a: unknown) => { tables: string[] };
    return db.transaction(() => run(db, args))();
  }

  close(handle: number): void {
    this.databases.get(handle)?.db.close();
    this.databases.delete(handle);
  }

  closeAll(): void {
    for (const handle of [...this.databases.keys()]) this.close(handle);
  }

  private query(name: string) {
    if (!Object.hasOwn(queries, name)) throw new Error(`unknown store query ${name}`);
    return queries[name as keyof typeof queries];
  }

  private db(handle: number): Database.Database {
    const db = this.databases.get(handle)?.db;
    if (!db) throw new Error(`database handle ${handle} is not open`);
    return db;
  }
}
