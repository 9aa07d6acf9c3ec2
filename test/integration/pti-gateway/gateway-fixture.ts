import { randomUUID } from 'node:crypto';
import { createPtiGateway } from '../../../src-pti-gateway/app.js';
import type { PtiGateway, PtiGatewayOptions } from '../../../src-pti-gateway/app.js';
import { demoCredentials } from '../../../src-pti-gateway/demo-data.js';
import { createHttpPtiConnector } from '../../../src-main/core/pti/http-pti-connector.js';
import type { PtiConnector, PtiResult } from '../../../src-main/core/pti/pti-connector.js';

/** A new idempotency key, as the client's queue makes one per operation. */
export const newKey = () => ({ idempotencyKey: randomUUID() });

export function connectorFor(
  gateway: PtiGateway,
  siteCode: string,
  extra: { timeoutMs?: number; password?: string } = {},
): PtiConnector {
  const site = demoCredentials(gateway.state).find((s) => s.siteCode === siteCode);
  if (!site) throw new Error(`no demo site ${siteCode}`);
  return createHttpPtiConnector({
    baseUrl: gateway.url,
    siteCode,
    credentials: {
      siteKey: site.siteKey,
      username: site.username,
      password: extra.password ?? site.password,
    },
    timeoutMs: extra.timeoutMs,
  });
}

export function startGateway(options: PtiGatewayOptions = {}): Promise<PtiGateway> {
  return createPtiGateway({ host: '127.0.0.1', port: 0, ...options });
}

/** The value of a result that must have succeeded; a failure fails the test with its message. */
export function value<T>(result: PtiResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}

/** Empties a site's tenancy with a full resync, and returns its unit names, all vacant now. */
export async function clearTenants(connector: PtiConnector): Promise<string[]> {
  value(
    await connector.resyncSite({ defaults: { accessLevel: 1, zone: null }, tenants: [] }, newKey()),
  );
  return value(await connector.listUnits()).map((u) => u.name);
}

/** Opens a session by hand, for requests the connector would never send. */
export async function signIn(gateway: PtiGateway, siteCode: string): Promise<string> {
  const site = demoCredentials(gateway.state).find((s) => s.siteCode === siteCode)!;
  const response = await fetch(`${gateway.url}/v1/sites/${siteCode}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      siteKey: site.siteKey,
      username: site.username,
      password: site.password,
    }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** A raw request to the gateway: status, parsed body and headers. */
export async function raw(
  gateway: PtiGateway,
  method: string,
  path: string,
  options: { token?: string; key?: string; body?: unknown; rawBody?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  if (options.body !== undefined || options.rawBody !== undefined)
    headers['content-type'] = 'application/json';
  const response = await fetch(gateway.url + path, {
    method,
    headers,
    body:
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as {
      error?: { code: number; message: string };
    } & Record<string, unknown>,
    headers: response.headers,
  };
}
