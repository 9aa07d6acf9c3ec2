import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPtiGateway, type PtiGateway } from '../../../src-pti-gateway/app.js';
import { demoCredentials, type DemoSiteCredentials } from '../../../src-pti-gateway/demo-data.js';
import type { SiteState } from '../../../src-pti-gateway/state.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { profileDatabaseFile } from '../../../src-main/core/paths.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { EngineClock } from '../../../src-main/core/sync/clock.js';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.js';
import type { FaultSwitches } from '../../../src-shared/pti/protocol.js';
import type { Result } from '../../../src-shared/result.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** One request the core sent to the gateway, as it went over the wire. */
export interface GatewayRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number | null;
  replayed: boolean;
}

/**
 * A real core (inline store, real SQLite files, key-file secret box) with a profile whose support
 * server is unreachable, and a real PTI gateway emulator with its fault switches on. Everything
 * the core says — results, events, log lines — is kept, to prove no secret ever leaks.
 */
export interface PtiClientFixture {
  gateway: PtiGateway;
  core: Core;
  dataDir: string;
  results: string[];
  events: string[];
  logLines: string[];
  requests: GatewayRequest[];
  /** Calls the contract; a failure throws with its code and message. */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  /** Calls the contract and returns the Result as the renderer would get it. */
  attempt<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>;
  credentials(siteCode: string): DemoSiteCredentials;
  /** The emulator's own state of a site, as it is now. */
  gatewaySite(siteCode: string): SiteState;
  faults(switches: Partial<FaultSwitches>): Promise<void>;
  /** The site's settings as an installer types them in. */
  addSite(siteCode: string): Promise<CallOutput<'pti.sites.save'>>;
  /** The profile database's bytes, with its write-ahead log. */
  profileDatabase(): Buffer;
  close(): Promise<void>;
}

/**
 * Real time, but timers that never fire: backoff retries and periodic pulls do not run behind a
 * test's back; a test moves the engine with `pti.sites.syncNow`, as a person would.
 */
const heldTimers: EngineClock = {
  now: () => new Date(),
  setTimeout: () => null,
  clearTimeout: () => {},
  random: Math.random,
};

export async function startPtiClient(): Promise<PtiClientFixture> {
  const dir = tempDir('pti-client');
  const gateway = await createPtiGateway({ host: '127.0.0.1', port: 0, faults: true });
  const results: string[] = [];
  const events: string[] = [];
  const logLines: string[] = [];
  const requests: GatewayRequest[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logLines.push(`${level} ${message} ${fields ? JSON.stringify(fields, errorFields) : ''}`);
    };
  const countingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    const entry: GatewayRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      idempotencyKey: headers.get('idempotency-key'),
      status: null,
      replayed: false,
    };
    if (url.origin === new URL(gateway.url).origin) requests.push(entry);
    const response = await fetch(input, init);
    entry.status = response.status;
    entry.replayed = response.headers.get('idempotency-replayed') === 'true';
    return response;
  };
  const core = await createCore({
    dataDir: dir.path,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dir.path, 'secret.key')),
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    store: createInlineStore(),
    demo: null,
    live: false,
    fetch: countingFetch,
    clock: heldTimers,
  });
  core.events.onAny((event, payload) => events.push(JSON.stringify({ event, payload })));

  const attempt = async <K extends CallName>(name: K, input: CallInput<K>) => {
    const result = await core.dispatch(name, input, { shell: 'test' });
    results.push(JSON.stringify(result));
    return result as Result<CallOutput<K>>;
  };
  const call = async <K extends CallName>(name: K, input: CallInput<K>) => {
    const result = await attempt(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  const credentials = (siteCode: string) =>
    demoCredentials(gateway.state).find((s) => s.siteCode === siteCode)!;

  // A profile whose support server never answers: the PTI side must not depend on it.
  const profile = await call('profiles.add', {
    name: 'Field laptop',
    serverUrl: 'http://127.0.0.1:9',
    account: 'installer@example.com',
  });
  await call('profiles.activate', { id: profile.id });

  return {
    gateway,
    core,
    dataDir: dir.path,
    results,
    events,
    logLines,
    requests,
    call,
    attempt,
    credentials,
    gatewaySite: (siteCode) => gateway.state.sites.find((s) => s.code === siteCode)!,
    async faults(switches) {
      const response = await fetch(`${gateway.url}/_faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(switches),
      });
      if (!response.ok) throw new Error(`fault switch refused: ${response.status}`);
    },
    addSite(siteCode) {
      const site = credentials(siteCode);
      return call('pti.sites.save', {
        siteCode,
        gatewayUrl: gateway.url,
        username: site.username,
        siteKey: site.siteKey,
        password: site.password,
      });
    },
    profileDatabase() {
      const file = profileDatabaseFile(dir.path, profile.id);
      const wal = `${file}-wal`;
      return Buffer.concat([
        readFileSync(file),
        existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0),
      ]);
    },
    async close() {
      await core.close();
      await gateway.close();
      dir.remove();
    },
  };
}

function errorFields(_key: string, value: unknown) {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}
