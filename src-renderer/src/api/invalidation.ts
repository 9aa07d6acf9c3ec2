import type { EventName, EventPayload } from '../../../src-shared/contract';
import type { SyncState } from '../../../src-shared/domain/sync';

/**
 * Tables whose rows show up inside another table's queries: ticket summaries carry the site's
 * and the assignee's names, and the sync state counts the outbox. A change to the left-hand
 * table must also refresh the queries rooted at the right-hand ones.
 */
const alsoReadBy: Readonly<Record<string, readonly string[]>> = {
  sites: ['tickets'],
  users: ['tickets'],
  outbox: ['sync'],
  needs_attention: ['sync'],
  // Search finds more once the messages of a bootstrap are indexed (the backlog closes).
  search_backlog: ['tickets'],
  // A section's article count comes from its articles.
  kb_articles: ['kb_sections'],
};

/** The first query-key elements to invalidate when these store tables changed. */
export function rootsToInvalidate(tables: readonly string[]): Set<string> {
  const roots = new Set<string>();
  for (const table of tables) {
    roots.add(table);
    for (const reader of alsoReadBy[table] ?? []) roots.add(reader);
  }
  return roots;
}

export function isKeyAffected(queryKey: readonly unknown[], roots: ReadonlySet<string>): boolean {
  const root = queryKey[0];
  return typeof root === 'string' && roots.has(root);
}

/** What the query cache should do about one event from the core. */
export type CacheAction =
  | { kind: 'invalidate'; roots: Set<string> }
  /** Another profile is active: nothing cached belongs to it, so drop it all and refetch. */
  | { kind: 'reset-all' }
  | { kind: 'set-sync-state'; state: SyncState };

/** Null when the event says nothing about cached data (a new event must opt in here). */
export function cacheActionFor<E extends EventName>(
  event: E,
  payload: EventPayload<E>,
): CacheAction | null {
  switch (event) {
    case 'store.changed':
      return {
        kind: 'invalidate',
        roots: rootsToInvalidate((payload as EventPayload<'store.changed'>).tables),
      };
    case 'profiles.changed':
      return { kind: 'reset-all' };
    case 'sync.state':
      return { kind: 'set-sync-state', state: payload as EventPayload<'sync.state'> };
    default:
      return null;
  }
}
