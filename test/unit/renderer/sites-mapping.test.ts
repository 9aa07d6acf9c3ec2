import { describe, expect, it } from 'vitest';
import {
  draftDiff,
  draftProblems,
  emptyHistory,
  fillDown,
  mappingCalls,
  mappingCsv,
  parseCell,
  pruneDraft,
  pushDraft,
  setCells,
  undo,
  undoLimit,
  type UnitMapping,
} from '../../../src-renderer/src/components/sites/mapping-logic';
import { countdown } from '../../../src-renderer/src/components/sites/pin-countdown';

const units: UnitMapping[] = [
  {
    id: 'u1',
    label: 'A101',
    ptiUnitName: 'A101',
    building: 'North',
    accessArea: 1,
    doorAlarmChannel: null,
  },
  {
    id: 'u2',
    label: 'A102',
    ptiUnitName: null,
    building: null,
    accessArea: null,
    doorAlarmChannel: null,
  },
  {
    id: 'u3',
    label: 'A103',
    ptiUnitName: 'A103',
    building: null,
    accessArea: 2,
    doorAlarmChannel: 7,
  },
];

describe('cell validation against the PTI rules', () => {
  it('refuses PTI names with spaces or over 10 characters and accepts valid ones', () => {
    expect(parseCell('ptiUnitName', 'B 12')).toHaveProperty(
      'problem',
      expect.stringMatching(/space/),
    );
    expect(parseCell('ptiUnitName', 'ABCDEFGHIJK')).toHaveProperty(
      'problem',
      expect.stringMatching(/11 characters/),
    );
    expect(parseCell('ptiUnitName', 'ABCDEFGHIJ')).toEqual({ value: 'ABCDEFGHIJ' });
    expect(parseCell('ptiUnitName', '')).toEqual({ value: null });
  });

  it('reads numbers 1–255 and explains anything else', () => {
    expect(parseCell('accessArea', ' 12 ')).toEqual({ value: 12 });
    expect(parseCell('accessArea', '')).toEqual({ value: null });
    expect(parseCell('doorAlarmChannel', '256')).toHaveProperty(
      'problem',
      expect.stringMatching(/1 to 255/),
    );
    expect(parseCell('doorAlarmChannel', '3x')).toHaveProperty(
      'problem',
      expect.stringMatching(/"3x"/),
    );
    expect(parseCell('building', ' ')).toEqual({ value: null });
    expect(parseCell('building', 'x'.repeat(61))).toHaveProperty('problem');
  });

  it('refuses a PTI name another unit of the site already has, before anything is queued', () => {
    const draft = setCells(units, {}, [{ unitId: 'u2', field: 'ptiUnitName', text: 'a101' }]);
    const problems = draftProblems(units, draft);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ unitId: 'u2', field: 'ptiUnitName' });
    expect(problems[0]!.message).toMatch(/already used by A101/);
    // Renaming the first unit away frees the name.
    const freed = setCells(units, draft, [{ unitId: 'u1', field: 'ptiUnitName', text: 'X1' }]);
    expect(draftProblems(units, freed)).toEqual([]);
  });

  it('flags two edited rows given the same name', () => {
    const draft = setCells(units, {}, [
      { unitId: 'u2', field: 'ptiUnitName', text: 'NEW1' },
      { unitId: 'u3', field: 'ptiUnitName', text: 'NEW1' },
    ]);
    expect(
      draftProblems(units, draft)
        .map((problem) => problem.unitId)
        .sort(),
    ).toEqual(['u2', 'u3']);
  });
});

