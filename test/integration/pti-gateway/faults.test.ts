import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PtiGateway } from '../../../src-pti-gateway/app.js';
import { createHttpPtiConnector } from '../../../src-main/core/pti/http-pti-connector.js';
import type { PtiConnector } from '../../../src-main/core/pti/pti-connector.js';
import { demoCredentials } from '../../../src-pti-gateway/demo-data.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { clearTenants, connectorFor, newKey, raw, startGateway, value } from './gateway-fixture.js';

const siteCode = 'RMS201';
const dir = tempDir('pti-faults');
let gateway: PtiGateway;
let pti: PtiConnector;
let units: string[];

async function setFaults(switches: Record<string, unknown>) {
  const response = await raw(gateway, 'POST', '/_faults', { body: switches });
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  gateway = await startGateway({ dataDir: dir.path, faults: true });
  pti = connectorFor(gateway, siteCode, { timeoutMs: 2_000 });
  units = await clearTenants(pti);
});
afterAll(async () => {
  await gateway?.close();
  dir.remove();
});

describe('fault switches', () => {
  it('are not served unless the gateway is started with them', async () => {
    const plain = await startGateway();
    try {
      const response = await fetch(`${plain.url}/_faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offline: true }),
      });
      expect(response.status).toBe(404);
      expect((await fetch(`${plain.url}/health`)).status).toBe(200);
    } finally {
      await plain.close();
    }
  });

  it('say what is wrong with a bad switch', async () => {
    const response = await raw(gateway, 'POST', '/_faults', { body: { slowMs: -5 } });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/^slowMs:/);
  });

  it('offline (503): the connector reports offline and retryable, and nothing is applied', async () => {
    await setFaults({ offline: true });
    const result = await pti.rent(units[0]!, { customerRef: 'f-a' }, newKey());
    expect(result).toMatchObject({ ok: false, code: -503, kind: 'offline', retryable: true });
    expect((await fetch(`${gateway.url}/health`)).status).toBe(503);
    await setFaults({ offline: false });
    expect(value(await pti.listUnits()).find((u) => u.name === units[0])?.userId).toBeNull();
  });

  it('offline (connections dropped): the connector reports offline without any secret', async () => {
    await setFaults({ offline: true, offlineMode: 'refuse' });
    const result = await pti.listUsers();
    await setFaults({ offline: false, offlineMode: 'unavailable' });
    expect(result).toMatchObject({ ok: false, code: -503, kind: 'offline', retryable: true });
    if (!result.ok) {
      expect(result.message).toContain(gateway.url);
      expect(result.message).toMatch(/offline/);
      const site = demoCredentials(gateway.state).find((s) => s.siteCode === siteCode)!;
      expect(result.message).not.toContain(site.password);
      expect(result.message).not.toContain(site.siteKey);
    }
  });

  it('a gateway that is not running at all is offline too', async () => {
    const stopped = await startGateway();
    const connector = connectorFor(stopped, 'RMS201');
    await stopped.close();
    expect(await connector.testConnection()).toMatchObject({ ok: false, kind: 'offline' });
  });

  it('slow: an answer later than the connector’s timeout counts as offline', async () => {
    await setFaults({ slowMs: 200 });
    const impatient = connectorFor(gateway, siteCode, { timeoutMs: 100 });
    const late = await impatient.testConnection();
    const patient = await pti.testConnection();
    await setFaults({ slowMs: 0 });
    expect(late).toMatchObject({ ok: false, kind: 'offline', retryable: true });
    if (!late.ok) expect(late.message).toMatch(/did not answer within 0.1 s/);
    expect(value(patient).latencyMs).toBeGreaterThanOrEqual(200);
  });

  it('fail5xx: a retryable server failure that applies nothing', async () => {
    await setFaults({ fail5xx: true });
    const result = await pti.rent(units[1]!, { customerRef: 'f-b' }, newKey());
    await setFaults({ fail5xx: false });
    expect(result).toMatchObject({ ok: false, code: -500, kind: 'unavailable', retryable: true });
    expect(value(await pti.listUnits()).find((u) => u.name === units[1])?.userId).toBeNull();
  });

  it('failAfterCommit: the answer is lost, and the retry with the same key gets it, applied once', async () => {
    await setFaults({ failAfterCommit: true });
    const command = newKey();
    const lost = await pti.rent(units[2]!, { customerRef: 'f-c' }, command);
    await setFaults({ failAfterCommit: false });
    expect(lost).toMatchObject({ ok: false, code: -500, retryable: true });
    const retried = await pti.rent(units[2]!, { customerRef: 'f-c' }, command);
    expect(retried).toMatchObject({ ok: true, replayed: true });
    const users = value(await pti.listUsers()).filter((u) => u.customerRef === 'f-c');
    expect(users).toHaveLength(1);
    expect(users[0]!.accessCode).toBe(value(retried).user.accessCode);
  });
});

describe('restart', () => {
  it('keeps sites, codes, locks and the event log; the connector signs in again by itself', async () => {
    value(await pti.rent(units[3]!, { customerRef: 'f-d', accessCode: '31415' }, newKey()));
    value(await pti.lock(units[3]!, newKey()));
    const keypad = value(await pti.listAccess()).keypads[0]!.id;
    value(await pti.enterCode!(keypad, '31415'));
    const before = value(await pti.pullSite());
    const eventsBefore = value(await pti.listEvents!()).events;

    await gateway.close();
    gateway = await startGateway({ dataDir: dir.path, port: gateway.port, faults: true });

    const after = await pti.pullSite();
    expect(value(after)).toEqual(before);
    expect(value(await pti.listEvents!()).events).toEqual(eventsBefore);
    expect(eventsBefore.at(-1)).toMatchObject({ answer: 'ACCESS SUSPENDED' });
  });
});

describe('connector against a misbehaving gateway', () => {
  const credentials = { siteKey: 'KEY-1234-5678', username: 'installer', password: 's3cret-pass' };
  const session = () =>
    new Response(JSON.stringify({ token: 'tok-abcdef', expiresAt: '2030-01-01T00:00:00Z' }), {
      status: 200,
    });
  /** A fetch that signs in, then answers every other request with `answer`. */
  const fakeFetch = (answer: () => Response) => {
    const calls: string[] = [];
    const doFetch = (async (input: URL | RequestInfo) => {
      const url = String(input);
      calls.push(url);
      return url.endsWith('/session') ? session() : answer();
    }) as typeof fetch;
    return { calls, doFetch };
  };
  const connector = (doFetch: typeof fetch) =>
    createHttpPtiConnector({
      baseUrl: 'http://gateway.test:4100',
      siteCode: 'S1',
      credentials,
      fetch: doFetch,
    });

  it('treats an HTML error page from a proxy as a retryable server failure', async () => {
    const { doFetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(await connector(doFetch).listUnits()).toMatchObject({
      ok: false,
      code: -500,
      kind: 'unavailable',
      retryable: true,
    });
  });

  it('treats an HTML page at a wrong address as a mistake to fix, not to wait out', async () => {
    const { calls, doFetch } = fakeFetch(
      () => new Response('<html>Not found</html>', { status: 404 }),
    );
    const pti = createHttpPtiConnector({
      baseUrl: 'http://gateway.test/pti/',
      siteCode: 'S1',
      credentials,
      fetch: doFetch,
    });
    const result = await pti.listUnits();
    expect(result).toMatchObject({ ok: false, code: -502, kind: 'rejected', retryable: false });
    if (!result.ok) expect(result.message).toMatch(/check the gateway address/);
    expect(calls.at(-1)).toBe('http://gateway.test/pti/v1/sites/S1/units');
  });

  it('treats a 503 without a body as offline, and a 429 as retryable', async () => {
    const offline = fakeFetch(() => new Response('', { status: 503 }));
    expect(await connector(offline.doFetch).listUnits()).toMatchObject({ kind: 'offline' });
    const limited = fakeFetch(
      () =>
        new Response(JSON.stringify({ error: { code: -429, message: 'slow down' } }), {
          status: 429,
        }),
    );
    expect(await connector(limited.doFetch).listUnits()).toMatchObject({
      code: -429,
      kind: 'unavailable',
      retryable: true,
    });
  });

  it('refuses an answer in a shape it does not understand (−502)', async () => {
    const { doFetch } = fakeFetch(
      () => new Response(JSON.stringify({ units: 'many' }), { status: 200 }),
    );
    expect(await connector(doFetch).listUnits()).toMatchObject({ ok: false, code: -502 });
  });

  it('never repeats a secret a gateway echoes back', async () => {
    const { doFetch } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            error: { code: -9, message: `no such user for s3cret-pass / KEY-1234-5678` },
          }),
          { status: 404 },
        ),
    );
    const result = await connector(doFetch).listUsers();
    expect(result).toMatchObject({ ok: false, code: -9, kind: 'rejected', retryable: false });
    if (!result.ok) {
      expect(result.message).not.toContain('s3cret-pass');
      expect(result.message).not.toContain('KEY-1234-5678');
    }
  });

  it('checks unit names and idempotency keys before sending anything', async () => {
    const { calls, doFetch } = fakeFetch(() => new Response('{}', { status: 200 }));
    const pti = connector(doFetch);
    expect(await pti.lock('', newKey())).toMatchObject({ ok: false, code: -3 });
    expect(await pti.lock('A101', { idempotencyKey: 'has space' })).toMatchObject({
      ok: false,
      code: -400,
    });
    expect(calls).toEqual([]);
  });

  it('refuses a gateway address that is not an http(s) URL', () => {
    for (const baseUrl of ['gateway:4100', 'not a url', 'ftp://gateway'])
      expect(() => createHttpPtiConnector({ baseUrl, siteCode: 'S1', credentials })).toThrow(
        /not a valid http:\/\/ or https:\/\/ URL/,
      );
  });
});
