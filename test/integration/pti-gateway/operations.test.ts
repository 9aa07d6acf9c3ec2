import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PtiGateway } from '../../../src-pti-gateway/app.js';
import type {
  PtiConnector,
  PtiFailure,
  PtiResult,
} from '../../../src-main/core/pti/pti-connector.js';
import {
  clearTenants,
  connectorFor,
  newKey,
  raw,
  signIn,
  startGateway,
  value,
} from './gateway-fixture.js';

const siteCode = 'HPS101';
let gateway: PtiGateway;
let pti: PtiConnector;
let units: string[];

beforeAll(async () => {
  gateway = await startGateway();
  pti = connectorFor(gateway, siteCode);
  units = await clearTenants(pti);
});
afterAll(async () => {
  await pti?.close();
  await gateway?.close();
});

function failed<T>(result: PtiResult<T>): PtiFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result;
}

/** Takes vacant units one at a time, so each test works on units no other test touched. */
let nextUnit = 0;
const vacantUnit = () => {
  const name = units[nextUnit++];
  if (!name) throw new Error('the test site ran out of units');
  return name;
};

const userOf = async (customerRef: string) =>
  value(await pti.listUsers()).find((u) => u.customerRef === customerRef);
const unitNamed = async (name: string) =>
  value(await pti.listUnits()).find((u) => u.name === name)!;

describe('test connection', () => {
  it('signs in and reads the site with its time zone', async () => {
    const check = value(await pti.testConnection());
    expect(check.site).toMatchObject({ code: siteCode, timeZone: 'America/New_York' });
    expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a refused password as −1, not retryable, without echoing any secret', async () => {
    const wrong = connectorFor(gateway, siteCode, { password: 'not-the-password' });
    const failure = failed(await wrong.testConnection());
    expect(failure).toMatchObject({ code: -1, kind: 'unauthorized', retryable: false });
    expect(failure.message).toMatch(/site key, username or password was not accepted/);
    expect(failure.message).not.toContain('not-the-password');
  });
});

