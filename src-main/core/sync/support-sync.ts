import type { SyncState } from '../../../src-shared/domain/sync.js';
import type { AttachmentRef } from '../../../src-shared/attachments.js';
import type { PushResult } from '../../../src-shared/mutations.js';
import type { ReplyNotification } from '../../../src-shared/domain/account-calls.js';
import { maxPullLimit } from '../../../src-shared/sync-protocol.js';
import type { CoreLogger } from '../core-types.js';
import type { LocalBlobStore } from '../attachments/blob-store.js';
import { SUPPORT_TARGET, type QueuedMutation } from '../store/queries/outbox.js';
import { storeFailure } from '../store/store-errors.js';
import type { StoreDb } from '../store/store-types.js';
import { backoffDelay } from './backoff.js';
import { systemClock, type EngineClock } from './clock.js';
import {
  NetworkError,
  ServerError,
  type PulledBody,
  type SupportClient,
} from './support-client.js';

/**
 * Upload answers that say the file itself is refused (its size or content): retrying cannot help.
 * Not 400: a sha256 mismatch means the bytes were changed on the way, and sending again can work.
 */
const refusedForGood = new Set([413, 415, 422]);

const PULL_PAGE = 1000;
// a bootstrap asks for the largest pages: a fifth of the round trips and commits for its rows
const BOOTSTRAP_PAGE = maxPullLimit;
const PUSH_BATCH = 100;
// messages indexed per store call after a bootstrap: about 50 ms of the store worker each
const INDEX_CHUNK = 2000;

/** Supplies and renews the access token of one profile. */
export interface SessionSource {
  accessToken(): Promise<string | null>;
  /** Called after a 401; resolves true when a fresh token is available. */
  renew(): Promise<boolean>;
}

export interface SupportSyncOptions {
  profileId: string;
  clientId: string;
  db: StoreDb;
  client: SupportClient;
  session: SessionSource;
  blobs: LocalBlobStore;
  logger: CoreLogger;
  onState(state: SyncState): void;
  onChanged(tables: string[]): void;
  /**
   * Called after each pulled page is applied, with the replies by others it recorded as unread
   * (none for the pages of a bootstrap: those are history, not news).
   */
  onPulledPage?(recorded: ReplyNotification[]): Promise<void>;
  /** Fallback pull period when no poke arrives. */
  intervalMs?: number;
  clock?: EngineClock;
  /** Listen for the server's pokes (off in the simulation, which drives pulls itself). */
  live?: boolean;
}

class Unauthorized extends Error {}

/**
 * The sync engine for the support server: push queued intents in order, pull changes by cursor,
 * rebase local effects on what came back. Network errors, 5xx and 429 back off with jitter;
 * a 401 pauses until the session is renewed; a 410 re-bootstraps without touching the outbox.
 * A failed request is the only test of being offline.
 */
export class SupportSync {
  private state: SyncState;
  private timer: unknown = null;
  private running: Promise<SyncState> | null = null;
  private next: Promise<SyncState> | null = null;
  private stopped = false;
  private failures = 0;
  private listener: AbortController | null = null;
  private indexing: Promise<void> | null = null;
  private readonly clock: EngineClock;

  constructor(private readonly options: SupportSyncOptions) {
    this.clock = options.clock ?? systemClock;
    this.state = {
      profileId: options.profileId,
      status: 'idle',
      lastPullAt: null,
      pendingCount: 0,
      needsAttentionCount: 0,
      lastError: null,
      searchBacklog: 0,
    };
  }

  get current(): SyncState {
    return this.state;
  }

  async start(): Promise<void> {
    const target = await this.options.db.read('sync.getTarget', { target: SUPPORT_TARGET });
    // a backlog left by a closed app is worked off whether or not the server can be reached
    this.update({ lastPullAt: target.lastPullAt, searchBacklog: await this.searchBacklog() });
    await this.refreshCounts();
    void this.syncNow();
  }

  /** How many messages wait for the search index; starts working them off if any do. */
  private async searchBacklog(): Promise<number> {
    const waiting = await this.options.db.read('search.backlogSize', {});
    if (waiting > 0) void this.indexSearchBacklog();
    return waiting;
  }

  /**
   * Makes the messages a bootstrap stored searchable, a chunk per store call so reads and
   * writes of the person using the app are served between chunks. Resumes where it stopped
   * when the app was closed midway.
   */
  private indexSearchBacklog(): Promise<void> {
    this.indexing ??= (async () => {
      const { db } = this.options;
      try {
        for (;;) {
          if (this.stopped) return;
          const { remaining, tables } = await db.write('search.indexBacklog', {
            limit: INDEX_CHUNK,
          });
          if (remaining !== this.state.searchBacklog) this.update({ searchBacklog: remaining });
          if (remaining === 0) {
            if (tables.length > 0) this.changed(tables); // once, when search is complete
            return;
          }
        }
      } catch (error) {
        // search stays incomplete until the next cycle tries again; nothing is lost
        this.options.logger.warn('could not index messages for search', {
          profileId: this.options.profileId,
          error: storeFailure(error)?.message ?? (error as Error).message,
        });
      } finally {
        this.indexing = null;
      }
    })();
    return this.indexing;
  }

