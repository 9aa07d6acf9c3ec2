import type { z } from 'zod';
import { PushResponse, type PushRequest } from '../../../src-shared/mutations.js';
import {
  SignInResponse,
  pullCursorHeader,
  pullHasMoreHeader,
  type PullRequest,
  type SignInRequest,
} from '../../../src-shared/sync-protocol.js';
import { withinTime } from '../net/within-time.js';
import {
  AnswerCutOff,
  fetchByteTransport,
  nodeByteTransport,
  type ByteAnswer,
} from './byte-transport.js';

/** The request never got an HTTP answer: the honest definition of "offline". */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The server answered with an error status. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null,
    /** A refused input's fields and what to fix in each, as the server named them. */
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

/**
 * A pull answer as it came off the wire: the store worker parses and checks it (a page of
 * thousands of rows would otherwise cost the main thread milliseconds of parsing). `next` is the
 * cursor the answer's headers name, for asking for the following page at once; null when the
 * server did not say.
 */
export interface PulledBody {
  body: Uint8Array;
  next: { cursor: string; hasMore: boolean } | null;
}

/** Everything the sync engine asks of a support server; tests and the simulation wrap it. */
export interface SupportClient {
  signIn(request: SignInRequest): Promise<SignInResponse>;
  refresh(refreshToken: string): Promise<SignInResponse>;
  pull(accessToken: string, request: PullRequest): Promise<PulledBody>;
  push(accessToken: string, request: PushRequest): Promise<PushResponse>;
  blobExists(accessToken: string, sha256: string): Promise<boolean>;
  putBlob(accessToken: string, sha256: string, body: Uint8Array): Promise<void>;
  getBlob(accessToken: string, sha256: string): Promise<Uint8Array>;
  /** Resolves when the stream ends; calls onPoke for every poke. Abort with the signal. */
  listen(accessToken: string, onPoke: () => void, signal: AbortSignal): Promise<void>;
  /** One call of the JSON API that only works online (support PINs); the answer is parsed. */
  send<S extends z.ZodType>(
    accessToken: string,
    request: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; body?: unknown },
    schema: S,
  ): Promise<z.output<S>>;
}

export interface SupportClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createSupportClient(options: SupportClientOptions): SupportClient {
  const doFetch = options.fetch ?? fetch;
  // an injected fetch carries every request, pulls included, so faults reach them too
  const readBytes = options.fetch ? fetchByteTransport(options.fetch) : nodeByteTransport;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request(
    path: string,
    init: RequestInit & { token?: string; timeout?: boolean },
  ): Promise<Response> {
    const url = new URL(path, options.baseUrl);
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    let response: Response;
    try {
      response =
        init.signal || init.timeout === false
          ? await doFetch(url, { ...init, headers, signal: init.signal ?? null })
          : await withinTime(timeoutMs, (signal) => doFetch(url, { ...init, headers, signal }));
    } catch (error) {
      throw new NetworkError(`Could not reach ${url.origin}: ${(error as Error).message}`);
    }
    if (!response.ok && response.status !== 404) throw await serverError(response);
    return response;
  }

  async function sendJson<S extends z.ZodType>(
    method: string,
    path: string,
    body: unknown,
    schema: S,
    token?: string,
  ): Promise<z.output<S>> {
    const response = await request(path, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      ...(token ? { token } : {}),
    });
    if (response.status === 404) throw await serverError(response);
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new NetworkError(`The answer to ${path} was cut off: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ServerError(
        502,
        'bad_response',
        `The server's answer to ${path} was not understood.`,
        null,
      );
    return parsed.data;
  }

  const postJson = <S extends z.ZodType>(path: string, body: unknown, schema: S, token?: string) =>
    sendJson('POST', path, body, schema, token);

  return {
    send: (token, call, schema) => sendJson(call.method, call.path, call.body, schema, token),
    signIn: (body) => postJson('/auth/v1/sign-in', body, SignInResponse),
    refresh: (refreshToken) => postJson('/auth/v1/refresh', { refreshToken }, SignInResponse),
    async pull(token, body) {
      const url = new URL('/sync/v1/pull', options.baseUrl);
      const headers = new Headers({
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      });
      let answer: ByteAnswer;
      try {
        answer = await readBytes(url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (error instanceof AnswerCutOff)
          throw new NetworkError(`The answer to /sync/v1/pull was cut off: ${error.message}`);
        throw new NetworkError(`Could not reach ${url.origin}: ${(error as Error).message}`);
      }
      if (answer.status < 200 || answer.status >= 300)
        throw await serverError(
          new Response(answer.bytes, { status: answer.status, headers: answer.headers }),
        );
      const cursor = answer.headers.get(pullCursorHeader);
      const hasMore = answer.headers.get(pullHasMoreHeader);
      return {
        body: answer.bytes,
        next:
          cursor !== null && (hasMore === 'true' || hasMore === 'false')
            ? { cursor, hasMore: hasMore === 'true' }
            : null,
      };
    },
    push: (token, body) => postJson('/sync/v1/push', body, PushResponse, token),
    async blobExists(token, sha256) {
      const response = await request(`/blobs/${sha256}`, { method: 'HEAD', token });
      return response.status !== 404;
    },
    async putBlob(token, sha256, body) {
      await request(`/blobs/${sha256}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        // a copy typed as a plain ArrayBuffer view, which fetch's body type requires
        body: new Uint8Array(body),
        token,
      });
    },
    async getBlob(token, sha256) {
      const response = await request(`/blobs/${sha256}`, { method: 'GET', token });
      if (response.status === 404) throw await serverError(response);
      return new Uint8Array(await response.arrayBuffer());
    },
    async listen(token, onPoke, signal) {
      const response = await request('/sync/v1/events', {
        method: 'GET',
        headers: { accept: 'text/event-stream' },
        token,
        signal,
        timeout: false,
      });
      if (!response.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (/^event: ?poke$/m.test(frame)) onPoke();
          }
        }
      } catch (error) {
        if (!signal.aborted)
          throw new NetworkError(`The live channel dropped: ${(error as Error).message}`);
      }
    },
  };
}

async function serverError(response: Response): Promise<ServerError> {
  let code = 'http_' + response.status;
  let message = `The server answered ${response.status}.`;
  let issues: { path: string; message: string }[] | undefined;
  try {
    const parsed = (await response.json()) as {
      error?: { code?: unknown; message?: unknown; issues?: unknown };
    };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    issues = fieldIssues(parsed.error?.issues);
  } catch {
    // a non-JSON error page: keep the status-based message
  }
  return new ServerError(
    response.status,
    code,
    message,
    retryAfterMs(response.headers.get('retry-after')),
    issues,
  );
}

/** The well-formed entries of an error's `issues`, at most 20; anything else is dropped. */
function fieldIssues(raw: unknown): { path: string; message: string }[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const issues = raw
    .filter(
      (i): i is { path: string; message: string } =>
        typeof i === 'object' &&
        i !== null &&
        typeof (i as { path?: unknown }).path === 'string' &&
        typeof (i as { message?: unknown }).message === 'string',
    )
    .slice(0, 20)
    .map((i) => ({ path: i.path.slice(0, 120), message: i.message.slice(0, 300) }));
  return issues.length > 0 ? issues : undefined;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
