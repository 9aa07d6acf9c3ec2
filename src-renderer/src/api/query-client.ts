import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../src-shared/result';

/** A dropped WebSocket heals itself within seconds; other failures will not change on a retry. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return error instanceof ApiError && error.code === 'unavailable' && failureCount < 3;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Reads come from the local store, so being offline is no reason to pause them.
        networkMode: 'always',
        // Core events invalidate what changed; nothing goes stale on a timer.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: shouldRetry,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}
