import type { SyncState } from '../../../src-shared/domain/sync.js';
import type { CoreLogger } from '../core-types.js';
import type { StoreDb } from '../store/store-types.js';
import { NetworkError, ServerError, type SupportClient } from './support-client.js';

const TARGET = 'support';
const PAGE_SIZE = 1000;

/** Supplies and renews the access token of one profile. */
export interface SessionSource {
  accessToken(): Promise<string | null>;
  /** Called after a 401; resolves true when a fresh token is available. */
  renew(): Promise<boolean>;
}

export interface SupportSyncOptions {
  profileId: string;
  db: StoreDb;
  client: SupportClient;
  session: SessionSource;
  logger: CoreLogger;
  onState(state: SyncState): void;
  onChanged(tables: string[]): void;
  /** Fallback pull period when no poke arrives. */
  intervalMs?: number;
  now?: () => Date;
}

/**
 * Pulls the support server's changes into the profile's store. This first slice pulls only;
 * the outbox, push and rebase grow here with the sync-engine work.
 */
export class SupportSync {
  private state: SyncState;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncState> | null = null;
  private stopped = false;

  constructor(private readonly options: SupportSyncOptions) {
    this.state = {
      profileId: options.profileId,
      status: 'idle',
      lastPullAt: null,
      pendingCount: 0,
      needsAttentionCount: 0,
      lastError: null,
    };
  }

  get current(): SyncState {
    return this.state;
  }

  async start(): Promise<void> {
    const target = await this.options.db.read('sync.getTarget', { target: TARGET });
    this.update({ lastPullAt: target.lastPullAt });
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One pull cycle; concurrent callers share the cycle already under way. */
  syncNow(): Promise<SyncState> {
    if (this.stopped) return Promise.resolve(this.state);
    this.running ??= this.cycle().finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  private schedule() {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.syncNow(), this.options.intervalMs ?? 30_000);
    this.timer.unref();
  }

  private async cycle(): Promise<SyncState> {
    this.update({ status: 'syncing' });
    try {
      await this.pullAll(true);
      this.update({ status: 'idle', lastError: null });
    } catch (error) {
      this.failed(error);
    }
    return this.state;
  }

  private async pullAll(mayRenew: boolean): Promise<void> {
    const { db, client, session } = this.options;
    let token = await session.accessToken();
    if (!token) {
      if (!mayRenew || !(await session.renew()))
        throw new ServerError(401, 'unauthorized', 'Sign in to sync.', null);
      token = await session.accessToken();
    }
    let { cursor } = await db.read('sync.getTarget', { target: TARGET });
    for (;;) {
      let page;
      try {
        page = await client.pull(token!, { cursor, limit: PAGE_SIZE });
      } catch (error) {
        if (
          error instanceof ServerError &&
          error.status === 401 &&
          mayRenew &&
          (await session.renew())
        ) {
          return this.pullAll(false);
        }
        throw error;
      }
      const pulledAt = (this.options.now?.() ?? new Date()).toISOString();
      const tables = await db.write('sync.applyPulledPage', {
        target: TARGET,
        cursor: page.cursor,
        changes: page.changes,
        pulledAt,
      });
      cursor = page.cursor;
      this.update({ lastPullAt: pulledAt });
      const dataTables = tables.filter((t) => t !== 'sync_targets');
      if (dataTables.length) this.options.onChanged(dataTables);
      if (!page.hasMore || this.stopped) return;
    }
  }

  private failed(error: unknown) {
    if (error instanceof NetworkError) {
      this.update({ status: 'offline', lastError: error.message });
    } else if (error instanceof ServerError && error.status === 401) {
      this.update({ status: 'unauthorized', lastError: error.message });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('sync failed', {
        profileId: this.options.profileId,
        error: message,
      });
      this.update({ status: 'error', lastError: message });
    }
  }

  private update(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    this.options.onState(this.state);
  }
}
