import type { Database } from 'better-sqlite3';
import type { Change } from '../../../../src-shared/sync-protocol.js';

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
  tickets: `INSERT INTO tickets (id, number, subject, description, status, priority, category, product_line,
      help_topic, organisation_id, site_id, unit_id, internal_reference, assignee_id, resolved_at, follow_up_of_id,
      created_at, updated_at, version)
    VALUES (@id, @number, @subject, @description, @status, @priority, @category, @productLine,
      @helpTopic, @organisationId, @siteId, @unitId, @internalReference, @assigneeId, @resolvedAt, @followUpOfId,
      @createdAt, @updatedAt, @version)
    ON CONFLICT(id) DO UPDATE SET number = excluded.number, subject = excluded.subject,
      description = excluded.description, status = excluded.status, priority = excluded.priority,
      category = excluded.category, product_line = excluded.product_line, help_topic = excluded.help_topic,
      organisation_id = excluded.organisation_id, site_id = excluded.site_id, unit_id = excluded.unit_id,
      internal_reference = excluded.internal_reference, assignee_id = excluded.assignee_id,
      resolved_at = excluded.resolved_at, follow_up_of_id = excluded.follow_up_of_id,
      created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version`,
  sites: `INSERT INTO sites (id, organisation_id, code, name, timezone, version)
    VALUES (@id, @organisationId, @code, @name, @timezone, @version)
    ON CONFLICT(id) DO UPDATE SET organisation_id = excluded.organisation_id, code = excluded.code,
      name = excluded.name, timezone = excluded.timezone, version = excluded.version`,
  users: `INSERT INTO users (id, name, email, role, organisation_id, version)
    VALUES (@id, @name, @email, @role, @organisationId, @version)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
      organisation_id = excluded.organisation_id, version = excluded.version`,
  messages: `INSERT INTO messages (id, ticket_id, kind, author_id, body, quoted_message_id, attachments, created_at, version)
    VALUES (@id, @ticketId, @kind, @authorId, @body, @quotedMessageId, @attachments, @createdAt, @version)
    ON CONFLICT(id) DO UPDATE SET ticket_id = excluded.ticket_id, kind = excluded.kind, author_id = excluded.author_id,
      body = excluded.body, quoted_message_id = excluded.quoted_message_id, attachments = excluded.attachments,
      created_at = excluded.created_at, version = excluded.version`,
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
    if (change.op === 'delete') {
      db.prepare(`DELETE FROM ${change.table} WHERE id = ?`).run(change.id);
    } else {
      const row =
        change.table === 'messages'
          ? { ...change.row, attachments: JSON.stringify(change.row.attachments) }
          : change.row;
      db.prepare(upserts[change.table]).run(row);
    }
    touched.add(change.table);
  }
  db.prepare(
    `INSERT INTO sync_targets (target, cursor, last_pull_at) VALUES (?, ?, ?)
     ON CONFLICT(target) DO UPDATE SET cursor = excluded.cursor, last_pull_at = excluded.last_pull_at`,
  ).run(args.target, args.cursor, args.pulledAt);
  touched.add('sync_targets');
  return { tables: [...touched] };
}
