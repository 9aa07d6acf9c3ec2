import type { Database } from 'better-sqlite3';
import type { ReadQuery, WriteQuery } from '../registry.js';
import * as credentials from './site-credentials.js';
import * as units from './units.js';

const read = <A, R>(run: (db: Database, args: A) => R): ReadQuery<A, R> => ({ kind: 'read', run });
const write = <A, R extends { tables: string[] }>(
  run: (db: Database, args: A) => R,
): WriteQuery<A, R> => ({ kind: 'write', run });

/** Units, their mapping and sites' redeemed PTI credentials, spread into the store's registry. */
export const unitQueries = {
  'units.list': read(units.listUnits),
  'units.forEdit': read(units.unitForEdit),
  'units.nameHolder': read(units.unitNameHolder),
  'units.site': read(units.siteOfUnits),
  'siteCredentials.store': write(credentials.storeSiteCredentials),
  'siteCredentials.get': read(credentials.getSiteCredentials),
};
