import type { PtiConnectionResult, PtiSiteStatus } from '../../../src-shared/domain/pti-client.js';
import { ptiErrorCodes, ptiErrorInfo } from '../../../src-shared/pti/error-codes.js';
import type { CoreLogger, SecretBox } from '../core-types.js';
import type { PtiSiteConfig } from '../store/queries/pti-sites.js';
import type { StoreDb } from '../store/store-types.js';
import { backoffDelay } from '../sync/backoff.js';
import { systemClock, type EngineClock } from '../sync/clock.js';
import { createHttpPtiConnector } from './http-pti-connector.js';
import { describeOperation } from './operations.js';
import type { PtiConnector, PtiCredentials, PtiFailure } from './pti-connector.js';
import { sendOperation } from './send-operation.js';

export interface PtiSyncOptions {
  db: StoreDb;
  secrets: SecretBox;
  logger: CoreLogger;
  clock?: EngineClock;
  fetch?: typeof fetch;
  /** Tables the engine changed: tell the renderer. */
  onChanged(tables: string[]): void;
  /** An operation moved to needs-attention: counts shown elsewhere must follow. */
  onAttention(tables: string[]): void;
  /** How often a site is pulled when nothing else happens. Default 60 s. */
  intervalMs?: number;
  /** How long one gateway request may take before the site counts as offline. Default 15 s. */
  timeoutMs?: number;
  /** Builds the connector of a site (tests substitute one); the HTTP connector by default. */
  connect?: (config: PtiSiteConfig, credentials: PtiCredentials) => PtiConnector;
}

/** A refusal a person must look at; anything else (offline, 5xx, a lost session) is retried as is. */
const isRefusal = (failure: PtiFailure) =>
  failure.kind === 'rejected' && !ptiErrorInfo(failure.code).retryable;

/** PTI's reason in the words of the shared error table; the gateway's own text for unknown codes. */
const inWords = (failure: PtiFailure) =>
  ptiErrorInfo(failure.code).name === 'other'
    ? failure.message
    : ptiErrorInfo(failure.code).message;

/**
 * The sync of one site's PTI gateway: send the site's queued operations in order, one at a
 * time, each with its id as idempotency key; then pull the site's snapshot. The first
 * operation the gateway cannot take now (offline, 5xx) stops the round, and the round is tried
 * again after a backoff with jitter, as the support engine does; a refused operation moves to
 * needs-attention and the next one goes. Refused credentials pause the site until its settings
 * change or a person asks again.
 */
class SiteSync {
  private running: Promise<void> | null = null;
  private follow: Promise<void> | null = null;
  private timer: unknown = null;
  private stopped = false;
  private paused = false;
  private failures = 0;
  private cached: { key: string; connector: PtiConnector } | null = null;
  private shown: { status: PtiSiteStatus; lastError: string | null } | null = null;
  private readonly clock: EngineClock;