  /** Stops scheduling and waits for a cycle under way, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.listener?.abort();
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
    await this.indexing;
  }

  /** A new session exists: start again at once, forgetting the backoff. */
  resume(): void {
    this.failures = 0;
    void this.syncNow();
  }

  /** Signed out: stop syncing until the next sign-in; the outbox stays. */
  pauseSignedOut(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.listener?.abort();
    this.update({
      status: 'unauthorized',
      lastError: 'Signed out. Sign in to sync; your queued changes are kept.',
    });
  }

  /** Something changed locally: push it soon. */
  async localChange(): Promise<void> {
    await this.refreshCounts();
    void this.syncNow();
  }

  /** One push-and-pull cycle; a call during a cycle runs one more right after it. */
  syncNow(): Promise<SyncState> {
    if (this.stopped) return Promise.resolve(this.state);
    if (this.running) {
      // the cycle under way may have read the outbox before the caller's change: the caller
      // gets one more cycle that starts after it, shared by everyone who asks meanwhile
      this.next ??= this.running.then(() => {
        this.next = null;
        return this.syncNow();
      });
      return this.next;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, ms);
  }

  private async cycle(): Promise<SyncState> {
    this.update({ status: 'syncing' });
    try {
      await this.withToken((token) => this.pushAll(token));
      await this.withToken((token) => this.pullAll(token));
      this.failures = 0;
      this.update({ status: 'idle', lastError: null, searchBacklog: await this.searchBacklog() });
      this.ensureListening();
      this.schedule(this.options.intervalMs ?? 30_000);
    } catch (error) {
      this.failed(error);
    }
    await this.refreshCounts();
    return this.state;
  }

  private async withToken(work: (token: string) => Promise<void>): Promise<void> {
    const { session } = this.options;
    let token = await session.accessToken();
    if (!token) {
      if (!(await session.renew())) throw new Unauthorized('Sign in to sync.');
      token = await session.accessToken();
    }
    try {
      await work(token!);
    } catch (error) {
      if (!(error instanceof ServerError && error.status === 401)) throw error;
      if (!(await session.renew())) throw new Unauthorized(error.message);
      await work((await session.accessToken())!);
    }
  }

  private async pushAll(token: string): Promise<void> {
    const { db, client } = this.options;
    for (;;) {
      const batch = await db.read('outbox.take', { target: SUPPORT_TARGET, limit: PUSH_BATCH });
      if (batch.length === 0 || this.stopped) return;
      // A message whose file the server refuses is held back on its own; the rest go on.
      const refused = await this.uploadAttachments(token, batch);
      const sending = batch.filter((m) => !refused.some((r) => r.id === m.id));
      const response =
        sending.length === 0
          ? { results: [] }
          : await client.push(token, {
              clientId: this.options.clientId,
              mutations: sending.map((m) => ({
                id: m.id,
                name: m.name,
                args: m.args,
                baseVersion: m.baseVersion,
              })),
            });
      const results = [...refused, ...response.results];
      const pullCounter = await db.read('sync.currentPullCounter', {});
      const { tables } = await db.write('outbox.recordPushResults', {
        results,
        pullCounter,
        at: this.clock.now().toISOString(),
      });
      this.changed(tables);
      await this.refreshCounts();
      const progressed = results.some((r) => r.status !== 'rejected' || r.code !== 'retry_later');
      if (!progressed || results.length < batch.length) return;
    }
  }

  /**
   * A message's files go up before the message, so the server never sees a dangling reference.
   * A file the server refuses for what it is (too large, a program, an unsafe archive, empty)
   * will never go up: its message is answered here as rejected, with the server's reason, and
   * lands in "needs attention" with its text and its other files; the outbox moves on.
   */
  private async uploadAttachments(token: string, batch: QueuedMutation[]): Promise<PushResult[]> {
    const { db, client, blobs } = this.options;
    const refused: PushResult[] = [];
    for (const m of batch) {
      const refs = ((m.args as { attachments?: AttachmentRef[] }).attachments ??
        []) as AttachmentRef[];
      for (const ref of refs) {
        if ((await db.read('blobs.state', { sha256: ref.sha256 })) === 'uploaded') continue;
        if (!(await client.blobExists(token, ref.sha256))) {
          const bytes = await blobs.read(ref.sha256);
          if (!bytes) continue; // the server will refuse the mutation with blob_missing: needs attention
          try {
            await client.putBlob(token, ref.sha256, bytes);
          } catch (error) {
            if (!(error instanceof ServerError && refusedForGood.has(error.status))) throw error;
            refused.push({
              id: m.id,
              status: 'rejected',
              code: 'invalid_args',
              message: `"${ref.name}" was refused by the server: ${error.message}`,
            });
            break;
          }
        }
        await db.write('blobs.record', {
          sha256: ref.sha256,
          size: ref.size,
          state: 'uploaded',
          at: this.clock.now().toISOString(),
        });
      }
    }
    return refused;
  }

