import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../src-shared/contract';
import type { SyncState } from '../../../src-shared/domain/sync';
import { connectCacheEvents } from '../../../src-renderer/src/api/cache-events';
import {
  cacheActionFor,
  isKeyAffected,
  rootsToInvalidate,
} from '../../../src-renderer/src/api/invalidation';
import { queryKeys } from '../../../src-renderer/src/api/query-keys';
import type { ConnectionMonitor, ConnectionStatus } from '../../../src-renderer/src/api/ws-bridge';

const syncState: SyncState = {
  profileId: 'p1',
  status: 'idle',
  lastPullAt: '2026-01-01T00:00:00.000Z',
  pendingCount: 0,
  needsAttentionCount: 0,
  searchBacklog: 0,
  lastError: null,
};

const everyKey = [
  queryKeys.ticketList({ offset: 0, limit: 200 }),
  queryKeys.ticketCount({ status: ['OPEN'] }),
  queryKeys.ticket('t1'),
  queryKeys.search('gate', 50),
  queryKeys.timeline('t1'),
  queryKeys.pendingChanges(),
  queryKeys.attention(),
  queryKeys.session(),
  queryKeys.profiles(),
  queryKeys.syncState(),
  queryKeys.appInfo(),
];

const affected = (tables: string[]) =>
  everyKey
    .filter((key) => isKeyAffected(key, rootsToInvalidate(tables)))
    .map((key) => key.slice(0, 2).join('/'));

describe('store.changed → invalidated query keys', () => {
  it('invalidates every query rooted at a changed table, and nothing else', () => {
    expect(affected(['tickets'])).toEqual([
      'tickets/list',
      'tickets/count',
      'tickets/detail',
      'tickets/search',
    ]);
    expect(affected(['profiles'])).toEqual(['profiles']);
    expect(affected([])).toEqual([]);
    expect(affected(['messages'])).toEqual(['messages/timeline']);
  });

  it('refreshes ticket queries when a table they show names from changes', () => {
    const ticketQueries = ['tickets/list', 'tickets/count', 'tickets/detail', 'tickets/search'];
    expect(affected(['sites'])).toEqual(ticketQueries);
    expect(affected(['users'])).toEqual(ticketQueries);
    expect(affected(['outbox'])).toEqual(['outbox/pending', 'sync/state']);
    expect(affected(['needs_attention'])).toEqual(['needs_attention/list', 'sync/state']);
  });

  it('never touches app info, which no table feeds', () => {
    const all = affected(['tickets', 'sites', 'users', 'outbox', 'profiles', 'needs_attention']);
    expect(all).not.toContain('app/info');
    // Who is signed in lives in no table the store reports; sign-in and sync status refresh it.
    expect(all).not.toContain('session');
  });

  it('maps each event to one cache action', () => {
    expect(cacheActionFor('store.changed', { profileId: 'p1', tables: ['tickets'] })).toEqual({
      kind: 'invalidate',
      roots: new Set(['tickets']),
    });
    expect(cacheActionFor('profiles.changed', { activeId: 'p2' })).toEqual({ kind: 'reset-all' });
    expect(cacheActionFor('sync.state', syncState)).toEqual({
      kind: 'set-sync-state',
      state: syncState,
    });
  });
});

/** A bridge whose events the test fires by hand. */
function fakeBridge() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

function fakeConnection() {
  let status: ConnectionStatus = 'open';
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const monitor: ConnectionMonitor & { set(status: ConnectionStatus): void } = {
    getStatus: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    retryNow: () => undefined,
    set(next) {
      status = next;
      for (const listener of listeners) listener(next);
    },
  };
  return monitor;
}

function seededClient() {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  for (const key of everyKey) client.setQueryData(key, { seeded: true });
  return client;
}

const invalidated = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => query.queryKey.slice(0, 2).join('/'))
    .sort();

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connectCacheEvents', () => {
  it('merges a burst of store.changed events into one invalidation of the affected queries', async () => {
    const bridge = fakeBridge();
    const client = seededClient();
    const stop = connectCacheEvents(bridge, fakeConnection(), client, { batchMs: 5 });
    bridge.emit('store.changed', { profileId: 'p1', tables: ['sites'] });
    bridge.emit('store.changed', { profileId: 'p1', tables: ['outbox'] });
    expect(invalidated(client)).toEqual([]);
    await tick(20);
    expect(invalidated(client)).toEqual([
      'outbox/pending',
      'sync/state',
      'tickets/count',
      'tickets/detail',
      'tickets/list',
      'tickets/search',
    ]);
    stop();
  });

  it('puts a pushed sync state straight into the cache', () => {
    const bridge = fakeBridge();
    const client = seededClient();
    const stop = connectCacheEvents(bridge, fakeConnection(), client);
    bridge.emit('sync.state', { ...syncState, status: 'syncing' });
    expect(client.getQueryData(queryKeys.syncState())).toMatchObject({ status: 'syncing' });
    stop();
  });

  it('re-reads who is signed in when the sync status changes, and only then', () => {
    const bridge = fakeBridge();
    const client = seededClient();
    client.setQueryData(queryKeys.syncState(), { ...syncState, status: 'unauthorized' });
    const stop = connectCacheEvents(bridge, fakeConnection(), client);
    bridge.emit('sync.state', { ...syncState, status: 'unauthorized', pendingCount: 2 });
    expect(invalidated(client)).toEqual([]);
    bridge.emit('sync.state', { ...syncState, status: 'syncing' });
    expect(invalidated(client)).toEqual(['session']);
    stop();
  });

  it('drops everything cached when another profile becomes active', () => {
    const bridge = fakeBridge();
    const client = seededClient();
    const stop = connectCacheEvents(bridge, fakeConnection(), client);
    bridge.emit('profiles.changed', { activeId: 'p2' });
    expect(everyKey.map((key) => client.getQueryData(key))).toEqual(everyKey.map(() => undefined));
    stop();
  });

  it('invalidates everything after a reconnect, since events may have been missed', () => {
    const bridge = fakeBridge();
    const connection = fakeConnection();
    const client = seededClient();
    const stop = connectCacheEvents(bridge, connection, client);
    connection.set('reconnecting');
    expect(invalidated(client)).toEqual([]);
    connection.set('open');
    expect(invalidated(client)).toHaveLength(everyKey.length);
    stop();
  });

  it('stops listening when asked', async () => {
    const bridge = fakeBridge();
    const client = seededClient();
    connectCacheEvents(bridge, fakeConnection(), client, { batchMs: 1 })();
    bridge.emit('store.changed', { profileId: 'p1', tables: ['tickets'] });
    await tick(10);
    expect(invalidated(client)).toEqual([]);
  });
});
