import type { QueryClient } from '@tanstack/react-query';
import type { Bridge } from '../../../src-shared/bridge';
import type { SyncState } from '../../../src-shared/domain/sync';
import { cacheActionFor, isKeyAffected, rootsToInvalidate, type CacheAction } from './invalidation';
import { queryKeys } from './query-keys';
import type { ConnectionMonitor } from './ws-bridge';

export interface CacheEventsOptions {
  /**
   * store.changed arrives in bursts while a sync applies pages; tables seen within this window
   * are merged into one invalidation so each open query refetches once, not once per page.
   */
  batchMs?: number;
}

export function applyCacheAction(queryClient: QueryClient, action: CacheAction): void {
  switch (action.kind) {
    case 'invalidate':
      void queryClient.invalidateQueries({
        predicate: (query) => isKeyAffected(query.queryKey, action.roots),
      });
      break;
    case 'reset-all':
      void queryClient.resetQueries();
      break;
    case 'set-sync-state': {
      const previous = queryClient.getQueryData<SyncState>(queryKeys.syncState());
      queryClient.setQueryData(queryKeys.syncState(), action.state);
      // A sign-in (or the demo signing itself in) shows up only as a status change.
      if (previous?.status !== action.state.status)
        void queryClient.invalidateQueries({ queryKey: queryKeys.session() });
      break;
    }
  }
}

/**
 * The one place core events become cache updates (DESIGN.md: the store emits change events that
 * the renderer turns into react-query invalidations). Returns a function that stops listening.
 */
export function connectCacheEvents(
  bridge: Pick<Bridge, 'on'>,
  connection: ConnectionMonitor,
  queryClient: QueryClient,
  options: CacheEventsOptions = {},
): () => void {
  const batchMs = options.batchMs ?? 50;
  let batchedTables = new Set<string>();
  let batchTimer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    batchTimer = undefined;
    const tables = [...batchedTables];
    batchedTables = new Set();
    applyCacheAction(queryClient, { kind: 'invalidate', roots: rootsToInvalidate(tables) });
  };
  let wasDown = connection.getStatus() === 'reconnecting';

  const stops = [
    bridge.on('store.changed', (payload) => {
      for (const table of payload.tables) batchedTables.add(table);
      batchTimer ??= setTimeout(flush, batchMs);
    }),
    bridge.on('profiles.changed', (payload) => {
      const action = cacheActionFor('profiles.changed', payload);
      if (action) applyCacheAction(queryClient, action);
    }),
    bridge.on('sync.state', (payload) => {
      const action = cacheActionFor('sync.state', payload);
      if (action) applyCacheAction(queryClient, action);
    }),
    // Events sent while the connection was down are lost, so after a reconnect nothing cached can be trusted.
    connection.subscribe((status) => {
      if (status === 'open' && wasDown) void queryClient.invalidateQueries();
      wasDown = status === 'reconnecting';
    }),
  ];

  return () => {
    for (const stop of stops) stop();
    if (batchTimer) clearTimeout(batchTimer);
  };
}
