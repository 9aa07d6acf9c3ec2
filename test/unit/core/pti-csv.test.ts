import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv, spreadsheetSafe } from '../../../src-shared/csv.js';
import type { PtiRental } from '../../../src-shared/domain/pti-client.js';
import type { PlanContext } from '../../../src-main/core/pti/plan-actions.js';
import {
  exportRentalsCsv,
  parseSyncedDate,
  planCsvImport,
  readRentalCsv,
} from '../../../src-main/core/pti/rental-csv.js';
import type { SiteView } from '../../../src-main/core/pti/site-view.js';

const records = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`line ${parsed.line}: ${parsed.message}`);
  return parsed.records;
};

describe('CSV parser (RFC 4180)', () => {
  it('reads fields, quotes, doubled quotes and line breaks inside quotes', () => {
    expect(records('a,b\r\n"x, y","say ""hi"""\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
    ]);
    // A quoted line break belongs to the field; the next record's line number counts it.
    expect(records('id,note\n1,"two\nlines"\n2,ok')).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['2', 'ok'] },
    ]);
  });

  it('skips blank lines, as spreadsheets save them, and keeps empty fields', () => {
    expect(records('\uFEFFid,x\n\n1,\n\n,2\n')).toEqual([
      { line: 1, fields: ['id', 'x'] },
      { line: 3, fields: ['1', ''] },
      { line: 5, fields: ['', '2'] },
    ]);
    expect(records('a\n""\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
    ]);
  });

  it('refuses what it would have to guess, naming the line', () => {
    expect(parseCsv('a,b\n1,x"y\n')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv('a,b\n"1"x,2\n')).toMatchObject({
      ok: false,
      line: 2,
      message: 'there is text after a closing quote',
    });
    expect(parseCsv('a,b\n1,2\n"3,\n4\n')).toMatchObject({
      ok: false,
      line: 3,
      message: 'a quoted field is never closed',
    });
    expect(parseCsv('a\r1\n')).toMatchObject({ ok: false, line: 1 });
  });

  it('reads back whatever it writes', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '0'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
        (rows) => {
          expect(records(formatCsv(rows)).map((r) => r.fields)).toEqual(rows);
        },
      ),
    );
  });

  it('keeps a typed name from running as a spreadsheet formula', () => {
    expect(spreadsheetSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(spreadsheetSafe('-1+2')).toBe("'-1+2");
    expect(spreadsheetSafe('Ana Chen')).toBe('Ana Chen');
  });
});

describe('pti_synced dates', () => {
  it('reads the seed’s forms and refuses anything else', () => {
    expect(parseSyncedDate('2023-08-17T19:03:12.008Z')?.toISOString()).toBe(
      '2023-08-17T19:03:12.008Z',
    );
    expect(parseSyncedDate('2023-09-13')?.toISOString()).toBe('2023-09-13T00:00:00.000Z');
    expect(parseSyncedDate('2023-09-13T10:00:00+02:00')?.toISOString()).toBe(
      '2023-09-13T08:00:00.000Z',
    );
    for (const bad of [
      '2023-13-45',
      '2023-02-29',
      '17/08/2023',
      '2023-08-17T19:03',
      'yesterday',
      '2023-8-1',
    ])
      expect([bad, parseSyncedDate(bad)]).toEqual([bad, null]);
    expect(parseSyncedDate('2024-02-29')).not.toBeNull();
  });
});

// A small site: A101, A102 and D401 rented to one customer, B201 to another whose code PTI has
// not assigned yet, C301 vacant.
function context(): PlanContext {
  const view: SiteView = {
    defaults: { accessLevel: 1, zone: null },
    units: new Map(
      [
        ['A101', 'c1', false],
        ['A102', 'c1', true],
        ['B201', 'c2', false],
        ['C301', null, false],
        ['D401', 'c1', false],
      ].map(([name, customerRef, overlocked]) => [
        name as string,
        {
          name: name as string,
          building: null,
          alarmChannel: null,
          customerRef: customerRef as string | null,
          overlocked: overlocked as boolean,
          known: true,
        },
      ]),
    ),
    customers: new Map([
      [
        'c1',
        {
          customerRef: 'c1',
          userId: 'U1',
          customerName: 'Ana',
          accessCode: '482913',
          accessLevel: null,
          zone: null,
        },
      ],
      [
        'c2',
        {
          customerRef: 'c2',
          userId: null,
          customerName: 'Ben',
          accessCode: null,
          accessLevel: null,
          zone: null,
        },
      ],
    ]),
  };
  return {
    siteCode: 'S1',
    view,
    access: { accessLevels: [1, 2], schedules: [1] },
    overdue: () => false,
  };
}

