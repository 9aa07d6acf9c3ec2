import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PtiGateway } from '../../../src-pti-gateway/app.js';
import type { PtiConnector } from '../../../src-main/core/pti/pti-connector.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { clearTenants, connectorFor, newKey, startGateway, value } from './gateway-fixture.js';

const siteCode = 'PLS301';
const dir = tempDir('pti-idempotency');
let gateway: PtiGateway;
let pti: PtiConnector;
let units: string[];

beforeAll(async () => {
  gateway = await startGateway({ dataDir: dir.path });
  pti = connectorFor(gateway, siteCode);
  units = await clearTenants(pti);
});
afterAll(async () => {
  await gateway?.close();
  dir.remove();
});

const userOf = async (customerRef: string) =>
  value(await pti.listUsers()).find((u) => u.customerRef === customerRef);

describe('idempotency keys', () => {
  it('applies a command once: the same key again answers the stored result', async () => {
    const command = newKey();
    const first = await pti.rent(units[0]!, { customerRef: 'idem-a' }, command);
    const again = await pti.rent(units[0]!, { customerRef: 'idem-a' }, command);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(value(again)).toEqual(value(first));

    const lockKey = newKey();
    expect(value(await pti.lock(units[0]!, lockKey)).changed).toBe(true);
    // Replayed, not re-applied: a second lock with a new key would say changed: false.
    expect(value(await pti.lock(units[0]!, lockKey)).changed).toBe(true);
    expect(value(await pti.lock(units[0]!, newKey())).changed).toBe(false);

    const codeKey = newKey();
    const code = value(await pti.regenerateCode('idem-a', undefined, codeKey)).user.accessCode;
    expect(value(await pti.regenerateCode('idem-a', undefined, codeKey)).user.accessCode).toBe(
      code,
    );
    expect((await userOf('idem-a'))?.accessCode).toBe(code);
  });

  it('stores refusals too: a replayed −22 stays −22 even after the unit was locked', async () => {
    value(await pti.rent(units[1]!, { customerRef: 'idem-b' }, newKey()));
    const unlockKey = newKey();
    expect(await pti.unlock(units[1]!, unlockKey)).toMatchObject({ ok: false, code: -22 });
    value(await pti.lock(units[1]!, newKey()));
    expect(await pti.unlock(units[1]!, unlockKey)).toMatchObject({ ok: false, code: -22 });
    const unit = value(await pti.listUnits()).find((u) => u.name === units[1]);
    expect(unit?.overlocked).toBe(true);
  });

  it('refuses the same key for a different request with −14, applying nothing', async () => {
    const command = newKey();
    value(await pti.rent(units[2]!, { customerRef: 'idem-c' }, command));
    const reused = await pti.rent(units[3]!, { customerRef: 'idem-c' }, command);
    expect(reused).toMatchObject({ ok: false, code: -14, kind: 'rejected' });
    expect((await userOf('idem-c'))?.units).toEqual([units[2]]);
  });

  it('applies concurrent duplicates once', async () => {
    value(await pti.rent(units[4]!, { customerRef: 'idem-d' }, newKey()));
    const command = newKey();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => pti.regenerateCode('idem-d', undefined, command)),
    );
    const codes = new Set(results.map((r) => value(r).user.accessCode));
    expect(codes.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect((await userOf('idem-d'))?.accessCode).toBe([...codes][0]);
  });

  it('scopes keys to a site', async () => {
    const other = connectorFor(gateway, 'PLS302');
    const shared = { idempotencyKey: randomUUID() };
    value(await pti.setDefaults({ accessLevel: 2, zone: null }, shared));
    const there = await other.setDefaults({ accessLevel: 3, zone: null }, shared);
    expect(there).toMatchObject({ ok: true, replayed: false });
    expect(value(await other.listAccess()).defaults.accessLevel).toBe(3);
    await other.close();
  });

  it('remembers keys across a restart', async () => {
    value(await pti.rent(units[5]!, { customerRef: 'idem-e' }, newKey()));
    const command = newKey();
    const code = value(await pti.regenerateCode('idem-e', undefined, command)).user.accessCode;
    await gateway.close();
    gateway = await startGateway({ dataDir: dir.path, port: gateway.port });
    const replay = await pti.regenerateCode('idem-e', undefined, command);
    expect(replay).toMatchObject({ ok: true, replayed: true });
    expect(value(replay).user.accessCode).toBe(code);
    expect((await userOf('idem-e'))?.accessCode).toBe(code);
  });
});