describe('move-in', () => {
  it('creates the user with a generated six-digit code and the site default access level', async () => {
    const unit = vacantUnit();
    const result = value(
      await pti.rent(unit, { customerRef: 'cust-ana', customerName: 'Ana Alvarez' }, newKey()),
    );
    expect(result.userCreated).toBe(true);
    expect(result.user).toMatchObject({
      customerRef: 'cust-ana',
      customerName: 'Ana Alvarez',
      accessLevel: null,
      zone: null,
      units: [unit],
    });
    expect(result.user.accessCode).toMatch(/^[1-9]\d{5}$/);
    expect(result.user.userId).toMatch(/^U\d{5}$/);
    expect(await unitNamed(unit)).toMatchObject({
      customerRef: 'cust-ana',
      userId: result.user.userId,
      overlocked: false,
    });
  });

  it('gives a customer’s second unit the same code and the same PTI user', async () => {
    const first = value(await pti.rent(vacantUnit(), { customerRef: 'cust-ben' }, newKey()));
    const second = vacantUnit();
    const again = value(await pti.rent(second, { customerRef: 'cust-ben' }, newKey()));
    expect(again.userCreated).toBe(false);
    expect(again.user.userId).toBe(first.user.userId);
    expect(again.user.accessCode).toBe(first.user.accessCode);
    expect(again.user.units).toEqual([...first.user.units, second]);
    const bens = value(await pti.listUsers()).filter((u) => u.customerRef === 'cust-ben');
    expect(bens).toHaveLength(1);
  });

  it('keeps codes unique within the site: a taken code is −7 and changes nothing', async () => {
    const holder = value(await pti.rent(vacantUnit(), { customerRef: 'cust-cam' }, newKey()));
    const unit = vacantUnit();
    const failure = failed(
      await pti.rent(
        unit,
        { customerRef: 'cust-dev', accessCode: holder.user.accessCode },
        newKey(),
      ),
    );
    expect(failure).toMatchObject({ code: -7, kind: 'rejected', retryable: false });
    expect(failure.message).toMatch(/already has this access code/);
    expect(failure.message).not.toContain(holder.user.accessCode);
    expect(await unitNamed(unit)).toMatchObject({ userId: null });
    expect(await userOf('cust-dev')).toBeUndefined();

    const chosen = value(
      await pti.rent(unit, { customerRef: 'cust-dev', accessCode: '4321' }, newKey()),
    );
    expect(chosen.user.accessCode).toBe('4321');
  });

  it('generates a different code for every new customer', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const result = value(
        await pti.rent(vacantUnit(), { customerRef: `cust-many-${i}` }, newKey()),
      );
      codes.add(result.user.accessCode);
    }
    const all = value(await pti.listUsers()).map((u) => u.accessCode);
    expect(codes.size).toBe(5);
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses another code for a known customer (−13), since one customer has one code', async () => {
    value(await pti.rent(vacantUnit(), { customerRef: 'cust-eve', accessCode: '55501' }, newKey()));
    const failure = failed(
      await pti.rent(vacantUnit(), { customerRef: 'cust-eve', accessCode: '55502' }, newKey()),
    );
    expect(failure).toMatchObject({ code: -13, kind: 'rejected' });
    expect(failure.message).toMatch(/Regenerate the code instead/);
  });

  it('refuses a unit rented to another customer (−6)', async () => {
    const unit = vacantUnit();
    value(await pti.rent(unit, { customerRef: 'cust-fay' }, newKey()));
    const failure = failed(await pti.rent(unit, { customerRef: 'cust-gus' }, newKey()));
    expect(failure.code).toBe(-6);
    expect(failure.message).toContain(unit);
    expect((await unitNamed(unit)).customerRef).toBe('cust-fay');
  });

  it('answers −404 for a unit PTI does not know', async () => {
    const failure = failed(await pti.rent('Z999', { customerRef: 'cust-x' }, newKey()));
    expect(failure).toMatchObject({ code: -404, kind: 'rejected', retryable: false });
    expect(failure.message).toMatch(/PTI does not know unit Z999/);
  });

  it('answers −3 for an invalid unit name, from the gateway and from the connector alike', async () => {
    const token = await signIn(gateway, siteCode);
    for (const name of ['A 101', 'ABCDEFGHIJK']) {
      const response = await raw(
        gateway,
        'POST',
        `/v1/sites/${siteCode}/units/${encodeURIComponent(name)}/rent`,
        { token, key: crypto.randomUUID(), body: { customerRef: 'cust-x' } },
      );
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe(-3);
      expect(response.body.error?.message).toMatch(/1–10 characters with no spaces/);
      const local = failed(await pti.rent(name, { customerRef: 'cust-x' }, newKey()));
      expect(local).toMatchObject({ code: -3, message: response.body.error?.message });
    }
  });

  it('answers −4 for an access code that is not 4–10 digits', async () => {
    for (const accessCode of ['12a4', '123', '12345678901']) {
      const failure = failed(
        await pti.rent(vacantUnit(), { customerRef: 'cust-bad-code', accessCode }, newKey()),
      );
      expect(failure.code).toBe(-4);
      expect(failure.message).toMatch(/4 to 10 digits/);
      nextUnit--;
    }
  });

  it('answers −5 for an access level the site does not have, and −11 for an unknown zone', async () => {
    const unit = vacantUnit();
    expect(
      failed(await pti.rent(unit, { customerRef: 'c-l', accessLevel: 9 }, newKey())).code,
    ).toBe(-5);
    expect(failed(await pti.rent(unit, { customerRef: 'c-l', zone: 9 }, newKey())).code).toBe(-11);
    expect((await unitNamed(unit)).userId).toBeNull();
  });
});

describe('move-out', () => {
  it('removes the unit, keeps the code while the customer rents another, and drops it with the last', async () => {
    const [a, b] = [vacantUnit(), vacantUnit()];
    value(await pti.rent(a, { customerRef: 'cust-hal' }, newKey()));
    value(await pti.rent(b, { customerRef: 'cust-hal' }, newKey()));

    const first = value(await pti.vacate(a, newKey()));
    expect(first).toMatchObject({ userRemoved: false, unit: { name: a, userId: null } });
    expect((await userOf('cust-hal'))?.units).toEqual([b]);

    const last = value(await pti.vacate(b, newKey()));
    expect(last.userRemoved).toBe(true);
    expect(await userOf('cust-hal')).toBeUndefined();
  });

  it('answers −8 when the unit has no tenant', async () => {
    const failure = failed(await pti.vacate(vacantUnit(), newKey()));
    expect(failure).toMatchObject({ code: -8, kind: 'rejected' });
  });
});

