import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { createDataset } from '../../bench/dataset.js';
import { figureCatalogue } from '../../bench/plans.js';
import { benchSections, runBenchmarks } from '../../bench/runner.js';
import { requireChromium } from '../helpers/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The UI sections drive Chromium: without it they are left out, loudly (a failure under CI=true).
const uiSections = ['ui-grid', 'ui-queue'] as const;
const sections = requireChromium()
  ? benchSections
  : benchSections.filter((section) => !(uiSections as readonly string[]).includes(section));

// `npm run bench` at its smallest size, once: every figure must come out measured, with its
// target and baseline. Timings on a shared test machine mean nothing, so none is asserted.
describe('the benchmark runner (small size)', () => {
  it('measures every figure of the quality bars, with targets and baselines', async () => {
    const report = await runBenchmarks({
      size: 'small',
      root,
      workerUrl: pathToFileURL(join(root, 'out', 'main', 'store-worker.js')),
      postgresAdminUrl: inject('postgresAdminUrl'),
      sections,
    });

    expect(report.failures).toEqual([]);
    const catalogue = figureCatalogue(createDataset('small'));
    const measured = new Set(
      Object.entries(catalogue)
        .filter(([section]) => (sections as readonly string[]).includes(section))
        .flatMap(([, specs]) => specs!.map((spec) => spec.id)),
    );
    expect(report.figures.map((f) => f.id)).toEqual(
      Object.values(catalogue)
        .flat()
        .map((spec) => spec.id),
    );
    for (const f of report.figures.filter((figure) => measured.has(figure.id))) {
      expect(f.value, `${f.id}: ${f.unavailable ?? ''}`).toBeTypeOf('number');
      expect(Number.isFinite(f.value) && f.value! >= 0, f.id).toBe(true);
    }

    const byId = new Map(report.figures.map((f) => [f.id, f]));
    // Each bar of DESIGN.md is checked against its target…
    const barred = [
      'client.bootstrap',
      'client.bootstrap.lag',
      'client.open-ticket',
      'client.write',
      'client.visible',
      'client.drain',
      ...catalogue.queues!.map((s) => s.id),
      ...catalogue.search!.map((s) => s.id),
    ];
    for (const id of barred) {
      expect(byId.get(id)?.target, id).not.toBeNull();
      expect(byId.get(id)?.pass, id).toBeTypeOf('boolean');
    }
    // …and the comparable ones come with a baseline measured in the same run.
    const compared = [
      'client.bootstrap',
      'client.open-ticket',
      'server.pull.c10',
      'server.pull.c50',
      ...catalogue.queues!.map((s) => s.id),
      ...catalogue.search!.map((s) => s.id),
    ];
    for (const id of compared) {
      const baseline = byId.get(id)?.baseline;
      expect(baseline, id).not.toBeNull();
      expect(Number.isFinite(baseline!.ratio) && baseline!.ratio > 0, id).toBe(true);
    }

    // The client stored every row it pulled, and the planted words are where the dataset put them.
    expect(report.checks['client.complete']).toBe(true);
    expect(report.checks['search.commonWordMessages']).toBe(
      report.checks['search.commonWordMessages.expected'],
    );
    expect(report.checks['search.rareWordMessages']).toBe(1);
    expect(report.checks['search.rareWordFound']).toBe(true);
  }, 180_000);

  it('generates the same dataset from the same seed, with the exact totals asked for', () => {
    const a = createDataset('small', 7);
    const b = createDataset('small', 7);
    const other = createDataset('small', 8);
    // each ticket, then its thread: the order the server loads (and versions) them
    const rows = (d: typeof a) =>
      Array.from({ length: d.spec.tickets }, (_, i) => [d.ticket(i), ...d.messagesOf(i)]).flat();
    const first = rows(a);
    expect(rows(b)).toEqual(first);
    expect(rows(other)[0]).not.toEqual(first[0]);
    const batched = [...a.batches(50)].flatMap((batch) => [...batch.tickets, ...batch.messages]);
    expect(new Set(batched.map((r) => r.id))).toEqual(new Set(first.map((r) => r.id)));

    const messages = first.filter((r) => 'ticketId' in r);
    expect(messages).toHaveLength(a.spec.messages);
    expect(first.length - messages.length).toBe(a.spec.tickets);
    expect(new Set(first.map((r) => r.id)).size).toBe(first.length);
    // versions are the load order: strictly increasing; organisations and units come last
    const versions = first.map((r) => Number(r.version));
    expect(versions.every((v, i) => i === 0 || v === versions[i - 1]! + 1)).toBe(true);
    expect(versions.at(-1)).toBe(a.lastSeq - a.organisations.length - a.units.length);
  });
});
