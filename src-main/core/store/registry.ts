import type { Database } from 'better-sqlite3';
import { appMigrations } from './migrations/app-db.js';
import { profileMigrations } from './migrations/profile-db.js';
import type { Migration } from './migrate.js';
import * as blobs from './queries/blobs.js';
import * as callbacks from './queries/callbacks.js';
import * as directory from './queries/directory.js';
import * as kb from './queries/kb.js';
import { notificationQueries } from './queries/notifications.js';
import * as outbox from './queries/outbox.js';
import * as profiles from './queries/profiles.js';
import { ptiQueries } from './queries/pti-queries.js';
import { quickCheck, restoreRecovered } from './queries/recovery.js';
import { restoreDeferredIndex } from './queries/bootstrap-indexes.js';
import * as searchBacklog from './queries/search-backlog.js';
import * as sync from './queries/sync.js';
import * as tickets from './queries/tickets.js';
import * as ticketSla from './queries/ticket-sla.js';
import { unitQueries } from './queries/unit-queries.js';
import { savedViewQueries } from './queries/saved-views.js';

/**
 * Every query the store worker can run, as plain `(db, args) => result` functions.
 * Reads run as they are; writes run inside one transaction and report the tables they changed,
 * which become store-change events.
 */
type ReadFn<A, R> = (db: Database, args: A) => R;
type WriteFn<A, R extends { tables: string[] }> = (db: Database, args: A) => R;

export interface ReadQuery<A, R> {
  kind: 'read';
  run: ReadFn<A, R>;
}
export interface WriteQuery<A, R extends { tables: string[] } = { tables: string[] }> {
  kind: 'write';
  run: WriteFn<A, R>;
}

const read = <A, R>(run: ReadFn<A, R>): ReadQuery<A, R> => ({ kind: 'read', run });
const write = <A, R extends { tables: string[] }>(run: WriteFn<A, R>): WriteQuery<A, R> => ({
  kind: 'write',
  run,
});

export const queries = {
  'profiles.list': read((db: Database, _args: Record<string, never>) => profiles.listProfiles(db)),
  'profiles.get': read(profiles.getProfile),
  'profiles.getDemo': read((db: Database, _args: Record<string, never>) =>
    profiles.getDemoProfile(db),
  ),
  'profiles.insert': write(profiles.insertProfile),
  'profiles.updateServerUrl': write(profiles.updateProfileServerUrl),
  'profiles.updateAccount': write(profiles.updateProfileAccount),
  'profiles.delete': write(profiles.deleteProfile),
  'profiles.getSealedTokens': read(profiles.getSealedTokens),
  'profiles.setSealedTokens': write(profiles.setSealedTokens),
  'settings.get': read(profiles.getSetting),
  'settings.set': write(profiles.setSetting),
  'tickets.list': read(tickets.listTickets),
  'tickets.get': read(tickets.getTicket),
  'tickets.timeline': read(tickets.getTimeline),
  'tickets.search': read(tickets.searchTickets),
  'tickets.slaDueSoon': read(ticketSla.slaDueSoon),
  'tickets.refreshSla': write((db: Database, args: { which: 'all' | 'missing' }) => {
    const count = ticketSla.refreshSla(db, args.which);
    return { tables: count > 0 ? ['tickets'] : [], count };
  }),
  'calendar.get': read((db: Database, _args: Record<string, never>) =>
    ticketSla.storedCalendar(db),
  ),
  'slaPolicy.get': read((db: Database, _args: Record<string, never>) =>
    ticketSla.storedSlaPolicy(db),
  ),
  'organisations.tierInForce': read((db: Database, args: { organisationId: string; now: string }) =>
    ticketSla.tierInForce(db, args.organisationId, new Date(args.now)),
  ),
  'callbacks.list': read(callbacks.listCallbacks),
  'callbacks.get': read(callbacks.getCallback),
  'callbacks.ofTicket': read((db: Database, args: { ticketId: string }) =>
    callbacks.openCallbackOfTicket(db, args.ticketId),
  ),
  'callbacks.busy': read(callbacks.technicianBusy),
  'callbacks.serverVersion': read(callbacks.serverVersion),
  'sync.getTarget': read(sync.getSyncTarget),
  'sync.applyPulledPage': write(sync.applyPulledPage),
  'sync.applyPulledBody': write(sync.applyPulledBody),
  'search.indexBacklog': write(searchBacklog.indexSearchBacklog),
  'sync.restoreDeferredIndex': write((db: Database, _args: Record<string, never>) =>
    restoreDeferredIndex(db),
  ),
  'search.backlogSize': read((db: Database, _args: Record<string, never>) =>
    searchBacklog.searchBacklogSize(db),
  ),
  'sync.getMeta': read(outbox.getMeta),
  'sync.setMeta': write(outbox.setMeta),
  'sync.beginPull': write(outbox.beginPull),
  'sync.currentPullCounter': read((db: Database, _args: Record<string, never>) =>
    outbox.currentPullCounter(db),
  ),
  'sync.finishPull': write(outbox.finishPull),
  'sync.resetPulledData': write(outbox.resetPulledData),
  'outbox.queue': write(outbox.queueMutation),
  'outbox.take': read(outbox.takeOutbox),
  'outbox.counts': read((db: Database, _args: Record<string, never>) => outbox.outboxCounts(db)),
  'outbox.recordPushResults': write(outbox.recordPushResults),
  'outbox.listPending': read((db: Database, _args: Record<string, never>) =>
    outbox.listPending(db),
  ),
  'attention.list': read((db: Database, _args: Record<string, never>) =>
    outbox.listNeedsAttention(db),
  ),
  'attention.get': read(outbox.getNeedsAttention),
  'attention.settle': write(outbox.settleNeedsAttention),
  'attention.restoreRecovered': write(restoreRecovered),
  'store.quickCheck': read(quickCheck),
  'directory.sites': read((db: Database, _args: Record<string, never>) => directory.listSites(db)),
  'directory.users': read((db: Database, _args: Record<string, never>) => directory.listUsers(db)),
  'kb.sections': read((db: Database, _args: Record<string, never>) => kb.listSections(db)),
  'kb.articles': read(kb.listArticles),
  'kb.article': read(kb.getArticle),
  'kb.search': read(kb.searchArticles),
  'blobs.record': write(blobs.recordBlob),
  'blobs.state': read(blobs.blobState),
  'blobs.markFailed': write(blobs.markBlobFailed),
  ...ptiQueries,
  ...unitQueries,
  ...savedViewQueries,
  ...notificationQueries,
};

export type Queries = typeof queries;
export type ReadName = {
  [K in keyof Queries]: Queries[K] extends ReadQuery<never, unknown> ? K : never;
}[keyof Queries];
export type WriteName = {
  [K in keyof Queries]: Queries[K] extends WriteQuery<never, { tables: string[] }> ? K : never;
}[keyof Queries];
export type WriteResult<K extends WriteName> = ReturnType<Queries[K]['run']>;
export type QueryArgs<K extends keyof Queries> = Parameters<Queries[K]['run']>[1];
export type ReadResult<K extends ReadName> = ReturnType<Queries[K]['run']>;

export const schemas = { app: appMigrations, profile: profileMigrations } satisfies Record<
  string,
  Migration[]
>;
export type SchemaName = keyof typeof schemas;
