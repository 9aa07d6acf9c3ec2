import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResult } from '../../../src-shared/mutations.js';
import { UnitRow } from '../../../src-shared/domain/units.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, upserts } from '../../helpers/sync-client.js';
import type { SyncSession } from '../../helpers/sync-client.js';

// Issue 5 item 5: a site's units and their PTI mapping are server data, synced by scope and
// edited by intent mutations that carry the version the editor saw.
let f: SupportFixture;

beforeAll(async () => {
  f = await startSupportFixture({ label: 'units_mapping' });
});
afterAll(async () => {
  await f?.server.close();
});

async function createUnit(
  session: SyncSession,
  siteId: string,
  label: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; result: PushResult }> {
  const id = randomUUID();
  const [result] = await session.push([
    mutation('unit.create', { unitId: id, siteId, label, ...fields }),
  ]);
  return { id, result: result! };
}

async function unitAsPulledBy(session: SyncSession, unitId: string) {
  const { changes } = await session.pullAll(null);
  return upserts(changes, 'units').find((u) => u.id === unitId);
}

describe('units and who sees and changes them', () => {
  it('lets installers and admins add units to sites they may see, and nobody else', async () => {
    const own = await createUnit(f.as.installerA, f.siteA, 'A101', {
      building: 'North',
      accessArea: 2,
      doorAlarmChannel: 7,
    });
    expect(own.result).toMatchObject({ status: 'applied' });
    const byAdmin = await createUnit(f.as.admin, f.siteB, 'B1');
    expect(byAdmin.result).toMatchObject({ status: 'applied' });

    const refused = await Promise.all([
      createUnit(f.as.installerA, f.siteB, 'X1'),
      createUnit(f.as.managerA, f.siteA, 'X2'),
      createUnit(f.as.tech, f.siteA, 'X3'),
    ]);
    expect(refused.map((r) => r.result.status === 'rejected' && r.result.code)).toEqual([
      'not_found',
      'not_allowed_for_role',
      'not_allowed_for_role',
    ]);
    // the same label twice at one site is refused; at another site it is fine
    const twice = await createUnit(f.as.installerA, f.siteA, 'A101');
    expect(twice.result).toMatchObject({ status: 'rejected', code: 'name_taken' });
    expect((twice.result as { message: string }).message).toMatch(/already has a unit A101/);

    const pulled = await unitAsPulledBy(f.as.managerA, own.id);
    expect(UnitRow.parse(pulled)).toMatchObject({
      siteId: f.siteA,
      organisationId: f.orgA,
      label: 'A101',
      ptiUnitName: null,
      building: 'North',
      accessArea: 2,
      doorAlarmChannel: 7,
      updatedBy: f.accounts.installerA.id,
    });
  });

  it("never pulls another organisation's units, and treats them as not there", async () => {
    const a = await createUnit(f.as.installerA, f.siteA, 'A201');
    const b = await createUnit(f.as.admin, f.siteB, 'B201');
    const ofB = upserts((await f.as.managerB.pullAll(null)).changes, 'units');
    expect(ofB.map((u) => u.siteId)).not.toContain(f.siteA);
    expect(ofB.map((u) => u.id)).toContain(b.id);
    const ofA = upserts((await f.as.installerA.pullAll(null)).changes, 'units');
    expect(ofA.map((u) => u.id)).toContain(a.id);
    expect(ofA.map((u) => u.siteId)).not.toContain(f.siteB);
    // staff see every organisation's units
    const ofTech = upserts((await f.as.tech.pullAll(null)).changes, 'units').map((u) => u.id);
    expect(ofTech).toEqual(expect.arrayContaining([a.id, b.id]));

    const results = await f.as.installerA.push([
      mutation('unit.setMapping', { unitId: b.id, ptiUnitName: 'STEAL' }, '1'),
      mutation('unit.remove', { unitId: b.id }),
    ]);
    expect(results.map((r) => r.status === 'rejected' && r.code)).toEqual([
      'not_found',
      'not_found',
    ]);
    expect((await unitAsPulledBy(f.as.admin, b.id))?.ptiUnitName).toBeNull();
  });

  it('checks PTI unit names by the PTI rules and refuses a name used twice in one site', async () => {
    const one = await createUnit(f.as.installerA, f.siteA, 'A301');
    const two = await createUnit(f.as.installerA, f.siteA, 'A302');
    const other = await createUnit(f.as.admin, f.siteB, 'B301');
    const version = (r: PushResult) => (r.status === 'applied' ? r.version : null);

    const [bad] = await f.as.installerA.push([
      mutation('unit.setMapping', { unitId: one.id, ptiUnitName: 'A 301' }, version(one.result)),
    ]);
    expect(bad).toMatchObject({ status: 'rejected', code: 'invalid_args' });
    expect((bad as { message: string }).message).toMatch(/1–10 characters with no spaces/);

    const results = await f.as.installerA.push([
      mutation('unit.setMapping', { unitId: one.id, ptiUnitName: 'U301' }, version(one.result)),
      mutation('unit.setMapping', { unitId: two.id, ptiUnitName: 'U301' }, version(two.result)),
    ]);
    expect(results[0]).toMatchObject({ status: 'applied' });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'name_taken' });
    expect((results[1] as { message: string }).message).toBe(
      'ptiUnitName: "U301" is already the PTI name of unit A301 at this site. Each unit needs its own PTI unit name; change one of them.',
    );
    // the same PTI name at another site is no clash
    const [elsewhere] = await f.as.admin.push([
      mutation('unit.setMapping', { unitId: other.id, ptiUnitName: 'U301' }, version(other.result)),
    ]);
    expect(elsewhere).toMatchObject({ status: 'applied' });
    // a name freed by unmapping can be used again
    const swap = await f.as.installerA.push([
      mutation('unit.setMapping', { unitId: one.id, ptiUnitName: null }, null),
      mutation('unit.setMapping', { unitId: two.id, ptiUnitName: 'U301' }, null),
    ]);
    expect(swap.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('applies an edit made on the version the editor saw, and answers a stale one with the current unit', async () => {
    const unit = await createUnit(f.as.installerA, f.siteA, 'A401');
    const seen = unit.result.status === 'applied' ? unit.result.version : '';

    // the admin edits first, from the same version the installer is looking at
    const [first] = await f.as.admin.push([
      mutation(
        'unit.setMapping',
        { unitId: unit.id, ptiUnitName: 'ADM401', building: 'East' },
        seen,
      ),
    ]);
    expect(first).toMatchObject({ status: 'applied' });
    const [second] = await f.as.installerA.push([
      mutation('unit.setMapping', { unitId: unit.id, ptiUnitName: 'INS401' }, seen),
    ]);
    expect(second).toMatchObject({ status: 'conflict', code: 'version_mismatch' });
    const current = UnitRow.parse((second as { serverRow: unknown }).serverRow);
    expect(current).toMatchObject({
      id: unit.id,
      ptiUnitName: 'ADM401',
      building: 'East',
      updatedBy: f.accounts.admin.id,
    });
    expect(current.version).toBe((first as { version: string }).version);
    expect((await unitAsPulledBy(f.as.managerA, unit.id))?.ptiUnitName).toBe('ADM401');

    // with the current version the installer's edit applies; the fields it leaves out stay
    const [again] = await f.as.installerA.push([
      mutation('unit.setMapping', { unitId: unit.id, ptiUnitName: 'INS401' }, current.version),
    ]);
    expect(again).toMatchObject({ status: 'applied' });
    // several offline edits of one person, each sent with the version seen before them all
    const [later] = await f.as.installerA.push([
      mutation(
        'unit.setMapping',
        { unitId: unit.id, ptiUnitName: 'INS402', accessArea: 3 },
        current.version,
      ),
    ]);
    expect(later).toMatchObject({ status: 'applied' });
    expect(await unitAsPulledBy(f.as.tech, unit.id)).toMatchObject({
      ptiUnitName: 'INS402',
      building: 'East',
      accessArea: 3,
    });
  });

  it('removes units for everyone, with a tombstone in the pull', async () => {
    const unit = await createUnit(f.as.installerA, f.siteA, 'A501');
    const before = await f.as.managerA.pullAll(null);
    const [removed] = await f.as.installerA.push([mutation('unit.remove', { unitId: unit.id })]);
    expect(removed).toMatchObject({ status: 'applied' });
    const after = await f.as.managerA.pullAll(before.cursor);
    expect(after.changes).toContainEqual(
      expect.objectContaining({ table: 'units', op: 'delete', id: unit.id }),
    );
    // removing it again is no error: it is gone, as asked
    const [again] = await f.as.installerA.push([mutation('unit.remove', { unitId: unit.id })]);
    expect(again).toMatchObject({ status: 'applied' });
  });
});

describe('tickets that name a unit', () => {
  const ticket = (fields: Record<string, unknown>) =>
    mutation('ticket.create', {
      ticketId: randomUUID(),
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject: 'Door alarm keeps sounding',
      description: 'The door alarm of this unit sounds every night.',
      ...fields,
    });

  it("accepts a unit of the ticket's own site and refuses any other", async () => {
    const ownUnit = await createUnit(f.as.installerA, f.siteA, 'A601');
    const theirUnit = await createUnit(f.as.admin, f.siteB, 'B601');
    const results = await f.as.managerA.push([
      ticket({ siteId: f.siteA, unitId: ownUnit.id }),
      ticket({ siteId: f.siteA, unitId: theirUnit.id }),
      ticket({ unitId: ownUnit.id }),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.message : r.status))).toEqual([
      'applied',
      "unitId: choose one of this site's units, or leave the unit out.",
      'unitId: choose the site first; a unit is named together with its site.',
    ]);
    // a technician raising it for the customer: the unit must belong to the named site too
    const [forB] = await f.as.tech.push([ticket({ siteId: f.siteB, unitId: ownUnit.id })]);
    expect(forB).toMatchObject({ status: 'rejected', code: 'invalid_args' });
    const tickets = upserts((await f.as.managerA.pullAll(null)).changes, 'tickets');
    expect(tickets.filter((t) => t.unitId === ownUnit.id)).toHaveLength(1);
  });
});
