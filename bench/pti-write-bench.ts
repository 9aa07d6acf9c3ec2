import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { foldOperations } from '../src-main/core/pti/site-view.js';
import { createInlineStore } from '../src-main/core/store/inline-store.js';
import { loadCopy, loadPendingOps } from '../src-main/core/store/queries/pti-view.js';
import { figure, type Figure } from './figures.js';
import { summarise } from './stats.js';

/**
 * Queued PTI writes on a large site: an installer overlocking tenant after tenant while the
 * gateway is away, each write checked against the site as the client sees it (the gateway copy
 * with every queued operation laid over it). The baseline reads and folds the whole site for
 * each write, as the store did before it kept the view between writes.
 */

export interface PtiWritePlan {
  units: number;
  writes: number;
}

export const ptiWritePlans = {
  small: { units: 500, writes: 50 },
  bar: { units: 5_000, writes: 300 },
  huge: { units: 5_000, writes: 300 },
} satisfies Record<string, PtiWritePlan>;

const siteCode = 'BIG1';

export const ptiWriteSpecs = (plan: PtiWritePlan) => [
  {
    id: 'client.pti.write',
    group: 'client' as const,
    label: `Queued PTI write (overlock), site of ${plan.units.toLocaleString('en')} units, ${plan.writes} writes in a row`,
    unit: 'ms',
    stat: 'p95',
  },
];

export async function measurePtiWrites(options: {
  tempDir: string;
  plan: PtiWritePlan;
}): Promise<Figure[]> {
  const { plan } = options;
  let raw: Database.Database | null = null;
  const store = createInlineStore({ onOpen: (_file, db) => (raw = db) });
  try {
    const db = await store.open(join(options.tempDir, 'pti-writes.sqlite'), 'profile');
    const at = new Date().toISOString();
    const saved = await db.write('pti.sites.save', {
      siteCode,
      gatewayUrl: 'http://127.0.0.1:9',
      username: 'bench',
      siteKeySealed: Buffer.from('key'),
      passwordSealed: Buffer.from('password'),
      defaults: {},
      at,
    });
    if (saved.refused) throw new Error(saved.refused.message);
    const sqlite = raw as Database.Database | null;
    if (!sqlite) throw new Error('the store did not open the database');
    // The gateway copy as a pull leaves it: four units in five rented.
    const unit = sqlite.prepare(
      'INSERT INTO pti_units (site_code, name, building, alarm_channel, user_id, customer_ref, overlocked) VALUES (?, ?, ?, ?, ?, ?, 0)',
    );
    const user = sqlite.prepare(
      'INSERT INTO pti_users (site_code, customer_ref, user_id, customer_name, access_code, access_level, zone) VALUES (?, ?, ?, ?, ?, NULL, NULL)',
    );
    const rented: string[] = [];
    sqlite.transaction(() => {
      for (let i = 0; i < plan.units; i++) {
        const name = `U${i}`;
        const ref = i % 5 === 0 ? null : `c${i}`;
        unit.run(siteCode, name, 'A', (i % 255) + 1, ref ? `P${i}` : null, ref);
        if (ref) {
          user.run(siteCode, ref, `P${i}`, `Tenant ${i}`, String(1_000_000 + i));
          rented.push(name);
        }
      }
    })();

    const writes: number[] = [];
    const fullReads: number[] = [];
    for (let i = 0; i < plan.writes; i++) {
      const started = performance.now();
      const outcome = await db.write('pti.rentals.perform', {
        siteCode,
        action: { kind: 'overlock', unit: rented[i % rented.length]!, reason: 'manual' },
        at,
      });
      writes.push(performance.now() - started);
      if (outcome.refused) throw new Error(outcome.refused.message);
      // Baseline: what each write cost in reading the site alone, before the view was kept.
      const read = performance.now();
      foldOperations(
        loadCopy(sqlite, siteCode),
        loadPendingOps(sqlite, siteCode).map((p) => p.op),
      );
      fullReads.push(performance.now() - read);
    }
    const summary = summarise(writes);
    const baseline = summarise(fullReads);
    return [
      figure({
        ...ptiWriteSpecs(plan)[0]!,
        value: summary.p95,
        summary,
        baseline: {
          label: 'reading and folding the whole site for each write',
          value: baseline.p50,
          unit: 'ms',
          ratio: baseline.p50 / summary.p50,
          ratioMeaning: 'speed-up over reading the site for each write (medians)',
        },
        notes: `p50 ${summary.p50.toFixed(2)} ms; the site read alone: p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms, growing with the queue`,
      }),
    ];
  } finally {
    await store.close();
  }
}
