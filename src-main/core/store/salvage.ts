import Database from 'better-sqlite3';

/** A queued or refused change read back out of a damaged profile database. */
export interface SalvagedChange {
  id: string;
  target: string;
  name: string;
  args: unknown;
  baseVersion: string | null;
  entityId: string | null;
  createdAt: string;
  /** pending: not yet confirmed by the server; acked: applied there; refused: needed attention. */
  state: 'pending' | 'acked' | 'refused';
  /** For a refused change: why the server refused it. */
  code?: string;
  message?: string;
}

/**
 * Tables that hold what exists only on this computer, not on the server: a site's PTI connection
 * as the installer typed it (secrets sealed), the bodies of queued PTI operations, PTI settings
 * received through a support PIN, and saved views. A rebuild copies their readable rows over.
 */
export const LOCAL_ONLY_TABLES = [
  'pti_sites',
  'pti_op_requests',
  'site_credentials',
  'saved_views',
] as const;
export type LocalOnlyTable = (typeof LOCAL_ONLY_TABLES)[number];

/** What could be read of a damaged profile database's queue of changes. */
export interface SalvagedQueue {
  /** The client id the server knows this computer by: kept so a resent change applies once. */
  clientId: string | null;
  /** Who was signed in (the server's user record, as JSON): local effects are predicted for them. */
  sessionUser: string | null;
  changes: SalvagedChange[];
  /** Readable rows of the local-only tables, column by column. */
  localRows: Partial<Record<LocalOnlyTable, Record<string, unknown>[]>>;
  /** What could not be read, in words, for the recovery file. */
  problems: string[];
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function parseArgs(raw: unknown): unknown {
  if (typeof raw !== 'string') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw; // damaged JSON is kept as text: a person can still read it
  }
}

/**
 * Reads whatever rows of the outbox and the needs-attention list a damaged file still yields,
 * row by row, so a page that fails halfway keeps the rows read before it. Never writes.
 */
export function salvageQueue(file: string): SalvagedQueue {
  const problems: string[] = [];
  const changes: SalvagedChange[] = [];
  let clientId: string | null = null;
  let sessionUser: string | null = null;
  const localRows: SalvagedQueue['localRows'] = {};
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return {
      clientId,
      sessionUser,
      changes,
      localRows,
      problems: [`the file could not be opened: ${reason(error)}`],
    };
  }
  const rows = (what: string, sql: string, take: (row: Record<string, unknown>) => void) => {
    try {
      for (const row of db.prepare(sql).iterate() as Iterable<Record<string, unknown>>) {
        try {
          take(row);
        } catch (error) {
          problems.push(`a damaged row of ${what} was skipped: ${reason(error)}`);
        }
      }
    } catch (error) {
      problems.push(`${what} could not be read (further): ${reason(error)}`);
    }
  };
  try {
    rows(
      'the client id',
      "SELECT key, value FROM sync_meta WHERE key IN ('client_id', 'session_user')",
      (row) => {
        if (row.key === 'client_id') clientId = text(row.value);
        else sessionUser = text(row.value);
      },
    );
    rows('the queue of changes', 'SELECT * FROM outbox ORDER BY seq', (row) => {
      const id = text(row.id);
      const name = text(row.name);
      if (!id || !name) throw new Error('no id or name');
      changes.push({
        id,
        target: text(row.target) ?? 'support',
        name,
        args: parseArgs(row.args),
        baseVersion: text(row.base_version),
        entityId: text(row.entity_id),
        createdAt: text(row.created_at) ?? new Date(0).toISOString(),
        state: row.state === 'acked' ? 'acked' : 'pending',
      });
    });
    rows('the changes that needed attention', 'SELECT * FROM needs_attention', (row) => {
      const id = text(row.id);
      const name = text(row.name);
      if (!id || !name) throw new Error('no id or name');
      changes.push({
        id,
        target: text(row.target) ?? 'support',
        name,
        args: parseArgs(row.args),
        baseVersion: null,
        entityId: text(row.entity_id),
        createdAt: text(row.created_at) ?? new Date(0).toISOString(),
        state: 'refused',
        code: text(row.code) ?? 'refused',
        message: text(row.message) ?? '',
      });
    });
    for (const table of LOCAL_ONLY_TABLES) {
      const kept: Record<string, unknown>[] = [];
      rows(`the local table ${table}`, `SELECT * FROM ${table}`, (row) => kept.push(row));
      if (kept.length > 0) localRows[table] = kept;
    }
  } finally {
    db.close();
  }
  return { clientId, sessionUser, changes, localRows, problems };
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
