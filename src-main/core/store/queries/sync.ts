import type { Database } from 'better-sqlite3';
import type { ReplyNotification } from '../../../../src-shared/domain/account-calls.js';
import { PullResponse, type Change } from '../../../../src-shared/sync-protocol.js';
import { recordPulledReplies } from './notifications.js';
import { deferTicketIndexes } from './bootstrap-indexes.js';
import { beginSearchBacklog } from './search-backlog.js';
import { applyServerMessage, applyServerTicket, sessionUser } from './outbox.js';
import { applyServerUnit, deleteServerUnit } from './units.js';
import { applyServerCallback } from './callbacks.js';
import { applyServerCalendar, applyServerOrganisation } from './ticket-sla.js';

export interface SyncTargetState {
  cursor: string | null;
  lastPullAt: string | null;
}

export function getSyncTarget(db: Database, args: { target: string }): SyncTargetState {
  const row = db
    .prepare('SELECT cursor, last_pull_at FROM sync_targets WHERE target = ?')
    .get(args.target) as { cursor: string | null; last_pull_at: string | null } | undefined;
  return { cursor: row?.cursor ?? null, lastPullAt: row?.last_pull_at ?? null };
}

const upserts = {
  sites: `INSERT INTO sites (id, organisation_id, code, name, timezone, version)
    VALUES (@id, @organisationId, @code, @name, @timezone, @version)
    ON CONFLICT(id) DO UPDATE SET organisation_id = excluded.organisation_id, code = excluded.code,
      name = excluded.name, timezone = excluded.timezone, version = excluded.version`,
  users: `INSERT INTO users (id, name, email, role, organisation_id, version)
    VALUES (@id, @name, @email, @role, @organisationId, @version)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
      organisation_id = excluded.organisation_id, version = excluded.version`,
  kb_sections: `INSERT INTO kb_sections (id, slug, title, description, position, version)
    VALUES (@id, @slug, @title, @description, @position, @version)
    ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, title = excluded.title,
      description = excluded.description, position = excluded.position, version = excluded.version`,
  kb_articles: `INSERT INTO kb_articles (id, section_id, slug, title, summary, body, view_count, created_at, updated_at, version)
    VALUES (@id, @sectionId, @slug, @title, @summary, @body, @viewCount, @createdAt, @updatedAt, @version)
    ON CONFLICT(id) DO UPDATE SET section_id = excluded.section_id, slug = excluded.slug, title = excluded.title,
      summary = excluded.summary, body = excluded.body, view_count = excluded.view_count,
      created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version`,
} as const;

/**
 * Applies one pulled page and advances the cursor in the same transaction (the caller's),
 * so a crash either keeps the whole page and its cursor or neither.
 */
export function applyPulledPage(
  db: Database,
  args: { target: string; cursor: string; changes: Change[]; pulledAt: string },
): { tables: string[] } {
  const touched = new Set<string>();
  for (const change of args.changes) {
    touched.add(change.table);
    if (change.op === 'delete') {
      if (change.table === 'units') {
        deleteServerUnit(db, change.id);
        continue;
      }
      db.prepare(`DELETE FROM ${change.table} WHERE id = ?`).run(change.id);
      if (change.table === 'tickets')
        db.prepare('DELETE FROM tickets_server WHERE id = ?').run(change.id);
      continue;
    }
    switch (change.table) {
      case 'tickets':
        applyServerTicket(db, change.row);
        break;
      case 'messages':
        applyServerMessage(db, change.row);
        break;
      case 'sites':
        db.prepare(upserts.sites).run(change.row);
        break;
      case 'users':
        db.prepare(upserts.users).run(change.row);
        break;
      case 'kb_sections':
        db.prepare(upserts.kb_sections).run(change.row);
        break;
      case 'kb_articles':
        db.prepare(upserts.kb_articles).run(change.row);
        break;
      case 'units':
        applyServerUnit(db, change.row, sessionUser(db)?.id ?? null);
        break;
      // a new tier or calendar moves SLA due times: the tickets' SLA columns follow
      case 'organisations':
        if (applyServerOrganisation(db, change.row)) touched.add('tickets');
        break;
      case 'business_calendars':
        if (applyServerCalendar(db, change.row)) touched.add('tickets');
        break;
      case 'callbacks':
        applyServerCallback(db, change.row);
        break;
    }
  }
  db.prepare(
    `INSERT INTO sync_targets (target, cursor, last_pull_at) VALUES (?, ?, ?)
     ON CONFLICT(target) DO UPDATE SET cursor = excluded.cursor, last_pull_at = excluded.last_pull_at`,
  ).run(args.target, args.cursor, args.pulledAt);
  touched.add('sync_targets');
  return { tables: [...touched] };
}

export type PulledBodyResult =
  | {
      ok: true;
      tables: string[];
      cursor: string;
      hasMore: boolean;
      changes: number;
      /** Replies by others on followed tickets, recorded as unread in the same transaction. */
      recorded: ReplyNotification[];
    }
  | { ok: false; tables: string[]; problem: 'cut_off' | 'not_understood' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One pull answer, as it came off the wire: parsed and checked here, in the store worker, then
 * applied with its cursor and its reply notifications in the caller's one transaction. A page
 * of a bootstrap (`bootstrap`: the pull started from no cursor) is history: it announces
 * nothing, its messages wait for the search backlog (search-backlog.ts) and the tickets' sort
 * indexes for the end of the pull (bootstrap-indexes.ts).
 */
export function applyPulledBody(
  db: Database,
  args: { target: string; body: Uint8Array; pulledAt: string; bootstrap: boolean },
): PulledBodyResult {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(args.body));
  } catch {
    return { ok: false, tables: [], problem: 'cut_off' };
  }
  const page = PullResponse.safeParse(json);
  if (!page.success) return { ok: false, tables: [], problem: 'not_understood' };
  const { cursor, hasMore, changes } = page.data;
  if (args.bootstrap) {
    beginSearchBacklog(db);
    deferTicketIndexes(db);
  }
  const applied = applyPulledPage(db, {
    target: args.target,
    cursor,
    changes,
    pulledAt: args.pulledAt,
  });
  const replies = recordPulledReplies(db, { changes, bootstrap: args.bootstrap });
  return {
    ok: true,
    tables: [...new Set([...applied.tables, ...replies.tables])],
    cursor,
    hasMore,
    changes: changes.length,
    recorded: replies.recorded,
  };
}
