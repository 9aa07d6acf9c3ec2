import type { Database } from 'better-sqlite3';
import { SavedViewQuery, type SavedView } from '../../../../src-shared/domain/saved-views.js';
import type { ReadQuery, WriteQuery } from '../registry.js';

interface SavedViewRecord {
  id: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
}

/**
 * A stored query that no longer parses (written by a newer version, or naming a filter value
 * that went away) keeps its name and falls back to every ticket, rather than hiding the view.
 */
function toView(r: SavedViewRecord): SavedView {
  let query: SavedView['query'];
  try {
    query = SavedViewQuery.parse(JSON.parse(r.query));
  } catch {
    query = SavedViewQuery.parse({});
  }
  return { id: r.id, name: r.name, query, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function listSavedViews(db: Database): SavedView[] {
  const rows = db
    .prepare('SELECT * FROM saved_views ORDER BY name COLLATE NOCASE, id')
    .all() as SavedViewRecord[];
  return rows.map(toView);
}

export function getSavedView(db: Database, args: { id: string }): SavedView | null {
  const row = db.prepare('SELECT * FROM saved_views WHERE id = ?').get(args.id) as
    SavedViewRecord | undefined;
  return row ? toView(row) : null;
}

export function countSavedViews(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM saved_views').get() as { n: number }).n;
}

export type SaveViewResult =
  | { tables: string[]; outcome: 'saved'; view: SavedView }
  /** Another view has this name (names are unique per profile, in any case). */
  | { tables: string[]; outcome: 'name_taken'; name: string }
  /** The view to change is gone (removed in another window). */
  | { tables: string[]; outcome: 'missing' };

/**
 * Creates a view (`create`, with its query) or changes one: its name, its query, or both. The
 * name check and the write happen in one transaction, so two windows cannot both take a name.
 */
export function saveSavedView(
  db: Database,
  args: { id: string; name: string; query: SavedView['query'] | null; create: boolean; at: string },
): SaveViewResult {
  const clash = db
    .prepare('SELECT name FROM saved_views WHERE name = ? COLLATE NOCASE AND id IS NOT ?')
    .get(args.name, args.id) as { name: string } | undefined;
  if (clash) return { tables: [], outcome: 'name_taken', name: clash.name };
  const existing = getSavedView(db, { id: args.id });
  if (!args.create && !existing) return { tables: [], outcome: 'missing' };
  const query = args.query ?? existing?.query;
  if (!query) return { tables: [], outcome: 'missing' };
  db.prepare(
    `INSERT INTO saved_views (id, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, query = excluded.query,
       updated_at = excluded.updated_at`,
  ).run(args.id, args.name, JSON.stringify(query), args.at, args.at);
  return { tables: ['saved_views'], outcome: 'saved', view: getSavedView(db, { id: args.id })! };
}

export function deleteSavedView(db: Database, args: { id: string }): { tables: string[] } {
  const { changes } = db.prepare('DELETE FROM saved_views WHERE id = ?').run(args.id);
  return { tables: changes > 0 ? ['saved_views'] : [] };
}

const read = <A, R>(run: (db: Database, args: A) => R): ReadQuery<A, R> => ({ kind: 'read', run });
const write = <A, R extends { tables: string[] }>(
  run: (db: Database, args: A) => R,
): WriteQuery<A, R> => ({ kind: 'write', run });

/** Saved views' queries, spread into the store's registry. */
export const savedViewQueries = {
  'savedViews.list': read((db: Database, _args: Record<string, never>) => listSavedViews(db)),
  'savedViews.get': read(getSavedView),
  'savedViews.count': read((db: Database, _args: Record<string, never>) => countSavedViews(db)),
  'savedViews.save': write(saveSavedView),
  'savedViews.delete': write(deleteSavedView),
};