function importing(text: string) {
  const read = readRentalCsv(text);
  if (!read.ok) throw new Error(read.message);
  return planCsvImport(context(), read.csv);
}

describe('rental CSV import plan', () => {
  it('pushes good lines and reports each bad one by line, with nothing planned for it', () => {
    const { lines, ops } = importing(
      [
        'id,customFields.pti_synced,customFields.pti_overlocked,notes',
        'S1:A101,2023-08-17,,',
        'S1:A101,2023-08-17,,',
        'S2:A101,2023-08-17,,',
        'A101,2023-08-17,,',
        'S1:C301,2023-08-17,,',
        'S1:B201,2023-08-17,,',
        'S1:A102,,false,',
        'S1:A102x,,,',
        'S1:A1,2023-08-17',
        ',2023-08-17,,',
        'S1:D401,,false,',
      ].join('\n'),
    );
    expect(lines.map((l) => [l.line, l.outcome])).toEqual([
      [2, 'push'],
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'push'],
      [9, 'error'],
      [10, 'error'],
      [11, 'error'],
      [12, 'unchanged'],
    ]);
    const problems = lines.map((l) => l.problem);
    expect(problems[1]).toContain('listed twice; it was first on line 2');
    expect(problems[2]).toContain('belongs to site S2');
    expect(problems[3]).toContain('is not a rental id');
    expect(problems[4]).toContain('has no tenant');
    expect(problems[5]).toContain('not known yet');
    expect(problems[7]).toContain('PTI does not know this unit');
    expect(problems[8]).toContain('the header has 4');
    expect(problems[9]).toContain('rental id is empty');
    // One resync per good line, in file order; the overlock column sets the pushed state.
    expect(ops.map((o) => [o.name, 'unit' in o.args ? o.args.unit : null])).toEqual([
      ['pti.resyncRental', 'A101'],
      ['pti.resyncRental', 'A102'],
    ]);
    expect(ops[1]!.request).toMatchObject({
      customerRef: 'c1',
      accessCode: '482913',
      overlocked: false,
    });
  });

  it('reads the header case-insensitively, names ignored columns, refuses a useless header', () => {
    const read = readRentalCsv('ID,CustomFields.PTI_Synced,unit\n');
    expect(read).toMatchObject({
      ok: true,
      csv: { columns: { id: 0, synced: 1, overlocked: -1 }, ignoredColumns: ['unit'] },
    });
    expect(readRentalCsv('id,unit\nS1:A101,A101\n')).toMatchObject({ ok: false });
    expect(readRentalCsv('')).toMatchObject({
      ok: false,
      message: expect.stringContaining('empty'),
    });
    expect(readRentalCsv('id,customFields.pti_synced,customFields.pti_synced\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining('appears twice'),
    });
  });

  it('exports rented units only, without codes, in a form the import accepts', () => {
    const row = (unit: string, vacant: boolean): PtiRental => ({
      rentalId: `S1:${unit}`,
      siteCode: 'S1',
      unit,
      building: null,
      alarmChannel: null,
      knownToPti: true,
      vacant,
      customerRef: vacant ? null : 'c1',
      customerName: vacant ? null : '=cmd',
      userId: null,
      accessCodeMasked: vacant ? null : '••••13',
      codePending: false,
      newCode: false,
      accessLevelOverride: null,
      accessLevel: 1,
      accessLevelFrom: 'site',
      zoneOverride: null,
      schedule: 1,
      scheduleFrom: 'level',
      overlocked: false,
      overdue: false,
      ptiSyncedAt: '2026-01-02T03:04:05.000Z',
      state: 'applied',
      queued: 0,
      problem: null,
    });
    const text = exportRentalsCsv([row('A101', false), row('C301', true)]);
    expect(records(text).map((r) => r.fields)).toEqual([
      [
        'id',
        'unit',
        'customerRef',
        'customerName',
        'customFields.pti_synced',
        'customFields.pti_overlocked',
        'overdue',
        'state',
      ],
      ['S1:A101', 'A101', 'c1', "'=cmd", '2026-01-02T03:04:05.000Z', 'false', 'false', 'applied'],
    ]);
    expect(text).not.toContain('•');
    expect(importing(text).lines).toEqual([
      { line: 2, rentalId: 'S1:A101', unit: 'A101', outcome: 'push', problem: null },
    ]);
  });
});