  constructor(
    readonly siteCode: string,
    private readonly options: PtiSyncOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** One round now; a call during a round gets one more round right after it. */
  syncNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.running) {
      this.running = this.cycle().finally(() => (this.running = null));
      return this.running;
    }
    this.follow ??= this.running.then(() => {
      this.follow = null;
      return this.syncNow();
    });
    return this.follow;
  }

  /** Start over at once, forgetting backoff and a refused sign-in (settings changed, or asked). */
  resume(): Promise<void> {
    this.failures = 0;
    this.paused = false;
    return this.syncNow();
  }

  configChanged(): Promise<void> {
    this.dropConnector();
    return this.resume();
  }

  /** Something was queued: send it soon, unless the site is paused on its credentials. */
  localChange(): void {
    if (!this.paused && this.failures === 0) void this.syncNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.dropConnector();
  }

  /** A connector of its own for one person's request, signed out afterwards; undefined: no site. */
  async useConnector<T>(use: (connector: PtiConnector) => Promise<T>): Promise<T | undefined> {
    const config = await this.options.db.read('pti.sites.config', { siteCode: this.siteCode });
    if (!config) return undefined;
    const connector = this.connect(config);
    try {
      return await use(connector);
    } finally {
      void closeQuietly(connector);
    }
  }

  async testConnection(): Promise<PtiConnectionResult | null> {
    const config = await this.options.db.read('pti.sites.config', { siteCode: this.siteCode });
    if (!config) return null;
    const connector = this.connect(config);
    const result = await connector.testConnection();
    void closeQuietly(connector);
    const checkedAt = this.clock.now().toISOString();
    if (result.ok) {
      await this.show('online', null, checkedAt);
      void this.resume();
      const { site, latencyMs } = result.value;
      return {
        ok: true,
        status: 'online',
        site: { name: site.name, timeZone: site.timeZone, defaults: site.defaults },
        latencyMs,
        code: null,
        message: `Connected to ${site.name} (${site.code}) in ${latencyMs} ms.`,
        checkedAt,
      };
    }
    const status = this.statusOf(result);
    if (status === 'unauthorized') this.paused = true;
    await this.show(status, result.message, result.kind === 'offline' ? null : checkedAt);
    return {
      ok: false,
      status,
      site: null,
      latencyMs: null,
      code: result.code,
      message: result.message,
      checkedAt,
    };
  }

  private async cycle(): Promise<void> {
    const { db } = this.options;
    try {
      const config = await db.read('pti.sites.config', { siteCode: this.siteCode });
      if (!config || this.stopped || this.paused) return;
      const connector = this.connectorFor(config);
      const blocked = await this.pushAll(connector);
      if (blocked) return await this.failed(blocked);
      if (this.stopped) return;
      const pulled = await connector.pullSite();
      if (!pulled.ok) return await this.failed(pulled);
      const at = this.clock.now().toISOString();
      if (this.stopped) return;
      this.changed(
        (
          await db.write('pti.sync.snapshot', {
            siteCode: this.siteCode,
            snapshot: pulled.value,
            at,
          })
        ).tables,
      );
      await this.show('online', null, at);
      this.failures = 0;
      this.schedule(this.options.intervalMs ?? 60_000);
    } catch (error) {
      if (this.stopped) return;
      this.options.logger.warn('PTI sync of a site failed', {
        siteCode: this.siteCode,
        error: error instanceof Error ? error.message : String(error),
      });
      await this.show(
        'error',
        'Gatedesk could not sync this site; the details are in the log.',
        null,
      ).catch(() => {});
      this.failures += 1;
      this.schedule(backoffDelay(this.failures - 1, this.clock.random));
    }
  }

  /** Sends queued operations in order; returns the failure that stopped the round, if any. */
  private async pushAll(connector: PtiConnector): Promise<PtiFailure | null> {
    const { db } = this.options;
    const siteCode = this.siteCode;
    for (;;) {
      if (this.stopped) return null;
      const next = await db.read('pti.sync.next', { siteCode });
      if (!next) return null;
      const { op } = next;
      const result = await sendOperation(connector, op);
      const at = this.clock.now().toISOString();
      if (result.ok) {
        this.changed(
          (await db.write('pti.sync.applied', { siteCode, id: op.id, outcome: result.value, at }))
            .tables,
        );
        continue;
      }
      if (isRefusal(result)) {
        this.options.logger.info('PTI refused an operation; it needs attention', {
          siteCode,
          operation: op.name,
          ptiCode: result.code,
        });
        const { tables } = await db.write('pti.sync.refused', {
          siteCode,
          id: op.id,
          code: result.code,
          message: `${describeOperation(op)} at ${siteCode}: ${inWords(result)}`,
          at,
        });
        this.options.onAttention(tables);
        continue;
      }
      this.changed(
        (await db.write('pti.sync.retry', { id: op.id, message: result.message })).tables,
      );
      return result;
    }
  }

  private statusOf(failure: PtiFailure): PtiSiteStatus {
    if (failure.kind === 'offline') return 'offline';
    if (failure.kind === 'unauthorized' || failure.code === ptiErrorCodes.badCredentials)
      return 'unauthorized';
    return 'error';
  }

  private async failed(failure: PtiFailure): Promise<void> {
    const status = this.statusOf(failure);
    const at = this.clock.now().toISOString();
    await this.show(status, failure.message, status === 'offline' ? null : at);
    if (status === 'unauthorized') {
      // Waiting will not fix a refused site key or password: wait for new settings instead.
      this.paused = true;
      return;
    }
    this.failures += 1;
    this.schedule(backoffDelay(this.failures - 1, this.clock.random));
  }

  private async show(status: PtiSiteStatus, lastError: string | null, contactAt: string | null) {
    const same = this.shown?.status === status && this.shown.lastError === lastError;
    if (same && contactAt === null) return;
    if (!same) this.options.logger.info('PTI site status', { siteCode: this.siteCode, status });
    this.shown = { status, lastError };
    this.changed(
      (
        await this.options.db.write('pti.sites.setStatus', {
          siteCode: this.siteCode,
          status,
          lastError,
          contactAt,
        })
      ).tables,
    );
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, ms);
  }

  private connectorFor(config: PtiSiteConfig): PtiConnector {
    const key = `${config.updatedAt}\n${config.gatewayUrl}`;
    if (this.cached?.key !== key) {
      this.dropConnector();
      this.cached = { key, connector: this.connect(config) };
    }
    return this.cached.connector;
  }

  private connect(config: PtiSiteConfig): PtiConnector {
    const { secrets } = this.options;
    const credentials: PtiCredentials = {
      siteKey: secrets.open(Buffer.from(config.siteKeySealed)),
      username: config.username,
      password: secrets.open(Buffer.from(config.passwordSealed)),
    };
    if (this.options.connect) return this.options.connect(config, credentials);
    return createHttpPtiConnector({
      baseUrl: config.gatewayUrl,
      siteCode: config.siteCode,
      credentials,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
    });
  }

  private dropConnector() {
    if (this.cached) void closeQuietly(this.cached.connector);
    this.cached = null;
  }

  private changed(tables: string[]) {
    if (tables.length) this.options.onChanged(tables);
  }
}

