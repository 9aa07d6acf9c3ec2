/** A reply from the support server's JSON API; `body` is null when there is none. */
export interface JsonReply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  body: any;
  /** Milliseconds from sending to the full reply. */
  ms: number;
}

/** Calls a JSON API over real HTTP, with an optional bearer token. */
export async function callJson(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<JsonReply> {
  const started = performance.now();
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
    ms: performance.now() - started,
  };
}

export function jsonApi(baseUrl: string) {
  return {
    get: (path: string, token?: string) => callJson(baseUrl, 'GET', path, { token }),
    post: (path: string, body?: unknown, token?: string) =>
      callJson(baseUrl, 'POST', path, { body, token }),
    put: (path: string, body: unknown, token?: string) =>
      callJson(baseUrl, 'PUT', path, { body, token }),
    patch: (path: string, body: unknown, token?: string) =>
      callJson(baseUrl, 'PATCH', path, { body, token }),
  };
}