describe('overlock', () => {
  it('locks and unlocks; unlocking a unit that is not locked is −22', async () => {
    const unit = vacantUnit();
    value(await pti.rent(unit, { customerRef: 'cust-ivy' }, newKey()));
    expect(value(await pti.lock(unit, newKey()))).toMatchObject({
      changed: true,
      unit: { overlocked: true },
    });
    expect(value(await pti.lock(unit, newKey())).changed).toBe(false);
    expect(value(await pti.unlock(unit, newKey()))).toMatchObject({
      changed: true,
      unit: { overlocked: false },
    });
    const failure = failed(await pti.unlock(unit, newKey()));
    expect(failure).toMatchObject({ code: -22, kind: 'rejected', retryable: false });
    expect(failure.message).toMatch(/not locked/);
  });

  it('cannot lock a vacant unit (−8), and a move-out clears the lock', async () => {
    const unit = vacantUnit();
    expect(failed(await pti.lock(unit, newKey())).code).toBe(-8);
    value(await pti.rent(unit, { customerRef: 'cust-jo' }, newKey()));
    value(await pti.lock(unit, newKey()));
    value(await pti.vacate(unit, newKey()));
    expect((await unitNamed(unit)).overlocked).toBe(false);
  });
});

describe('codes, access levels and zones', () => {
  it('regenerates a code for all of the customer’s units', async () => {
    const [a, b] = [vacantUnit(), vacantUnit()];
    const before = value(await pti.rent(a, { customerRef: 'cust-kim' }, newKey())).user;
    value(await pti.rent(b, { customerRef: 'cust-kim' }, newKey()));
    const after = value(await pti.regenerateCode('cust-kim', undefined, newKey())).user;
    expect(after.accessCode).toMatch(/^[1-9]\d{5}$/);
    expect(after.accessCode).not.toBe(before.accessCode);
    expect(after.units).toEqual([a, b]);
    expect(value(await pti.regenerateCode('cust-kim', '8675309', newKey())).user.accessCode).toBe(
      '8675309',
    );
  });

  it('refuses a regenerated code another user has (−7), a malformed one (−4), an unknown customer (−9)', async () => {
    value(await pti.rent(vacantUnit(), { customerRef: 'cust-lee', accessCode: '1357' }, newKey()));
    value(await pti.rent(vacantUnit(), { customerRef: 'cust-mo' }, newKey()));
    expect(failed(await pti.regenerateCode('cust-mo', '1357', newKey())).code).toBe(-7);
    expect(failed(await pti.regenerateCode('cust-mo', '13 57', newKey())).code).toBe(-4);
    expect(failed(await pti.regenerateCode('nobody', undefined, newKey())).code).toBe(-9);
  });

  it('overrides the access level per user, and null returns to the site default', async () => {
    value(await pti.rent(vacantUnit(), { customerRef: 'cust-ned' }, newKey()));
    expect(value(await pti.setAccessLevel('cust-ned', 2, newKey())).user.accessLevel).toBe(2);
    expect(value(await pti.setAccessLevel('cust-ned', null, newKey())).user.accessLevel).toBeNull();
    expect(failed(await pti.setAccessLevel('cust-ned', 9, newKey())).code).toBe(-5);
    expect(failed(await pti.setAccessLevel('nobody', 1, newKey())).code).toBe(-9);
  });

  it('overrides the zone per user, and null returns to the site default', async () => {
    value(await pti.rent(vacantUnit(), { customerRef: 'cust-oz' }, newKey()));
    expect(value(await pti.setZone('cust-oz', 3, newKey())).user.zone).toBe(3);
    expect(value(await pti.setZone('cust-oz', null, newKey())).user.zone).toBeNull();
    expect(failed(await pti.setZone('cust-oz', 9, newKey())).code).toBe(-11);
  });

  it('sets the site defaults, refusing levels and zones the site does not have', async () => {
    expect(value(await pti.setDefaults({ accessLevel: 2, zone: 1 }, newKey())).defaults).toEqual({
      accessLevel: 2,
      zone: 1,
    });
    expect(failed(await pti.setDefaults({ accessLevel: 9, zone: null }, newKey())).code).toBe(-5);
    expect(failed(await pti.setDefaults({ accessLevel: 1, zone: 9 }, newKey())).code).toBe(-11);
    value(await pti.setDefaults({ accessLevel: 1, zone: null }, newKey()));
    expect(value(await pti.listAccess()).defaults).toEqual({ accessLevel: 1, zone: null });
  });

  it('deletes a customer: their code goes and every unit they rented is free', async () => {
    const [a, b] = [vacantUnit(), vacantUnit()];
    value(await pti.rent(a, { customerRef: 'cust-pat' }, newKey()));
    value(await pti.rent(b, { customerRef: 'cust-pat' }, newKey()));
    value(await pti.lock(b, newKey()));
    const deleted = value(await pti.deleteCustomer('cust-pat', newKey()));
    expect(deleted.vacatedUnits).toEqual([a, b]);
    expect(await userOf('cust-pat')).toBeUndefined();
    expect(await unitNamed(b)).toMatchObject({ userId: null, overlocked: false });
    expect(failed(await pti.deleteCustomer('cust-pat', newKey())).code).toBe(-9);
  });
});