/** Signs out without holding anything up: an offline gateway forgets the session on its own. */
async function closeQuietly(connector: PtiConnector): Promise<void> {
  await Promise.race([
    connector.close().catch(() => {}),
    new Promise<void>((resolve) => setTimeout(resolve, 1000).unref()),
  ]);
}

/** The PTI sync of every site of the active profile, one queue and engine per site. */
export class PtiSync {
  private readonly sites = new Map<string, SiteSync>();
  private stopped = false;

  constructor(private readonly options: PtiSyncOptions) {}

  async start(): Promise<void> {
    for (const siteCode of await this.options.db.read('pti.sites.codes', {}))
      void this.site(siteCode).syncNow();
  }

  /** Settings saved: a new site starts syncing, a changed one reconnects with its new settings. */
  siteSaved(siteCode: string): Promise<void> {
    const existing = this.sites.get(siteCode);
    return existing ? existing.configChanged() : this.site(siteCode).syncNow();
  }

  async siteRemoved(siteCode: string): Promise<void> {
    const site = this.sites.get(siteCode);
    this.sites.delete(siteCode);
    await site?.stop();
  }

  localChange(siteCode: string): void {
    this.sites.get(siteCode)?.localChange();
  }

  /** One round now for a person who asked: backoff and a paused sign-in are forgotten. */
  syncNow(siteCode: string): Promise<void> {
    return this.site(siteCode).resume();
  }

  testConnection(siteCode: string): Promise<PtiConnectionResult | null> {
    return this.site(siteCode).testConnection();
  }

  /** Asks the site's gateway something outside the queue (the keypad tester, the event log). */
  useConnector<T>(
    siteCode: string,
    use: (connector: PtiConnector) => Promise<T>,
  ): Promise<T | undefined> {
    return this.site(siteCode).useConnector(use);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.sites.values()].map((s) => s.stop()));
    this.sites.clear();
  }

  private site(siteCode: string): SiteSync {
    let site = this.sites.get(siteCode);
    if (!site) {
      site = new SiteSync(siteCode, this.options);
      if (!this.stopped) this.sites.set(siteCode, site);
      else void site.stop();
    }
    return site;
  }
}
