import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Change,
  PullResponse,
  SiteRow,
  TicketRow,
  UserRow,
} from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { Database, SyncChangesTable, SyncedTable } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { seesAllOrganisations } from '../viewer.js';
import type { Viewer } from '../viewer.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { siteRowsById, ticketRowsById, userRowsById } from './rows.js';

export const defaultPullLimit = 1000;
export const syncedTables: readonly SyncedTable[] = ['tickets', 'sites', 'users'];

export interface PullArgs {
  viewer: Viewer;
  cursor: string | null;
  limit?: number;
  /** Table names to pull; omitted pulls every table the viewer may see. */
  scopes?: readonly string[];
}

/**
 * The changes a viewer may see after a cursor, oldest first, read from one snapshot so a page
 * never mixes two points in time.
 */
export async function pullChanges(
  db: Kysely<Database>,
  args: PullArgs,
): Promise<Outcome<PullResponse>> {
  const after = decodeCursor(args.cursor);
  if (!after.ok) return after;
  const tables = checkScopes(args.scopes);
  if (!tables.ok) return tables;
  const limit = args.limit ?? defaultPullLimit;

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx): Promise<Outcome<PullResponse>> => {
      const clock = await trx
        .selectFrom('sync_clock')
        .select('seq')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const head = toSeq(clock.seq);
      if (after.value > head) {
        return failure(
          'cursor_gone',
          'This cursor is from a database this server no longer has. Pull again with a null cursor to start over.',
        );
      }

      let query = trx
        .selectFrom('sync_changes')
        .selectAll()
        .where('seq', '>', after.value)
        .where('table_name', 'in', tables.value)
        .orderBy('seq')
        .limit(limit + 1);
      if (!seesAllOrganisations(args.viewer)) {
        const organisationId = args.viewer.organisationId;
        query = query.where((eb) =>
          organisationId === null
            ? eb('organisation_id', 'is', null)
            : eb.or([
                eb('organisation_id', '=', organisationId),
                eb('organisation_id', 'is', null),
              ]),
        );
      }
      const entries = await query.execute();
      const page = entries.slice(0, limit);
      const hasMore = entries.length > limit;

      const rows = await loadRows(trx, page);
      const changes = page.map((entry) => toChange(entry, rows));

      const last = page.at(-1);
      const nextSeq = hasMore && last ? toSeq(last.seq) : head;
      return success({ cursor: encodeCursor(nextSeq), hasMore, changes });
    });
}

function checkScopes(scopes: readonly string[] | undefined): Outcome<SyncedTable[]> {
  if (scopes === undefined) return success([...syncedTables]);
  const known = new Set<string>(syncedTables);
  const unknown = scopes.findIndex((scope) => !known.has(scope));
  if (unknown >= 0) {
    const message = `scopes.${unknown}: "${scopes[unknown]}" is not a scope; use ${syncedTables.join(', ')}`;
    return failure('invalid_input', `Invalid input — ${message}.`, [
      { path: `scopes.${unknown}`, message: `use one of ${syncedTables.join(', ')}` },
    ]);
  }
  if (scopes.length === 0) {
    return failure(
      'invalid_input',
      'Invalid input — scopes: name at least one scope, or leave scopes out.',
      [{ path: 'scopes', message: 'name at least one scope' }],
    );
  }
  return success(scopes as SyncedTable[]);
}

type ChangeEntry = Selectable<SyncChangesTable>;

interface LoadedRows {
  tickets: Map<string, TicketRow>;
  sites: Map<string, SiteRow>;
  users: Map<string, UserRow>;
}

async function loadRows(
  trx: Transaction<Database>,
  page: readonly ChangeEntry[],
): Promise<LoadedRows> {
  const ids = (table: SyncedTable) =>
    page.filter((e) => e.table_name === table && e.op === 'upsert').map((e) => e.row_id);
  return {
    tickets: await ticketRowsById(trx, ids('tickets')),
    sites: await siteRowsById(trx, ids('sites')),
    users: await userRowsById(trx, ids('users')),
  };
}

function toChange(entry: ChangeEntry, rows: LoadedRows): Change {
  const version = String(toSeq(entry.seq));
  if (entry.op === 'delete') {
    return { table: entry.table_name, op: 'delete', id: entry.row_id, version };
  }
  // The row and its change entry commit together, so a missing row means a broken database.
  const row = <T>(found: T | undefined): T => {
    if (found === undefined) {
      throw new Error(
        `sync_changes names ${entry.table_name} ${entry.row_id}, which does not exist`,
      );
    }
    return found;
  };
  switch (entry.table_name) {
    case 'tickets':
      return { table: 'tickets', op: 'upsert', row: row(rows.tickets.get(entry.row_id)) };
    case 'sites':
      return { table: 'sites', op: 'upsert', row: row(rows.sites.get(entry.row_id)) };
    case 'users':
      return { table: 'users', op: 'upsert', row: row(rows.users.get(entry.row_id)) };
  }
}
