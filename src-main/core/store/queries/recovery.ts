import type { Database } from 'better-sqlite3';
import { LOCAL_ONLY_TABLES, type SalvagedQueue } from '../salvage.js';
import { setMeta } from './outbox.js';

/** A change or a notice put on the needs-attention list of a rebuilt profile database. */
export interface RecoveredItem {
  id: string;
  target: string;
  name: string;
  args: unknown;
  entityId: string | null;
  code: string;
  message: string;
  createdAt: string;
  failedAt: string;
}

/**
 * Seeds a new profile database after the old one was found damaged: the client id the server
 * knows (so a change sent again applies once) and the changes recovered from the old file on the
 * needs-attention list, where the user decides to send each again or let it go.
 */
export function restoreRecovered(
  db: Database,
  args: {
    clientId: string | null;
    sessionUser: string | null;
    items: RecoveredItem[];
    localRows?: SalvagedQueue['localRows'];
  },
): { tables: string[] } {
  const tables: string[] = [];
  for (const table of LOCAL_ONLY_TABLES) {
    const rows = args.localRows?.[table] ?? [];
    if (rows.length === 0) continue;
    // only the columns this version has: the names come from the schema, never from the file
    const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    for (const row of rows) {
      const present = columns.filter((c) => Object.hasOwn(row, c));
      if (present.length === 0) continue;
      db.prepare(
        `INSERT OR IGNORE INTO ${table} (${present.join(', ')}) VALUES (${present.map(() => '?').join(', ')})`,
      ).run(...present.map((c) => asSqlValue(row[c])));
    }
    tables.push(table);
  }
  if (args.clientId) setMeta(db, { key: 'client_id', value: args.clientId });
  if (args.sessionUser) setMeta(db, { key: 'session_user', value: args.sessionUser });
  const insert = db.prepare(
    `INSERT INTO needs_attention (id, target, name, args, entity_id, code, message, server_row, created_at, failed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT(id) DO NOTHING`,
  );
  for (const item of args.items) {
    insert.run(
      item.id,
      item.target,
      item.name,
      JSON.stringify(item.args ?? null),
      item.entityId,
      item.code,
      item.message,
      item.createdAt,
      item.failedAt,
    );
  }
  if (args.items.length > 0) tables.push('needs_attention');
  return { tables };
}

/** Blobs cross the worker boundary as plain byte arrays; SQLite takes them as Buffers. */
function asSqlValue(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}

/**
 * SQLite's quick structural check of the whole file (every page, no index contents). A damaged
 * page fails here, at start, rather than in the middle of the user's work.
 */
export function quickCheck(db: Database, _args: Record<string, never>): 'ok' {
  const found = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const problems = found.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length === 0) return 'ok';
  throw Object.assign(new Error(`the database file is damaged: ${problems.join('; ')}`), {
    code: 'SQLITE_CORRUPT',
  });
}
