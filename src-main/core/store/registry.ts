import type { Database } from 'better-sqlite3';
import { appMigrations } from './migrations/app-db.js';
import { profileMigrations } from './migrations/profile-db.js';
import type { Migration } from './migrate.js';
import * as profiles from './queries/profiles.js';
import * as sync from './queries/sync.js';
import * as tickets from './queries/tickets.js';

/**
 * Every query the store worker can run, as plain `(db, args) => result` functions.
 * Reads run as they are; writes run inside one transaction and report the tables they changed,
 * which become store-change events.
 */
type ReadFn<A, R> = (db: Database, args: A) => R;
type WriteFn<A> = (db: Database, args: A) => { tables: string[] };

export interface ReadQuery<A, R> {
  kind: 'read';
  run: ReadFn<A, R>;
}
export interface WriteQuery<A> {
  kind: 'write';
  run: WriteFn<A>;
}

const read = <A, R>(run: ReadFn<A, R>): ReadQuery<A, R> => ({ kind: 'read', run });
const write = <A>(run: WriteFn<A>): WriteQuery<A> => ({ kind: 'write', run });

export const queries = {
  'profiles.list': read((db: Database, _args: Record<string, never>) => profiles.listProfiles(db)),
  'profiles.get': read(profiles.getProfile),
  'profiles.getDemo': read((db: Database, _args: Record<string, never>) =>
    profiles.getDemoProfile(db),
  ),
  'profiles.insert': write(profiles.insertProfile),
  'profiles.updateServerUrl': write(profiles.updateProfileServerUrl),
  'profiles.delete': write(profiles.deleteProfile),
  'profiles.getSealedTokens': read(profiles.getSealedTokens),
  'profiles.setSealedTokens': write(profiles.setSealedTokens),
  'settings.get': read(profiles.getSetting),
  'settings.set': write(profiles.setSetting),
  'tickets.list': read(tickets.listTickets),
  'tickets.get': read(tickets.getTicket),
  'sync.getTarget': read(sync.getSyncTarget),
  'sync.applyPulledPage': write(sync.applyPulledPage),
};

export type Queries = typeof queries;
export type ReadName = {
  [K in keyof Queries]: Queries[K] extends ReadQuery<never, unknown> ? K : never;
}[keyof Queries];
export type WriteName = {
  [K in keyof Queries]: Queries[K] extends WriteQuery<never> ? K : never;
}[keyof Queries];
export type QueryArgs<K extends keyof Queries> = Parameters<Queries[K]['run']>[1];
export type ReadResult<K extends ReadName> = ReturnType<Queries[K]['run']>;

export const schemas = { app: appMigrations, profile: profileMigrations } satisfies Record<
  string,
  Migration[]
>;
export type SchemaName = keyof typeof schemas;