describe('resync of one rental', () => {
  it('converges the unit and its customer, including the code on all their units', async () => {
    const [a, b] = [vacantUnit(), vacantUnit()];
    value(await pti.rent(a, { customerRef: 'cust-quin' }, newKey()));
    const pushed = value(
      await pti.resyncRental(
        b,
        {
          customerRef: 'cust-quin',
          accessCode: '24682468',
          accessLevel: 2,
          zone: null,
          overlocked: true,
        },
        newKey(),
      ),
    );
    expect(pushed.user).toMatchObject({ accessCode: '24682468', accessLevel: 2, units: [a, b] });
    expect(pushed.unit.overlocked).toBe(true);
    expect((await unitNamed(a)).overlocked).toBe(false);
  });

  it('refuses a code another customer has (−7)', async () => {
    value(await pti.rent(vacantUnit(), { customerRef: 'cust-ray', accessCode: '9753' }, newKey()));
    const failure = failed(
      await pti.resyncRental(
        vacantUnit(),
        {
          customerRef: 'cust-sue',
          accessCode: '9753',
          accessLevel: null,
          zone: null,
          overlocked: false,
        },
        newKey(),
      ),
    );
    expect(failure.code).toBe(-7);
  });
});

describe('full resync', () => {
  it('converges to the desired state, keeping PTI user ids of known customers', async () => {
    const snapshotBefore = value(await pti.pullSite());
    const kept = snapshotBefore.users.find((u) => u.customerRef === 'cust-ana')!;
    const [x, y, z] = snapshotBefore.units.filter((u) => u.userId === null).map((u) => u.name);
    const access = value(await pti.listAccess());
    const result = value(
      await pti.resyncSite(
        {
          defaults: { accessLevel: 1, zone: null },
          access: {
            areas: access.areas,
            schedules: [
              ...access.schedules,
              { id: 9, name: 'Weekends', windows: [{ day: 'sat', start: '08:00', end: '20:00' }] },
            ],
            accessLevels: [
              ...access.accessLevels,
              { number: 9, name: 'Weekend', areaId: 1, scheduleId: 9 },
            ],
          },
          tenants: [
            {
              customerRef: 'cust-ana',
              accessCode: kept.accessCode,
              accessLevel: 9,
              zone: null,
              units: [{ name: x!, overlocked: false }],
            },
            {
              customerRef: 'cust-new',
              customerName: 'New Tenant',
              accessCode: '112233',
              accessLevel: null,
              zone: 9,
              units: [
                { name: y!, overlocked: true },
                { name: z!, overlocked: false },
              ],
            },
          ],
        },
        newKey(),
      ),
    );
    expect(result.usersCreated).toBe(1);
    expect(result.usersUpdated).toBe(1);
    expect(result.usersRemoved).toBe(snapshotBefore.users.length - 1);
    expect(result.unitsRented).toBe(3);
    expect(result.locksChanged).toBeGreaterThanOrEqual(1);

    const after = value(await pti.pullSite());
    expect(after.users).toHaveLength(2);
    const ana = after.users.find((u) => u.customerRef === 'cust-ana')!;
    expect(ana).toMatchObject({ userId: kept.userId, accessLevel: 9, units: [x] });
    expect(after.users.find((u) => u.customerRef === 'cust-new')).toMatchObject({
      customerName: 'New Tenant',
      accessCode: '112233',
      zone: 9,
      units: [y, z],
    });
    expect(
      after.units
        .filter((u) => u.userId !== null)
        .map((u) => u.name)
        .sort(),
    ).toEqual([x, y, z].sort());
    expect(after.units.filter((u) => u.overlocked).map((u) => u.name)).toEqual([y]);
    expect(after.accessLevels.map((l) => l.number)).toContain(9);
  });

  it('is all or nothing: each refused resync names the problem and changes nothing', async () => {
    const before = value(await pti.pullSite());
    const access = value(await pti.listAccess());
    const vacant = before.units.filter((u) => u.userId === null).map((u) => u.name);
    const tenant = (customerRef: string, accessCode: string, unit: string) => ({
      customerRef,
      accessCode,
      accessLevel: 1,
      zone: null,
      units: [{ name: unit, overlocked: false }],
    });
    const defaults = { accessLevel: 1, zone: null };
    const cases: [number, Parameters<PtiConnector['resyncSite']>[0]][] = [
      [
        -404,
        { defaults, tenants: [tenant('r1', '1111', vacant[0]!), tenant('r2', '2222', 'Z999')] },
      ],
      [-3, { defaults, tenants: [tenant('r1', '1111', 'TOO LONG NAME')] }],
      [
        -7,
        { defaults, tenants: [tenant('r1', '1111', vacant[0]!), tenant('r2', '1111', vacant[1]!)] },
      ],
      [
        -6,
        { defaults, tenants: [tenant('r1', '1111', vacant[0]!), tenant('r2', '2222', vacant[0]!)] },
      ],
      [-5, { defaults, tenants: [{ ...tenant('r1', '1111', vacant[0]!), accessLevel: 42 }] }],
      [-11, { defaults, tenants: [{ ...tenant('r1', '1111', vacant[0]!), zone: 42 }] }],
      [-5, { defaults: { accessLevel: 42, zone: null }, tenants: [] }],
      [
        -12,
        {
          defaults: { accessLevel: null, zone: null },
          access: { areas: [], schedules: access.schedules, accessLevels: [] },
          tenants: [],
        },
      ],
    ];
    for (const [code, desired] of cases) {
      const failure = failed(await pti.resyncSite(desired, newKey()));
      expect(failure.code, failure.message).toBe(code);
    }
    expect(value(await pti.pullSite())).toEqual(before);
  });
});