  private async pullAll(token: string): Promise<void> {
    const { db, client } = this.options;
    const { counter } = await db.write('sync.beginPull', {});
    let { cursor } = await db.read('sync.getTarget', { target: SUPPORT_TARGET });
    let bootstrap = cursor === null;
    let next: { cursor: string; answer: Promise<PulledBody> } | null = null;
    for (;;) {
      const limit = bootstrap ? BOOTSTRAP_PAGE : PULL_PAGE;
      const pulling: Promise<PulledBody> =
        next?.cursor === cursor ? next.answer : client.pull(token, { cursor, limit });
      next = null;
      let answer;
      try {
        answer = await pulling;
      } catch (error) {
        if (error instanceof ServerError && error.status === 410) {
          this.options.logger.warn(
            'the server no longer has our sync history; pulling everything again',
            {
              profileId: this.options.profileId,
            },
          );
          this.changed((await db.write('sync.resetPulledData', { target: SUPPORT_TARGET })).tables);
          cursor = null;
          bootstrap = true;
          continue;
        }
        throw error;
      }
      // the next page downloads while this one is parsed and stored (in the store worker): the
      // server's time and the store's overlap. It is only a request: the cursor moves when a
      // page is stored, not before, and a page asked for with another cursor is not used.
      if (answer.next?.hasMore && !this.stopped) {
        const request = client.pull(token, { cursor: answer.next.cursor, limit });
        request.catch(() => {}); // awaited on the next turn; left unawaited when this one fails
        next = { cursor: answer.next.cursor, answer: request };
      }
      const pulledAt = this.clock.now().toISOString();
      const page = await db.write('sync.applyPulledBody', {
        target: SUPPORT_TARGET,
        body: answer.body,
        pulledAt,
        bootstrap,
      });
      if (!page.ok) {
        throw page.problem === 'cut_off'
          ? new NetworkError('The answer to /sync/v1/pull was cut off.')
          : new ServerError(
              502,
              'bad_response',
              "The server's answer to /sync/v1/pull was not understood.",
              null,
            );
      }
      cursor = page.cursor;
      this.update({ lastPullAt: pulledAt });
      this.changed(page.tables);
      if (page.recorded.length > 0) await this.options.onPulledPage?.(page.recorded);
      if (!page.hasMore || this.stopped) break;
    }
    // indexes a bootstrap left out are built now, one per store call (none otherwise)
    while (!this.stopped) {
      const built = await db.write('sync.restoreDeferredIndex', {});
      this.changed(built.tables);
      if (built.remaining === 0) break;
    }
    this.changed((await db.write('sync.finishPull', { counter })).tables);
  }

  private ensureListening() {
    if (this.options.live === false || this.listener || this.stopped) return;
    const controller = new AbortController();
    this.listener = controller;
    const listen = async () => {
      const token = await this.options.session.accessToken();
      if (!token) throw new Unauthorized('no token');
      await this.options.client.listen(token, () => void this.syncNow(), controller.signal);
    };
    // the channel only pokes; when it drops, the next successful cycle opens it again
    void listen()
      .catch(() => {})
      .finally(() => {
        if (this.listener === controller) this.listener = null;
      });
  }

  private failed(error: unknown) {
    this.failures += 1;
    if (error instanceof Unauthorized) {
      this.update({
        status: 'unauthorized',
        lastError: 'Sign in again to sync. Your changes are kept until then.',
      });
      return; // paused: a sign-in restarts the engine
    }
    let retryAfterMs: number | null = null;
    if (error instanceof NetworkError) {
      this.update({ status: 'offline', lastError: error.message });
    } else if (error instanceof ServerError) {
      retryAfterMs = error.retryAfterMs;
      this.update({ status: 'error', lastError: error.message });
    } else {
      // a full disk or a locked file is said in words a person can act on
      const message =
        storeFailure(error)?.message ?? (error instanceof Error ? error.message : String(error));
      this.options.logger.warn('sync failed', {
        profileId: this.options.profileId,
        error: message,
      });
      this.update({ status: 'error', lastError: message });
    }
    this.schedule(backoffDelay(this.failures - 1, this.clock.random, { retryAfterMs }));
  }

  private changed(tables: string[]) {
    const data = tables.filter((t) => t !== 'sync_targets');
    if (data.length) this.options.onChanged(data);
  }

  private async refreshCounts() {
    const counts = await this.options.db.read('outbox.counts', {});
    if (
      counts.pending !== this.state.pendingCount ||
      counts.needsAttention !== this.state.needsAttentionCount
    ) {
      this.update({ pendingCount: counts.pending, needsAttentionCount: counts.needsAttention });
    }
  }

  private update(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    this.options.onState(this.state);
  }
}
