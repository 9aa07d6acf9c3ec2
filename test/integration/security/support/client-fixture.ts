import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Core, CoreLogger } from '../../../../src-main/core/core-types.js';
import { createCore } from '../../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../../src-main/core/store/inline-store.js';
import type { EngineClock } from '../../../../src-main/core/sync/clock.js';
import type { CallName, CallOutput } from '../../../../src-shared/contract.js';
import type { Result } from '../../../../src-shared/result.js';
import { silentLogger } from '../../../helpers/test-core.js';

/** Calls the core the way a shell does, and unwraps the answer (a refusal fails the setup). */
export async function callOk<K extends CallName>(
  core: Core,
  method: K,
  input: unknown,
): Promise<CallOutput<K>> {
  const result = (await core.dispatch(method, input, { shell: 'test' })) as Result<CallOutput<K>>;
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** A real core on `dataDir` with the key-file secret box, as the web host runs it. */
export function openCore(
  dataDir: string,
  options: { fetch?: typeof fetch; clock?: EngineClock; live?: boolean; logger?: CoreLogger } = {},
): Promise<Core> {
  mkdirSync(dataDir, { recursive: true });
  return createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: options.logger ?? silentLogger,
    store: createInlineStore(),
    demo: null,
    live: options.live ?? false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

/** Waits until the active profile has pushed everything and pulled what the server has. */
export async function syncSettled(core: Core): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const state = await callOk(core, 'sync.now', {});
    if (state.status === 'idle' && state.pendingCount === 0) return;
    if (state.status !== 'syncing' && state.status !== 'idle')
      throw new Error(`sync did not settle: ${state.status} ${state.lastError ?? ''}`);
  }
  throw new Error('sync did not settle in 20 rounds');
}

/**
 * A data folder with one server profile signed in as `account` and synced, then closed: what a
 * user has after a day's work. Returns the profile id.
 */
export async function signedInDataFolder(
  dataDir: string,
  server: { url: string },
  account: { email: string; password: string },
  work?: (core: Core) => Promise<void>,
): Promise<string> {
  const core = await openCore(dataDir);
  try {
    const profile = await callOk(core, 'profiles.add', {
      name: 'Support',
      serverUrl: server.url,
      account: account.email,
    });
    await callOk(core, 'profiles.activate', { id: profile.id });
    await callOk(core, 'profiles.signIn', { password: account.password });
    await syncSettled(core);
    await work?.(core);
    await syncSettled(core);
    return profile.id;
  } finally {
    await core.close();
  }
}

/** Timers the engine schedules never fire: the core only does what a call asks of it. */
export const heldClock: EngineClock = {
  now: () => new Date(),
  setTimeout: () => null,
  clearTimeout: () => {},
  random: () => 0.5,
};

/** The network is down: every request fails the way fetch fails with no route. */
export const networkDown: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));

/** A logger that keeps what went wrong, to show beside a failed assertion. */
export function recordingLogger(): CoreLogger & { errors: string[] } {
  const errors: string[] = [];
  const keep = (message: string, fields?: Record<string, unknown>) => {
    const error = fields?.error;
    errors.push(
      `${message}: ${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(fields)}`,
    );
    if (errors.length > 20) errors.shift();
  };
  return { errors, info() {}, warn: keep, error: keep };
}