describe('requests the gateway cannot take', () => {
  it('refuses a command without an Idempotency-Key, bad JSON, and unknown routes with −400', async () => {
    const token = await signIn(gateway, siteCode);
    const noKey = await raw(gateway, 'POST', `/v1/sites/${siteCode}/units/A101/lock`, {
      token,
      body: {},
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error).toEqual({
      code: -400,
      message: expect.stringMatching(/needs an Idempotency-Key header/),
    });
    const badJson = await raw(gateway, 'POST', `/v1/sites/${siteCode}/units/A101/lock`, {
      token,
      key: 'k-bad-json',
      rawBody: '{"oops"',
    });
    expect(badJson.body.error?.code).toBe(-400);
    const unknownField = await raw(gateway, 'POST', `/v1/sites/${siteCode}/units/A101/rent`, {
      token,
      key: 'k-unknown-field',
      body: { customerRef: 'c', colour: 'red' },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error?.code).toBe(-400);
    const nowhere = await raw(gateway, 'GET', '/v1/nowhere', { token });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error?.code).toBe(-400);
  });

  it('answers −2 without a session, and for another site’s session', async () => {
    const response = await raw(gateway, 'GET', `/v1/sites/${siteCode}/units`);
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe(-2);
    const otherToken = await signIn(gateway, 'HPS102');
    const crossed = await raw(gateway, 'GET', `/v1/sites/${siteCode}/units`, { token: otherToken });
    expect(crossed.body.error?.code).toBe(-2);
  });
});