describe('editing the draft', () => {
  it('drops an edit that puts back the stored value', () => {
    const draft = setCells(units, {}, [{ unitId: 'u1', field: 'building', text: 'South' }]);
    expect(draft).toEqual({ u1: { building: 'South' } });
    expect(setCells(units, draft, [{ unitId: 'u1', field: 'building', text: 'North' }])).toEqual(
      {},
    );
  });

  it('fills the first ticked row value down to the others', () => {
    const draft = fillDown(units, {}, ['u1', 'u2', 'u3'], 'building');
    expect(draft).toEqual({ u2: { building: 'North' }, u3: { building: 'North' } });
    // A pending edit of the first row is what gets copied.
    const edited = setCells(units, {}, [{ unitId: 'u3', field: 'accessArea', text: '9' }]);
    expect(fillDown(units, edited, ['u3', 'u1'], 'accessArea')).toEqual({
      u3: { accessArea: '9' },
      u1: { accessArea: '9' },
    });
    expect(fillDown(units, {}, ['u1'], 'building')).toEqual({});
  });

  it('undoes edits one at a time, back to nothing, and keeps a bounded history', () => {
    let history = emptyHistory();
    const first = setCells(units, history.present, [
      { unitId: 'u2', field: 'building', text: 'B' },
    ]);
    history = pushDraft(history, first);
    const second = setCells(units, history.present, [
      { unitId: 'u2', field: 'accessArea', text: '4' },
    ]);
    history = pushDraft(history, second);
    expect(history.present).toEqual({ u2: { building: 'B', accessArea: '4' } });
    history = undo(history);
    expect(history.present).toEqual({ u2: { building: 'B' } });
    history = undo(undo(history));
    expect(history.present).toEqual({});
    for (let i = 0; i < undoLimit + 20; i += 1)
      history = pushDraft(history, { u1: { building: String(i) } });
    expect(history.past).toHaveLength(undoLimit);
  });

  it('forgets edits the server now holds and edits of removed units', () => {
    const draft = { u1: { building: 'South' }, gone: { building: 'X' } };
    const synced = units.map((unit) => (unit.id === 'u1' ? { ...unit, building: 'South' } : unit));
    expect(pruneDraft(synced, draft)).toEqual({});
  });
});

describe('what will be pushed', () => {
  it('lists each changed cell with before and after, and sends one call per unit', () => {
    const draft = setCells(units, {}, [
      { unitId: 'u2', field: 'ptiUnitName', text: 'A102' },
      { unitId: 'u2', field: 'accessArea', text: '3' },
      { unitId: 'u3', field: 'doorAlarmChannel', text: '' },
      { unitId: 'u1', field: 'building', text: 'bad'.repeat(30) },
    ]);
    const diff = draftDiff(units, draft);
    expect(diff).toEqual([
      { unitId: 'u2', label: 'A102', field: 'ptiUnitName', before: null, after: 'A102' },
      { unitId: 'u2', label: 'A102', field: 'accessArea', before: null, after: 3 },
      { unitId: 'u3', label: 'A103', field: 'doorAlarmChannel', before: 7, after: null },
    ]);
    expect(mappingCalls(units, diff)).toEqual([
      { unitId: 'u2', ptiUnitName: 'A102', accessArea: 3 },
      // The stored PTI name goes with it, so the mapping is kept.
      { unitId: 'u3', ptiUnitName: 'A103', doorAlarmChannel: null },
    ]);
  });

  it('exports the grid with the draft applied, quoting and defusing spreadsheet formulas', () => {
    const odd = [...units, { ...units[1]!, id: 'u4', label: '=HYPERLINK("x")', building: 'a,b' }];
    const draft = setCells(odd, {}, [{ unitId: 'u2', field: 'building', text: 'East' }]);
    const lines = mappingCsv(odd, draft).trimEnd().split('\r\n');
    expect(lines[0]).toBe('unit,ptiUnitName,building,accessArea,doorAlarmChannel');
    expect(lines[1]).toBe('A101,A101,North,1,');
    expect(lines[2]).toBe('A102,,East,,');
    expect(lines[4]).toBe(`"'=HYPERLINK(""x"")",,"a,b",,`);
  });
});

describe('support PIN expiry countdown', () => {
  it('counts minutes and seconds, hours when long, and never below zero', () => {
    expect(countdown(65_000)).toBe('1:05');
    expect(countdown(3_720_000)).toBe('1 h 02 min');
    expect(countdown(-5_000)).toBe('0:00');
  });
});
