import type { Kysely, Selectable, Transaction } from 'kysely';
import { syncedTableNames } from '../../src-shared/sync-protocol.js';
import type { Change, PullResponse } from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { Database, SyncChangesTable, SyncedTable } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { seesAllOrganisations } from '../viewer.js';
import type { Viewer } from '../viewer.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  kbArticleRowsById,
  kbSectionRowsById,
  messageRowsById,
  siteRowsById,
  ticketRowsById,
  userRowsById,
} from './rows.js';
import { unitRowsById } from '../units/rows.js';
import { organisationRowsById } from '../accounts/organisation-changes.js';
import { businessCalendarRowsById } from '../calendar/business-calendar.js';
import { callbackRowsById } from '../callbacks/rows.js';

export const defaultPullLimit = 1000;
export const syncedTables: readonly SyncedTable[] = syncedTableNames;

export interface PullArgs {
  viewer: Viewer;
  cursor: string | null;
  limit?: number;
  /** Table names to pull; omitted pulls every table the viewer may see. */
  scopes?: readonly string[];
}

/**
 * The changes a viewer may see after a cursor, oldest first, read from one snapshot so a page
 * never mixes two points in time. Customers get their organisation's rows and shared ones, never
 * staff-only rows (internal notes).
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
        .select(['seq', 'pruned_through'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const head = toSeq(clock.seq);
      if (after.value > head) {
        return failure(
          'cursor_gone',
          'This cursor is from a database this server no longer has. Pull again with a null cursor to start over.',
        );
      }
      // A delete older than the cursor may have been pruned: the client cannot catch up
      // change by change and must start again (its outbox is untouched).
      if (args.cursor !== null && after.value < toSeq(clock.pruned_through)) {
        return failure(
          'cursor_expired',
          'This cursor is older than the server keeps deletions for. Pull again with a null cursor to start over; unsent changes are kept.',
        );
      }

      let query = trx
        .selectFrom('sync_changes')
        .select(['seq', 'table_name', 'row_id', 'op'])
        .where('seq', '>', after.value)
        .where('table_name', 'in', tables.value)
        .orderBy('seq')
        .limit(limit + 1);
      if (!seesAllOrganisations(args.viewer)) {
        const organisationId = args.viewer.organisationId;
        query = query
          .where('staff_only', '=', false)
          .where((eb) =>
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

type ChangeEntry = Pick<Selectable<SyncChangesTable>, 'seq' | 'table_name' | 'row_id' | 'op'>;
type Reader = Transaction<Database>;

const loaders = {
  tickets: ticketRowsById,
  sites: siteRowsById,
  users: userRowsById,
  messages: messageRowsById,
  kb_sections: kbSectionRowsById,
  kb_articles: kbArticleRowsById,
  units: unitRowsById,
  organisations: organisationRowsById,
  business_calendars: businessCalendarRowsById,
  callbacks: callbackRowsById,
} satisfies Record<
  SyncedTable,
  (db: Reader, ids: readonly string[]) => Promise<Map<string, unknown>>
>;

type LoadedRows = { [T in SyncedTable]: Awaited<ReturnType<(typeof loaders)[T]>> };

/** One query per table the page upserts into; tables absent from the page cost nothing. */
async function loadRows(trx: Reader, page: readonly ChangeEntry[]): Promise<LoadedRows> {
  const ids = new Map<SyncedTable, string[]>();
  for (const entry of page) {
    if (entry.op !== 'upsert') continue;
    const list = ids.get(entry.table_name);
    if (list) list.push(entry.row_id);
    else ids.set(entry.table_name, [entry.row_id]);
  }
  const of = (table: SyncedTable) => ids.get(table) ?? [];
  return {
    tickets: await loaders.tickets(trx, of('tickets')),
    sites: await loaders.sites(trx, of('sites')),
    users: await loaders.users(trx, of('users')),
    messages: await loaders.messages(trx, of('messages')),
    kb_sections: await loaders.kb_sections(trx, of('kb_sections')),
    kb_articles: await loaders.kb_articles(trx, of('kb_articles')),
    units: await loaders.units(trx, of('units')),
    organisations: await loaders.organisations(trx, of('organisations')),
    business_calendars: await loaders.business_calendars(trx, of('business_calendars')),
    callbacks: await loaders.callbacks(trx, of('callbacks')),
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
  const id = entry.row_id;
  switch (entry.table_name) {
    case 'tickets':
      return { table: 'tickets', op: 'upsert', row: row(rows.tickets.get(id)) };
    case 'sites':
      return { table: 'sites', op: 'upsert', row: row(rows.sites.get(id)) };
    case 'users':
      return { table: 'users', op: 'upsert', row: row(rows.users.get(id)) };
    case 'messages':
      return { table: 'messages', op: 'upsert', row: row(rows.messages.get(id)) };
    case 'kb_sections':
      return { table: 'kb_sections', op: 'upsert', row: row(rows.kb_sections.get(id)) };
    case 'kb_articles':
      return { table: 'kb_articles', op: 'upsert', row: row(rows.kb_articles.get(id)) };
    case 'units':
      return { table: 'units', op: 'upsert', row: row(rows.units.get(id)) };
    case 'organisations':
      return { table: 'organisations', op: 'upsert', row: row(rows.organisations.get(id)) };
    case 'business_calendars':
      return {
        table: 'business_calendars',
        op: 'upsert',
        row: row(rows.business_calendars.get(id)),
      };
    case 'callbacks':
      return { table: 'callbacks', op: 'upsert', row: row(rows.callbacks.get(id)) };
  }
}
