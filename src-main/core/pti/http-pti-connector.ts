import { z } from 'zod';
import { ptiErrorCodes, ptiErrorInfo } from '../../../src-shared/pti/error-codes.js';
import {
  AccessResponse,
  CustomerRef,
  DefaultsResponse,
  DeleteCustomerResponse,
  EventsResponse,
  idempotencyKeyHeader,
  idempotencyKeyPattern,
  idempotencyReplayedHeader,
  KeypadEntryResponse,
  LockResponse,
  RentalResyncResponse,
  RentResponse,
  ResyncResponse,
  SessionResponse,
  SiteInfo,
  SiteSnapshot,
  UnitsResponse,
  UserResponse,
  UsersResponse,
  VacateResponse,
} from '../../../src-shared/pti/protocol.js';
import { unitNameProblem } from '../../../src-shared/pti/unit-name.js';
import type {
  PtiCommand,
  PtiConnector,
  PtiCredentials,
  PtiFailure,
  PtiFailureKind,
  PtiResult,
} from './pti-connector.js';
import { withinTime } from '../net/within-time.js';

export interface HttpPtiConnectorOptions {
  /** The gateway's address, e.g. http://127.0.0.1:4100. */
  baseUrl: string;
  siteCode: string;
  credentials: PtiCredentials;
  fetch?: typeof fetch;
  /** How long one request may take before the gateway counts as offline. Default 15 s. */
  timeoutMs?: number;
}

type Exchange = { status: number; json: unknown; replayed: boolean };

const noContent = z.unknown();

/**
 * The PTI connector over the gateway protocol. It signs in lazily, signs in again once when the
 * gateway has forgotten the session (a restart), and turns every failure into a typed result:
 * network trouble is "offline", never an exception. Credentials go only into the sign-in body.
 */
