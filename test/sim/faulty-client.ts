import type { PushRequest } from '../../src-shared/mutations.js';
import {
  NetworkError,
  ServerError,
  type SupportClient,
} from '../../src-main/core/sync/support-client.js';
import type { Random } from './prng.js';

export interface Faults {
  /** The request never reaches the server. */
  dropRequest: number;
  /** The server commits, but the answer is lost on the way back. */
  dropResponse: number;
  /** The request is delivered twice. */
  duplicate: number;
  /** An old push from this client arrives again, out of order, before the current one. */
  replayOld: number;
  /** The server answers 401 (expired session). */
  unauthorized: number;
  /** A pull answers 410 (cursor older than the server's retention). */
  gone: number;
}

export const calm: Faults = {
  dropRequest: 0,
  dropResponse: 0,
  duplicate: 0,
  replayOld: 0,
  unauthorized: 0,
  gone: 0,
};

/** Wraps the real HTTP client with a transport that misbehaves as the seed decides. */
export function createFaultyClient(
  real: SupportClient,
  random: Random,
  faults: () => Faults,
  log: (line: string) => void,
): SupportClient {
  const sentPushes: { token: string; body: PushRequest }[] = [];

  async function deliver<T>(
    label: string,
    send: () => Promise<T>,
    extra?: () => Promise<unknown>,
  ): Promise<T> {
    const f = faults();
    if (random.chance(f.dropRequest)) {
      log(`${label}: request dropped`);
      throw new NetworkError('simulated: request dropped');
    }
    if (random.chance(f.unauthorized)) {
      log(`${label}: 401`);
      throw new ServerError(401, 'unauthorized', 'simulated: session expired', null);
    }
    if (extra && random.chance(f.replayOld)) {
      log(`${label}: an old request replayed first`);
      await extra().catch(() => {});
    }
    const result = await send();
    if (random.chance(f.duplicate)) {
      log(`${label}: delivered twice`);
      await send().catch(() => {});
    }
    if (random.chance(f.dropResponse)) {
      log(`${label}: response dropped after the server committed`);
      throw new NetworkError('simulated: response lost');
    }
    return result;
  }

  return {
    signIn: (body) => deliver('signIn', () => real.signIn(body)),
    refresh: (token) => deliver('refresh', () => real.refresh(token)),
    pull: (token, body) => {
      if (random.chance(faults().gone)) {
        return Promise.reject(
          new ServerError(410, 'cursor_expired', 'simulated: cursor expired', null),
        );
      }
      return deliver('pull', () => real.pull(token, body));
    },
    push: (token, body) => {
      const old = sentPushes.length ? random.pick(sentPushes) : null;
      sentPushes.push({ token, body });
      if (sentPushes.length > 20) sentPushes.shift();
      return deliver(
        `push ${body.mutations.length}`,
        () => real.push(token, body),
        old ? () => real.push(old.token, old.body) : undefined,
      );
    },
    blobExists: (token, sha) => deliver('blobExists', () => real.blobExists(token, sha)),
    putBlob: (token, sha, bytes) => deliver('putBlob', () => real.putBlob(token, sha, bytes)),
    getBlob: (token, sha) => deliver('getBlob', () => real.getBlob(token, sha)),
    send: (token, call, schema) =>
      deliver(`${call.method} ${call.path}`, () => real.send(token, call, schema)),
    listen: () => Promise.resolve(),
  };
}
