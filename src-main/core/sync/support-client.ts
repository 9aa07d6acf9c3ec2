import type { z } from 'zod';
import {
  PullResponse,
  SignInResponse,
  type PullRequest,
  type SignInRequest,
} from '../../../src-shared/sync-protocol.js';

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
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

export interface SupportClient {
  signIn(request: SignInRequest): Promise<SignInResponse>;
  pull(accessToken: string, request: PullRequest): Promise<PullResponse>;
}

export interface SupportClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createSupportClient(options: SupportClientOptions): SupportClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    token?: string,
  ): Promise<z.output<S>> {
    const url = new URL(path, options.baseUrl);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new NetworkError(`Could not reach ${url.origin}: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let code = 'http_' + response.status;
      let message = `The server answered ${response.status}.`;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        if (typeof parsed.error?.code === 'string') code = parsed.error.code;
        if (typeof parsed.error?.message === 'string') message = parsed.error.message;
      } catch {
        // a non-JSON error page: keep the status-based message
      }
      throw new ServerError(
        response.status,
        code,
        message,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new ServerError(
        502,
        'bad_response',
        `The server's answer to ${path} was not understood.`,
        null,
      );
    return parsed.data;
  }

  return {
    signIn: (request) => post('/auth/v1/sign-in', request, SignInResponse),
    pull: (token, request) => post('/sync/v1/pull', request, PullResponse, token),
  };
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
