import { describe, expect, it } from 'vitest';
import type { UnitListItem } from '../../../src-shared/domain/units';
import { markMappingQueued } from '../../../src-renderer/src/api/unit-rows';
import {
  acceptMatches,
  matchByName,
  previewMappingCsv,
} from '../../../src-renderer/src/components/sites/mapping-import';
import {
  draftDiff,
  mappingCsv,
  type UnitMapping,
} from '../../../src-renderer/src/components/sites/mapping-logic';

const unit = (id: string, label: string, ptiUnitName: string | null = null): UnitMapping => ({
  id,
  label,
  ptiUnitName,
  building: null,
  accessArea: null,
  doorAlarmChannel: null,
});

const units: UnitMapping[] = [
  unit('u1', 'A101', 'A101'),
  unit('u2', 'DU01'),
  unit('u3', 'DU02'),
  unit('u4', 'Locker 1'),
];

const ok = (csv: string) => {
  const preview = previewMappingCsv(units, {}, csv);
  if (!preview.ok) throw new Error(preview.message);
  return preview;
};

describe('mapping CSV import', () => {
  it('reads the grid’s own export back as no change', () => {
    const preview = ok(mappingCsv(units, {}));
    expect(preview.errors).toBe(0);
    expect(preview.lines.every((line) => line.cells.length === 0)).toBe(true);
    expect(preview.draft).toEqual({});
  });

  it('turns good lines into draft cells, ready to review and push', () => {
    const preview = ok('unit,ptiUnitName,accessArea,notes\r\nDU01,DU01,2,x\r\nlocker 1,L1,,\r\n');
    expect(preview.errors).toBe(0);
    expect(preview.ignoredColumns).toEqual(['notes']);
    expect(draftDiff(units, preview.draft)).toEqual([
      { unitId: 'u2', label: 'DU01', field: 'ptiUnitName', before: null, after: 'DU01' },
      { unitId: 'u2', label: 'DU01', field: 'accessArea', before: null, after: 2 },
      { unitId: 'u4', label: 'Locker 1', field: 'ptiUnitName', before: null, after: 'L1' },
    ]);
  });

  it('reports every bad line by number and offers nothing to apply from them', () => {
    const preview = ok(
      [
        'unit,ptiUnitName,accessArea',
        'DU01,HAS SPACE,',
        'Z999,Z999,',
        'DU02,A101,',
        'DU02,DU02,',
        'Locker 1,L1,300',
        'A101,A101,1',
      ].join('\n'),
    );
    const problems = Object.fromEntries(preview.lines.map((line) => [line.line, line.problem]));
    expect(problems[2]).toMatch(/no spaces/);
    expect(problems[3]).toMatch(/Z999 is not a unit of this site/);
    expect(problems[4]).toMatch(/already used by A101/);
    expect(problems[5]).toMatch(/already on line 4/);
    expect(problems[6]).toMatch(/1 to 255/);
    expect(problems[7]).toBeNull();
    expect(preview.errors).toBe(5);
  });

  it('refuses a file it cannot read with the line to fix', () => {
    const preview = previewMappingCsv(units, {}, 'unit,ptiUnitName\nDU01,"open\n');
    expect(preview).toEqual({
      ok: false,
      message: expect.stringMatching(/^Line 2: .*never closed/),
    });
    const noUnit = previewMappingCsv(units, {}, 'name,ptiUnitName\nDU01,DU01\n');
    expect(noUnit).toEqual({ ok: false, message: expect.stringMatching(/"unit" column/) });
  });

  it('takes back the formula guard the export adds', () => {
    const preview = ok("unit,building\nDU01,'=North\n");
    expect(draftDiff(units, preview.draft)[0]).toMatchObject({ after: '=North' });
  });
});

describe('match by name', () => {
  const gateway = ['A101', 'DU01', 'DU02', 'DU03', 'LOCKER-1', 'B200'];

  it('proposes the gateway’s name for each unmapped unit whose label matches', () => {
    expect(matchByName(units, {}, gateway)).toEqual([
      { unitId: 'u2', label: 'DU01', ptiUnitName: 'DU01' },
      { unitId: 'u3', label: 'DU02', ptiUnitName: 'DU02' },
      { unitId: 'u4', label: 'Locker 1', ptiUnitName: 'LOCKER-1' },
    ]);
  });

  it('leaves out names another unit already has, and units already mapped or being mapped', () => {
    const draft = { u3: { ptiUnitName: 'DU01' } };
    expect(matchByName(units, draft, gateway)).toEqual([
      { unitId: 'u4', label: 'Locker 1', ptiUnitName: 'LOCKER-1' },
    ]);
  });

  it('accepting one or all fills the draft', () => {
    const matches = matchByName(units, {}, gateway);
    expect(acceptMatches(units, {}, [matches[1]!])).toEqual({ u3: { ptiUnitName: 'DU02' } });
    expect(Object.keys(acceptMatches(units, {}, matches))).toEqual(['u2', 'u3', 'u4']);
  });
});

describe('a pushed mapping change, before the units are read again', () => {
  it('shows the queued values as pending on that unit only', () => {
    const row = (id: string, ptiUnitName: string | null): UnitListItem => ({
      ...unit(id, id.toUpperCase(), ptiUnitName),
      siteId: 's1',
      organisationId: 'o1',
      updatedBy: null,
      updatedAt: '2026-11-23T12:00:00.000Z',
      version: '7',
      syncState: 'synced',
      pendingFields: [],
      failure: null,
    });
    const rows = [row('u1', 'A101'), row('u2', null)];
    const next = markMappingQueued(rows, { unitId: 'u2', ptiUnitName: 'DU01', accessArea: 2 });
    expect(next[0]).toBe(rows[0]);
    expect(next[1]).toMatchObject({
      ptiUnitName: 'DU01',
      accessArea: 2,
      syncState: 'pending',
      pendingFields: ['ptiUnitName', 'accessArea'],
    });
    // the stored name sent again unchanged is not a pending cell
    const same = markMappingQueued(rows, { unitId: 'u1', ptiUnitName: 'A101', building: 'B' });
    expect(same[0]).toMatchObject({ building: 'B', pendingFields: ['building'] });
  });
});
