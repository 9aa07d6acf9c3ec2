import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-shared/csv.js';
import { startPtiClient, type PtiClientFixture } from './pti-client-fixture.js';

// The rental CSV update from storage-management software: a line with a date in pti_synced
// pushes that rental to PTI again. Good lines apply together; bad ones are reported by line.
const SITE = 'PLS301';
let f: PtiClientFixture;
let rented: string[];
let vacant: string;

beforeAll(async () => {
  f = await startPtiClient();
  await f.addSite(SITE);
  await f.call('pti.sites.syncNow', { siteCode: SITE });
  const all = await f.call('pti.rentals.list', { siteCode: SITE });
  rented = all.filter((r) => !r.vacant).map((r) => r.unit);
  vacant = all.find((r) => r.vacant)!.unit;
});
afterAll(async () => {
  await f?.close();
});

const id = (unit: string) => `${SITE}:${unit}`;

describe('rental CSV update', () => {
  // The seed's layout (blank lines between rows, ISO instants), with rentals of this site.
  const csv = () =>
    [
      'id,customFields.pti_synced',
      '',
      `${id(rented[0]!)},2023-08-17T19:03:12.008Z`,
      '',
      `${SITE}:Z999,2023-08-17T19:03:12.008Z`,
      `${SITE}:A 101,2023-08-17`,
      `${id(rented[1]!)},2023-13-45`,
      `${id(vacant)},2023-08-17`,
      `${id(rented[2]!)},2023-09-13`,
      `${id(rented[3]!)},`,
      '',
    ].join('\n');

  it('previews every line without queueing anything', async () => {
    const preview = await f.call('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: csv(),
      dryRun: true,
    });
    expect(preview).toMatchObject({ dryRun: true, pushed: 2, errors: 4, operationIds: [] });
    expect(preview.lines.map((l) => [l.line, l.outcome])).toEqual([
      [3, 'push'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'error'],
      [9, 'push'],
      [10, 'unchanged'],
    ]);
    const problem = (line: number) => preview.lines.find((l) => l.line === line)!.problem!;
    expect(problem(5)).toContain('PTI does not know this unit');
    expect(problem(6)).toMatch(/Invalid PTI unit name: .*contains a space/);
    expect(problem(7)).toContain('"2023-13-45" is not a date');
    expect(problem(8)).toContain('This unit has no tenant');
    expect(await f.call('sync.pending', {})).toEqual([]);
  });

  it('queues the good lines in one go, offline, and applies them when the gateway is back', async () => {
    await f.faults({ offline: true });
    const before = await f.call('pti.rentals.list', { siteCode: SITE });
    const result = await f.call('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: csv(),
      dryRun: false,
    });
    expect(result).toMatchObject({ dryRun: false, pushed: 2, errors: 4 });
    expect(result.operationIds).toHaveLength(2);
    const pending = await f.call('sync.pending', {});
    // Exactly the good lines, in file order: nothing of a bad line was queued.
    expect(pending.map((p) => [p.id, p.name])).toEqual(
      result.operationIds.map((opId) => [opId, 'pti.resyncRental']),
    );
    const byUnit = new Map(
      (await f.call('pti.rentals.list', { siteCode: SITE })).map((r) => [r.unit, r]),
    );
    expect(byUnit.get(rented[0]!)!.state).toBe('queued');
    expect(byUnit.get(rented[2]!)!.state).toBe('queued');
    for (const unit of [rented[1]!, rented[3]!, vacant])
      expect(byUnit.get(unit)!.state).toBe('applied');

    await f.faults({ offline: false });
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    const keys = f.gatewaySite(SITE).replies.map((r) => r.key);
    for (const opId of result.operationIds) expect(keys.filter((k) => k === opId)).toHaveLength(1);
    const after = new Map(
      (await f.call('pti.rentals.list', { siteCode: SITE })).map((r) => [r.unit, r]),
    );
    const was = new Map(before.map((r) => [r.unit, r]));
    for (const unit of [rented[0]!, rented[2]!]) {
      expect(after.get(unit)!.state).toBe('applied');
      expect(after.get(unit)!.ptiSyncedAt! > was.get(unit)!.ptiSyncedAt!).toBe(true);
    }
  });

  it('sets the overlock from customFields.pti_overlocked', async () => {
    const unit = rented.find(
      (u) => !f.gatewaySite(SITE).units.find((x) => x.name === u)!.overlocked,
    )!;
    const result = await f.call('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: `id,customFields.pti_synced,customFields.pti_overlocked\r\n${id(unit)},,TRUE\r\n${id(rented.find((u) => u !== unit)!)},,maybe\r\n`,
      dryRun: false,
    });
    expect(result.lines.map((l) => l.outcome)).toEqual(['push', 'error']);
    expect(result.lines[1]!.problem).toContain('true, false or empty');
    await f.call('pti.sites.syncNow', { siteCode: SITE });
    expect(f.gatewaySite(SITE).units.find((x) => x.name === unit)!.overlocked).toBe(true);
  });

  it('reads the seed’s own example file, whose ids are not rentals here, and says so by line', async () => {
    const seed =
      'id,customFields.pti_synced\n\n64de6eebdd7adb0014825d1a,2023-08-17T19:03:12.008Z\n\n64d399d3afe8540014d94e25,2023-08-17T19:03:12.008Z\n';
    const result = await f.call('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: seed,
      dryRun: true,
    });
    expect(result.lines.map((l) => [l.line, l.outcome])).toEqual([
      [3, 'error'],
      [5, 'error'],
    ]);
    expect(result.lines[0]!.problem).toContain(`rental ids look like ${SITE}:A101`);
  });

  it('exports the rentals in a file the import reads back', async () => {
    const exported = await f.call('pti.rentals.exportCsv', { siteCode: SITE });
    expect(exported.fileName).toMatch(
      new RegExp(`^pti-rentals-${SITE}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const parsed = parseCsv(exported.csv);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.records[0]!.fields.slice(0, 2)).toEqual(['id', 'unit']);
    expect(parsed.records).toHaveLength(rented.length + 1);
    expect(exported.rows).toBe(rented.length);
    // No access code leaves in an export.
    for (const unit of rented.slice(0, 3)) {
      const { accessCode } = await f.call('pti.rentals.revealCode', { siteCode: SITE, unit });
      expect(exported.csv).not.toContain(accessCode);
    }
    const again = await f.call('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: exported.csv,
      dryRun: true,
    });
    expect(again.errors).toBe(0);
    expect(again.pushed).toBe(rented.length);
    expect(again.ignoredColumns).toEqual([
      'unit',
      'customerRef',
      'customerName',
      'overdue',
      'state',
    ]);
  });

  it('refuses a file it cannot read, saying where', async () => {
    const unclosed = await f.attempt('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: `id,customFields.pti_synced\n"${id(rented[0]!)},2023-08-17\n`,
      dryRun: true,
    });
    expect(unclosed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!unclosed.ok)
      expect(unclosed.error.message).toBe('Line 2: a quoted field is never closed.');
    const noHeader = await f.attempt('pti.rentals.importCsv', {
      siteCode: SITE,
      csv: `${id(rented[0]!)},2023-08-17\n`,
      dryRun: true,
    });
    if (noHeader.ok) throw new Error('a file without a header was read');
    expect(noHeader.error.message).toContain('The first line must name the columns');
  });
});