export function createHttpPtiConnector(options: HttpPtiConnectorOptions): PtiConnector {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const parsed = URL.canParse(options.baseUrl) ? new URL(options.baseUrl) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new TypeError(
      'The PTI gateway address is not a valid http:// or https:// URL (write it like http://host:port).',
    );
  const base: URL = parsed;
  // Shown in messages: the origin never carries user:password@.
  const where = base.origin;
  const sitePath = `/v1/sites/${encodeURIComponent(options.siteCode)}`;
  let token: string | null = null;
  let signingIn: Promise<PtiResult<string>> | null = null;

  const scrub = (text: string) => {
    let out = text;
    for (const secret of [options.credentials.password, options.credentials.siteKey, token])
      if (secret && secret.length >= 4) out = out.split(secret).join('•••');
    return out;
  };

  const failure = (code: number, kind: PtiFailureKind, message?: string): PtiFailure => ({
    ok: false,
    code,
    message: scrub(message ?? ptiErrorInfo(code).message),
    kind,
    retryable: kind === 'offline' || kind === 'unavailable',
  });

  async function exchange(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Exchange | PtiFailure> {
    // Relative to the address's own path, so a gateway behind a path prefix works too. Built
    // from the origin: a path starting "//" resolved against the base would name another host.
    const url = new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}${path}`);
    let text: string;
    let response: Response;
    try {
      ({ response, text } = await withinTime(timeoutMs, async (signal) => {
        const answer = await doFetch(url, {
          method,
          headers:
            body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        return { response: answer, text: await answer.text() };
      }));
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      const why = timedOut
        ? `did not answer within ${Math.round(timeoutMs / 100) / 10} s`
        : `could not be reached${typeof cause === 'string' ? ` (${cause})` : ''}`;
      return failure(
        ptiErrorCodes.offline,
        'offline',
        `The PTI gateway at ${where} ${why}; it counts as offline (Storlogix offline). Try again when it is back.`,
      );
    }
    let json: unknown = null;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        if (response.status === 503) return failure(ptiErrorCodes.offline, 'offline');
        const notJson = `The PTI gateway at ${where} answered ${response.status} with something that is not JSON`;
        // A 5xx page is a proxy in trouble; anything else is the wrong address, which waiting won't fix.
        return response.status >= 500
          ? failure(ptiErrorCodes.internal, 'unavailable', `${notJson}.`)
          : failure(
              ptiErrorCodes.badResponse,
              'rejected',
              `${notJson}; check the gateway address.`,
            );
      }
    }
    return {
      status: response.status,
      json,
      replayed: response.headers.get(idempotencyReplayedHeader) === 'true',
    };
  }

  function refusal(result: Exchange): PtiFailure {
    const error = (result.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code =
      typeof error?.code === 'number'
        ? error.code
        : result.status >= 500
          ? ptiErrorCodes.internal
          : ptiErrorCodes.malformedRequest;
    const message = typeof error?.message === 'string' ? error.message : undefined;
    const kind: PtiFailureKind =
      code === ptiErrorCodes.offline || result.status === 503
        ? 'offline'
        : code === ptiErrorCodes.badCredentials
          ? 'unauthorized'
          : result.status >= 500 || result.status === 429
            ? 'unavailable'
            : 'rejected';
    return failure(code, kind, message);
  }

  async function signIn(): Promise<PtiResult<string>> {
    const result = await exchange('POST', `${sitePath}/session`, options.credentials, {});
    if (!('status' in result)) return result;
    if (result.status !== 200) return refusal(result);
    const parsed = SessionResponse.safeParse(result.json);
    if (!parsed.success) return failure(ptiErrorCodes.badResponse, 'unavailable');
    token = parsed.data.token;
    return { ok: true, value: token, replayed: false };
  }

  function session(): Promise<PtiResult<string>> {
    if (token) return Promise.resolve({ ok: true, value: token, replayed: false });
    signingIn ??= signIn().finally(() => (signingIn = null));
    return signingIn;
  }

  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: S,
    request: { body?: unknown; command?: PtiCommand } = {},
    retried = false,
  ): Promise<PtiResult<z.output<S>>> {
    const key = request.command?.idempotencyKey;
    if (key !== undefined && !idempotencyKeyPattern.test(key))
      return failure(
        ptiErrorCodes.malformedRequest,
        'rejected',
        'An idempotency key is 1–200 printable characters without spaces.',
      );
    const signedIn = await session();
    if (!signedIn.ok) return signedIn;
    const headers: Record<string, string> = { authorization: `Bearer ${signedIn.value}` };
    if (key !== undefined) headers[idempotencyKeyHeader] = key;
    const result = await exchange(method, sitePath + path, request.body, headers);
    if (!('status' in result)) return result;
    if (result.status === 401 && !retried) {
      // The gateway restarted or the session expired: sign in again and send the same request.
      token = null;
      return call(method, path, schema, request, true);
    }
    if (result.status < 200 || result.status >= 300) return refusal(result);
    const parsed = schema.safeParse(result.json);
    if (!parsed.success)
      return failure(
        ptiErrorCodes.badResponse,
        'unavailable',
        `The PTI gateway at ${where} answered in a form this version of Gatedesk does not understand.`,
      );
    return { ok: true, value: parsed.data, replayed: result.replayed };
  }

  const map = <T, U>(result: PtiResult<T>, pick: (value: T) => U): PtiResult<U> =>
    result.ok ? { ...result, value: pick(result.value) } : result;

  const unitPath = (unitName: string): string | PtiFailure => {
    const problem = unitNameProblem(unitName);
    return problem
      ? failure(ptiErrorCodes.invalidUnitName, 'rejected', problem)
      : `/units/${encodeURIComponent(unitName)}`;
  };
  const customerPath = (customerRef: string): string | PtiFailure =>
    CustomerRef.safeParse(customerRef).success
      ? `/customers/${encodeURIComponent(customerRef)}`
      : failure(
          ptiErrorCodes.malformedRequest,
          'rejected',
          'A customer reference is 1–64 letters, digits or the characters . _ : @ -',
        );
  const onUnit = async <S extends z.ZodType>(
    unitName: string,
    suffix: string,
    method: 'POST' | 'PUT',
    schema: S,
    body: unknown,
    command: PtiCommand,
  ): Promise<PtiResult<z.output<S>>> => {
    const path = unitPath(unitName);
    if (typeof path !== 'string') return path;
    return call(method, path + suffix, schema, { body, command });
  };
  const onCustomer = async <S extends z.ZodType>(
    customerRef: string,
    suffix: string,
    method: 'POST' | 'PUT' | 'DELETE',
    schema: S,
    body: unknown,
    command: PtiCommand,
  ): Promise<PtiResult<z.output<S>>> => {
    const path = customerPath(customerRef);
    if (typeof path !== 'string') return path;
    return call(method, path + suffix, schema, { body, command });
  };

  return {
    siteCode: options.siteCode,

    async testConnection() {
      const started = performance.now();
      token = null;
      const result = await call('GET', '', SiteInfo);
      return map(result, (site) => ({ site, latencyMs: Math.round(performance.now() - started) }));
    },
    pullSite: () => call('GET', '/snapshot', SiteSnapshot),
    listUnits: async () => map(await call('GET', '/units', UnitsResponse), (v) => v.units),
    listAccess: () => call('GET', '/access', AccessResponse),
    listUsers: async () => map(await call('GET', '/users', UsersResponse), (v) => v.users),

    rent: (unitName, request, command) =>
      onUnit(unitName, '/rent', 'POST', RentResponse, request, command),
    vacate: (unitName, command) => onUnit(unitName, '/vacate', 'POST', VacateResponse, {}, command),
    lock: (unitName, command) => onUnit(unitName, '/lock', 'POST', LockResponse, {}, command),
    unlock: (unitName, command) => onUnit(unitName, '/unlock', 'POST', LockResponse, {}, command),
    resyncRental: (unitName, request, command) =>
      onUnit(unitName, '/rental', 'PUT', RentalResyncResponse, request, command),
    regenerateCode: (customerRef, accessCode, command) =>
      onCustomer(
        customerRef,
        '/regenerate-code',
        'POST',
        UserResponse,
        accessCode === undefined ? {} : { accessCode },
        command,
      ),
    setAccessLevel: (customerRef, accessLevel, command) =>
      onCustomer(customerRef, '/access-level', 'PUT', UserResponse, { accessLevel }, command),
    setZone: (customerRef, zone, command) =>
      onCustomer(customerRef, '/zone', 'PUT', UserResponse, { zone }, command),
    deleteCustomer: (customerRef, command) =>
      onCustomer(customerRef, '', 'DELETE', DeleteCustomerResponse, undefined, command),
    setDefaults: (defaults, command) =>
      call('PUT', '/defaults', DefaultsResponse, { body: defaults, command }),
    resyncSite: (desired, command) =>
      call('PUT', '/state', ResyncResponse, { body: desired, command }),

    enterCode: (keypadId, code, at) =>
      call('POST', `/keypads/${keypadId}/entries`, KeypadEntryResponse, {
        body: at ? { code, at: at.toISOString() } : { code },
      }),
    listEvents: (after = 0, limit = 100) =>
      call('GET', `/events?after=${after}&limit=${limit}`, EventsResponse),

    async close() {
      if (!token) return;
      await call('DELETE', '/session', noContent, {}, true);
      token = null;
    },
  };
}
