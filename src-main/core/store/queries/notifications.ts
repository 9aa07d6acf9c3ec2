import type { Database } from 'better-sqlite3';
import { excerptOf, type ReplyNotification } from '../../../../src-shared/domain/account-calls.js';
import type { Change } from '../../../../src-shared/sync-protocol.js';
import { actorFor } from '../../sync/local-effects.js';
import type { ReadQuery, WriteQuery } from '../registry.js';
import { sessionUser } from './outbox.js';

/**
 * Unread replies: a public reply (or, for technicians, an internal note) by someone else on a
 * ticket the signed-in user follows — raised it, is assigned to it, or has written on it. The
 * history that arrives with a bootstrap is what the user already had; it is never announced.
 */

/**
 * Remembers who raised the pulled tickets and records the page's new replies as unread.
 * Runs after the page is applied, so "assigned to me" and "wrote on it" see the page too.
 */
export function recordPulledReplies(
  db: Database,
  args: { changes: Change[]; bootstrap: boolean },
): { tables: string[]; recorded: ReplyNotification[] } {
  const requester = db.prepare(
    `INSERT INTO ticket_requesters (ticket_id, requester_id) VALUES (?, ?)
     ON CONFLICT(ticket_id) DO UPDATE SET requester_id = excluded.requester_id`,
  );
  for (const change of args.changes) {
    if (
      change.op === 'upsert' &&
      change.table === 'tickets' &&
      change.row.requesterId !== undefined
    )
      requester.run(change.row.id, change.row.requesterId);
  }
  const user = sessionUser(db);
  if (args.bootstrap || !user) return { tables: [], recorded: [] };

  const customer = actorFor(user.role) === 'customer';
  const follows = db.prepare(
    `SELECT 1 FROM tickets t
     WHERE t.id = @ticketId AND (
       t.assignee_id = @userId
       OR EXISTS (SELECT 1 FROM ticket_requesters r
                  WHERE r.ticket_id = t.id AND r.requester_id = @userId)
       OR EXISTS (SELECT 1 FROM messages m
                  WHERE m.ticket_id = t.id AND m.author_id = @userId AND m.kind <> 'system'))`,
  );
  const insert = db.prepare(
    `INSERT INTO notifications (message_id, ticket_id, created_at, read_at)
     VALUES (?, ?, ?, NULL) ON CONFLICT(message_id) DO NOTHING`,
  );
  const recorded: string[] = [];
  for (const change of args.changes) {
    if (change.op !== 'upsert' || change.table !== 'messages') continue;
    const m = change.row;
    if (m.kind === 'system' || m.authorId === null || m.authorId === user.id) continue;
    // A customer's client never holds internal notes; this is the second lock on that door.
    if (m.kind === 'internal' && customer) continue;
    if (!follows.get({ ticketId: m.ticketId, userId: user.id })) continue;
    if (insert.run(m.id, m.ticketId, m.createdAt).changes === 1) recorded.push(m.id);
  }
  if (recorded.length === 0) return { tables: [], recorded: [] };
  return { tables: ['notifications'], recorded: notificationsById(db, recorded) };
}

const selectNotification = `
  SELECT n.message_id AS id, n.ticket_id AS ticketId, t.number AS number,
    COALESCE(t.subject, '') AS subject, COALESCE(u.name, 'Someone') AS author,
    COALESCE(m.body, '') AS body, m.kind AS kind, n.created_at AS createdAt, n.read_at AS readAt
  FROM notifications n
  LEFT JOIN tickets t ON t.id = n.ticket_id
  LEFT JOIN messages m ON m.id = n.message_id
  LEFT JOIN users u ON u.id = m.author_id`;

interface NotificationRecord {
  id: string;
  ticketId: string;
  number: string | null;
  subject: string;
  author: string;
  body: string;
  kind: string | null;
  createdAt: string;
  readAt: string | null;
}

const toNotification = (r: NotificationRecord): ReplyNotification => ({
  id: r.id,
  ticketId: r.ticketId,
  number: r.number,
  subject: r.subject,
  author: r.author,
  excerpt: excerptOf(r.body),
  internal: r.kind === 'internal',
  createdAt: r.createdAt,
  readAt: r.readAt,
});

function notificationsById(db: Database, ids: readonly string[]): ReplyNotification[] {
  const one = db.prepare(`${selectNotification} WHERE n.message_id = ?`);
  return ids
    .map((id) => one.get(id) as NotificationRecord | undefined)
    .filter((r): r is NotificationRecord => r !== undefined)
    .map(toNotification);
}

export function listNotifications(
  db: Database,
  args: { all: boolean; limit: number },
): ReplyNotification[] {
  const rows = db
    .prepare(
      `${selectNotification} ${args.all ? '' : 'WHERE n.read_at IS NULL'}
       ORDER BY n.created_at DESC, n.message_id LIMIT ?`,
    )
    .all(args.limit) as NotificationRecord[];
  return rows.map(toNotification);
}

export function unreadCount(db: Database): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM notifications WHERE read_at IS NULL').get() as {
    n: number;
  };
  return row.n;
}

/** Marks one ticket's unread replies read, or every unread reply when no ticket is named. */
export function markNotificationsRead(
  db: Database,
  args: { ticketId?: string | undefined; at: string },
): { tables: string[]; marked: number } {
  const result =
    args.ticketId === undefined
      ? db.prepare('UPDATE notifications SET read_at = ? WHERE read_at IS NULL').run(args.at)
      : db
          .prepare('UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND ticket_id = ?')
          .run(args.at, args.ticketId);
  return { tables: result.changes > 0 ? ['notifications'] : [], marked: result.changes };
}

const read = <A, R>(run: (db: Database, args: A) => R): ReadQuery<A, R> => ({ kind: 'read', run });
const write = <A, R extends { tables: string[] }>(
  run: (db: Database, args: A) => R,
): WriteQuery<A, R> => ({ kind: 'write', run });

/** Spread into the store's registry. */
export const notificationQueries = {
  'notifications.list': read(listNotifications),
  'notifications.unread': read((db: Database, _args: Record<string, never>) => unreadCount(db)),
  'notifications.markRead': write(markNotificationsRead),
};
