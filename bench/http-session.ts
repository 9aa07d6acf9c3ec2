import type { Mutation, PushResult } from '../src-shared/mutations.js';

/**
 * A lean client of the sync API for load generation: fetch and JSON.parse, no schema checks,
 * so the benchmark process spends as little CPU as it can on its side of the wire.
 */

async function postJson(baseUrl: string, path: string, body: unknown, token?: string) {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

export async function signIn(
  baseUrl: string,
  account: { email: string; password: string },
): Promise<string> {
  const reply = (await postJson(baseUrl, '/auth/v1/sign-in', {
    email: account.email,
    password: account.password,
  })) as { accessToken: string };
  return reply.accessToken;
}

export async function pullPage(
  baseUrl: string,
  token: string,
  cursor: string | null,
  limit: number,
): Promise<{ cursor: string; hasMore: boolean; rows: number }> {
  const page = (await postJson(baseUrl, '/sync/v1/pull', { cursor, limit }, token)) as {
    cursor: string;
    hasMore: boolean;
    changes: unknown[];
  };
  return { cursor: page.cursor, hasMore: page.hasMore, rows: page.changes.length };
}

export async function push(
  baseUrl: string,
  token: string,
  clientId: string,
  mutations: Mutation[],
): Promise<PushResult[]> {
  const reply = (await postJson(baseUrl, '/sync/v1/push', { clientId, mutations }, token)) as {
    results: PushResult[];
  };
  return reply.results;
}

/** One pull page as text, for timing what the client does with it. */
export async function pullPageText(
  baseUrl: string,
  token: string,
  cursor: string | null,
  limit: number,
): Promise<string> {
  const response = await fetch(new URL('/sync/v1/pull', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ cursor, limit }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST /sync/v1/pull answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}
