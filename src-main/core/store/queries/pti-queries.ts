import type { Database } from 'better-sqlite3';
import type { ReadQuery, WriteQuery } from '../registry.js';
import * as rentals from './pti-rentals.js';
import * as sites from './pti-sites.js';
import * as sync from './pti-sync.js';

const read = <A, R>(run: (db: Database, args: A) => R): ReadQuery<A, R> => ({ kind: 'read', run });
const write = <A, R extends { tables: string[] }>(
  run: (db: Database, args: A) => R,
): WriteQuery<A, R> => ({ kind: 'write', run });
type NoArgs = Record<string, never>;

/** The PTI client's store queries, spread into the store's registry. */
export const ptiQueries = {
  'pti.sites.list': read((db: Database, _args: NoArgs) => sites.listSites(db)),
  'pti.sites.get': read(sites.getSite),
  'pti.sites.config': read(sites.getSiteConfig),
  'pti.sites.codes': read((db: Database, _args: NoArgs) => sites.listSiteCodes(db)),
  'pti.sites.save': write(sites.saveSite),
  'pti.sites.remove': write(sites.removeSite),
  'pti.sites.setStatus': write(sites.setSiteStatus),
  'pti.access.get': read(rentals.accessSetup),
  'pti.keypad.view': read(rentals.keypadView),
  'pti.rentals.list': read(rentals.listRentals),
  'pti.rentals.perform': write(rentals.performAction),
  'pti.rentals.revealCode': write(rentals.revealCode),
  'pti.csv.preview': read(rentals.previewCsv),
  'pti.csv.import': write(rentals.importCsv),
  'pti.attention.resolve': write(rentals.resolveAttention),
  'pti.sync.next': read(sync.nextOperation),
  'pti.sync.applied': write(sync.recordApplied),
  'pti.sync.refused': write(sync.recordRefused),
  'pti.sync.retry': write(sync.recordRetry),
  'pti.sync.snapshot': write(sync.applySnapshot),
};
