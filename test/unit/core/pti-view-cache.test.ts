import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldOperations } from '../../../src-main/core/pti/site-view.js';
import { migrate } from '../../../src-main/core/store/migrate.js';
import { profileMigrations } from '../../../src-main/core/store/migrations/profile-db.js';
import { performAction } from '../../../src-main/core/store/queries/pti-rentals.js';
import { saveSite } from '../../../src-main/core/store/queries/pti-sites.js';
import {
  loadCopy,
  loadPendingOps,
  loadSiteView,
} from '../../../src-main/core/store/queries/pti-view.js';

// The site view kept between queued writes must always be what reading the site afresh gives:
// after each queued action, after a write that rolled back, after a pull or an applied operation.
const site = 'BIG1';
const at = '2026-11-23T12:00:00.000Z';
let db: Database.Database;

/** The view as read from scratch, for comparison. */
const fresh = () =>
  foldOperations(
    loadCopy(db, site),
    loadPendingOps(db, site).map((p) => p.op),
  );

const overlock = (unit: string) =>
  db.transaction(() =>
    performAction(db, { siteCode: site, action: { kind: 'overlock', unit, reason: 'manual' }, at }),
  )();

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, profileMigrations);
  saveSite(db, {
    siteCode: site,
    gatewayUrl: 'http://127.0.0.1:1',
    username: 'u',
    siteKeySealed: Buffer.from('k'),
    passwordSealed: Buffer.from('p'),
    at,
  });
  const unit = db.prepare(
    'INSERT INTO pti_units (site_code, name, building, alarm_channel, user_id, customer_ref, overlocked) VALUES (?, ?, ?, ?, ?, ?, 0)',
  );
  const user = db.prepare(
    'INSERT INTO pti_users (site_code, customer_ref, user_id, customer_name, access_code, access_level, zone) VALUES (?, ?, ?, ?, ?, NULL, NULL)',
  );
  for (let i = 1; i <= 40; i++) {
    unit.run(site, `U${i}`, 'A', i, `P${i}`, `c${i}`);
    user.run(site, `c${i}`, `P${i}`, `Tenant ${i}`, String(100000 + i));
  }
});
afterEach(() => db.close());

describe('the kept site view', () => {
  it('follows every queued action exactly', () => {
    for (let i = 1; i <= 5; i++) {
      expect(overlock(`U${i}`).refused).toBeNull();
      expect(loadSiteView(db, site).view).toEqual(fresh());
      expect(loadSiteView(db, site).view.units.get(`U${i}`)?.overlocked).toBe(true);
    }
    // a second overlock of the same unit is refused from the kept view, as PTI would
    expect(overlock('U3').refused).not.toBeNull();
  });

  it('forgets a queued action whose write rolled back', () => {
    overlock('U1');
    loadSiteView(db, site);
    expect(() =>
      db.transaction(() => {
        performAction(db, {
          siteCode: site,
          action: { kind: 'overlock', unit: 'U2', reason: 'manual' },
          at,
        });
        throw new Error('the write failed after queuing');
      })(),
    ).toThrow('the write failed');
    expect(loadSiteView(db, site).view.units.get('U2')?.overlocked).toBe(false);
    expect(loadSiteView(db, site).view).toEqual(fresh());
    expect(overlock('U2').refused).toBeNull();
    expect(loadSiteView(db, site).view).toEqual(fresh());
  });

  it('reads the site again after a pull or an applied operation', () => {
    overlock('U1');
    loadSiteView(db, site);
    db.prepare("UPDATE pti_units SET overlocked = 1 WHERE site_code = ? AND name = 'U9'").run(site);
    expect(loadSiteView(db, site).view.units.get('U9')?.overlocked).toBe(true);
    db.prepare('DELETE FROM outbox').run();
    expect(loadSiteView(db, site).view.units.get('U1')?.overlocked).toBe(false);
    expect(loadSiteView(db, site).view).toEqual(fresh());
  });
});
