import type { Database } from 'better-sqlite3';
import type { TicketListQuery } from '../../../../src-shared/domain/ticket.js';
import { type TicketSortColumn, type TicketSummary } from '../../../../src-shared/domain/ticket.js';
import type {
  SearchHit,
  TicketDetail,
  TimelineEntry,
} from '../../../../src-shared/domain/timeline.js';
import type { z } from 'zod';
import type { BusinessCalendar } from '../../../../src-shared/calendar/index.js';
import { openCallbackOfTicket } from './callbacks.js';
import { openQueueCondition } from './open-queue.js';
import { slaBadgeOf, slaStateCondition, storedCalendar, tierInForce } from './ticket-sla.js';

type ParsedListQuery = z.output<typeof TicketListQuery>;

interface TicketSummaryRecord {
  id: string;
  number: string | null;
  subject: string;
  status: TicketSummary['status'];
  priority: TicketSummary['priority'];
  category: TicketSummary['category'];
  product_line: TicketSummary['productLine'];
  site_id: string | null;
  site_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: string;
  updated_at: string;
  pending: number;
  sla: string | null;
}

// Sort expressions are a closed list: the column name from the request never reaches SQL text.
// Each names exactly what one index of profile migration 13 holds (expression and collation),
// so a first page is read off that index in order, with `t.id` breaking ties, and nothing is
// sorted; changing one means changing its index too.
const sortExpressions: Record<TicketSortColumn, string> = {
  number: 't.number',
  subject: 't.subject COLLATE NOCASE',
  // lifecycle order, not alphabetical
  status: 't.status_rank',
  priority: 't.priority_rank',
  category: 't.category',
  productLine: 't.product_line',
  // copies of the site's and assignee's names, NULL (first when ascending) without one
  siteName: 't.site_name COLLATE NOCASE',
  assigneeName: 't.assignee_name COLLATE NOCASE',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  // clocks still counting by due time; paused, met and no-SLA tickets after them either way
  slaDueAt: 't.sla_due_at',
};
/** Columns whose empty values come last in both directions: reversing shows latest due first. */
const emptyLast: ReadonlySet<TicketSortColumn> = new Set(['slaDueAt']);

const summaryColumns = `
  t.id, t.number, t.subject, t.status, t.priority, t.category, t.product_line,
  t.site_id, s.name AS site_name, t.assignee_id, u.name AS assignee_name, t.created_at, t.updated_at,
  t.pending, t.sla`;
const summaryFrom = `
  FROM tickets t
  LEFT JOIN sites s ON s.id = t.site_id
  LEFT JOIN users u ON u.id = t.assignee_id`;

/** What a row needs to show its SLA column: the calendar in force and the time to show it at. */
interface SlaContext {
  calendar: BusinessCalendar;
  now: Date;
}
const slaContext = (db: Database, now?: string): SlaContext => ({
  calendar: storedCalendar(db),
  now: now ? new Date(now) : new Date(),
});

function toSummary(r: TicketSummaryRecord, sla: SlaContext): TicketSummary {
  const badge = slaBadgeOf(r.sla, sla.calendar, sla.now);
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    category: r.category,
    productLine: r.product_line,
    siteId: r.site_id,
    siteName: r.site_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    pending: r.pending === 1,
    ...(badge ? { sla: badge } : {}),
  };
}

/** The signed-in user's id, as the last sign-in stored it; null when nobody is signed in. */
function sessionUserId(db: Database): string | null {
  const raw = (
    db.prepare("SELECT value FROM sync_meta WHERE key = 'session_user'").get() as
      { value: string } | undefined
  )?.value;
  return raw ? ((JSON.parse(raw) as { id?: string }).id ?? null) : null;
}

function whereClause(
  query: ParsedListQuery,
  now: Date,
  me: () => string | null,
): { sql: string; params: unknown[] } {
  // 'me' with nobody signed in matches no one (an id no row has), rather than everyone.
  const person = (id: string) => (id === 'me' ? (me() ?? '\u0000nobody') : id);
  const parts: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(',')})`);
    params.push(...values);
  };
  inList('t.status', query.status);
  const open = openQueueCondition(query);
  if (open) parts.push(open);
  inList('t.priority', query.priority);
  inList('t.category', query.category);
  inList('t.product_line', query.productLine);
  if (query.slaStates && query.slaStates.length > 0) {
    const sla = slaStateCondition(query.slaStates, now.getTime());
    parts.push(sla.sql);
    params.push(...sla.params);
  }
  if (query.assigneeId === null) parts.push('t.assignee_id IS NULL');
  else if (query.assigneeId !== undefined) {
    parts.push('t.assignee_id = ?');
    params.push(person(query.assigneeId));
  }
  if (query.siteId !== undefined) {
    parts.push('t.site_id = ?');
    params.push(query.siteId);
  }
  if (query.unitId !== undefined) {
    parts.push('t.unit_id = ?');
    params.push(query.unitId);
  }
  // Stored instants are toISOString() text, so ranges compare as strings once normalised.
  const range = (column: string, r: { from?: string; to?: string } | undefined) => {
    if (r?.from) {
      parts.push(`${column} >= ?`);
      params.push(new Date(r.from).toISOString());
    }
    if (r?.to) {
      parts.push(`${column} < ?`);
      params.push(new Date(r.to).toISOString());
    }
  };
  range('t.created_at', query.created);
  range('t.updated_at', query.updated);
  const callbacks = query.callbackBetween;
  if (callbacks) {
    // Booked calls as the server has them: a booking queued offline counts once it is confirmed.
    const technician = callbacks.technicianId ? 'AND c.technician_id = ?' : '';
    // IN, not a correlated EXISTS: the day's few calls are found first and lead to their
    // tickets, instead of checking every ticket for a call
    parts.push(
      `t.id IN (SELECT c.ticket_id FROM callbacks c WHERE c.status = 'booked'
         AND c.starts_at >= ? AND c.starts_at < ? ${technician})`,
    );
    params.push(new Date(callbacks.from).toISOString(), new Date(callbacks.to).toISOString());
    if (callbacks.technicianId) params.push(person(callbacks.technicianId));
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function listTickets(
  db: Database,
  query: ParsedListQuery & { now?: string },
): { rows: TicketSummary[]; total: number } {
  const sla = slaContext(db, query.now);
  const where = whereClause(query, sla.now, () => sessionUserId(db));
  const direction = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const nulls = emptyLast.has(query.sort.column) ? ' NULLS LAST' : '';
  const order = `${sortExpressions[query.sort.column]} ${direction}${nulls}, t.id ${direction}`;
  const rows = db
    .prepare(
      `SELECT ${summaryColumns} ${summaryFrom} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...where.params, query.limit, query.offset) as TicketSummaryRecord[];
  const { total } = db
    .prepare(`SELECT COUNT(*) AS total FROM tickets t ${where.sql}`)
    .get(...where.params) as {
    total: number;
  };
  // the SLA column is computed for the returned page only
  return { rows: rows.map((r) => toSummary(r, sla)), total };
}

interface TicketDetailRecord extends TicketSummaryRecord {
  description: string;
  help_topic: string | null;
  internal_reference: string | null;
  organisation_id: string;
  unit_id: string | null;
  resolved_at: string | null;
  follow_up_of_id: string | null;
}

export function getTicket(db: Database, args: { id: string; now?: string }): TicketDetail | null {
  const row = db
    .prepare(
      `SELECT ${summaryColumns}, t.description, t.help_topic, t.internal_reference, t.organisation_id,
         t.unit_id, t.resolved_at, t.follow_up_of_id ${summaryFrom} WHERE t.id = ?`,
    )
    .get(args.id) as TicketDetailRecord | undefined;
  if (!row) return null;
  const sla = slaContext(db, args.now);
  return {
    ...toSummary(row, sla),
    description: row.description,
    helpTopic: row.help_topic,
    internalReference: row.internal_reference,
    organisationId: row.organisation_id,
    unitId: row.unit_id,
    resolvedAt: row.resolved_at,
    followUpOfId: row.follow_up_of_id,
    supportTier: tierInForce(db, row.organisation_id, sla.now),
    callback: openCallbackOfTicket(db, row.id),
  };
}

interface MessageRecord {
  id: string;
  ticket_id: string;
  kind: TimelineEntry['kind'];
  author_id: string | null;
  author_name: string | null;
  body: string;
  quoted_message_id: string | null;
  attachments: string;
  created_at: string;
  pending: number;
}

/** The ticket's timeline, oldest first; internal notes only when the viewer is staff. */
export function getTimeline(
  db: Database,
  args: { ticketId: string; includeInternal: boolean },
): TimelineEntry[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.ticket_id, m.kind, m.author_id, u.name AS author_name, m.body, m.quoted_message_id,
         m.attachments, m.created_at, m.pending
       FROM messages m LEFT JOIN users u ON u.id = m.author_id
       WHERE m.ticket_id = ? ${args.includeInternal ? '' : "AND m.kind <> 'internal'"}
       ORDER BY m.created_at, m.id`,
    )
    .all(args.ticketId) as MessageRecord[];
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    quotedMessageId: r.quoted_message_id,
    attachments: JSON.parse(r.attachments) as TimelineEntry['attachments'],
    createdAt: r.created_at,
    pending: r.pending === 1,
  }));
}

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error: each word becomes
 * a quoted prefix term, all of which must match.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * Finds tickets by number, then subject and description, then message text; within each, the
 * newest matches first. Not ranked: ranking makes FTS5 score every match before it returns the
 * first few, which for a common word (one message in six) is most of the index (a tenth of a
 * second and more), while the newest matches come straight off the index in rowid order and are
 * usually what a person is looking for.
 */
export function searchTickets(
  db: Database,
  args: { query: string; limit: number; now?: string },
): SearchHit[] {
  const sla = slaContext(db, args.now);
  const trimmed = args.query.trim();
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const byNumber = /^(HW|SW)?\d{1,8}$/i.test(trimmed)
    ? (db
        .prepare(
          `SELECT ${summaryColumns} ${summaryFrom} WHERE t.number LIKE ? ORDER BY t.number LIMIT ?`,
        )
        .all(`%${trimmed.toUpperCase()}`, args.limit) as TicketSummaryRecord[])
    : [];
  for (const r of byNumber) {
    seen.add(r.id);
    hits.push({ ticket: toSummary(r, sla), snippet: r.subject, messageId: null });
  }
  const match = ftsQuery(trimmed);
  if (!match) return hits;
  const inTickets = db
    .prepare(
      `SELECT ${summaryColumns}, snippet(tickets_fts, -1, '⟦', '⟧', '…', 12) AS snippet
       FROM tickets_fts JOIN tickets t ON t.rowid = tickets_fts.rowid
       LEFT JOIN sites s ON s.id = t.site_id LEFT JOIN users u ON u.id = t.assignee_id
       WHERE tickets_fts MATCH ? ORDER BY tickets_fts.rowid DESC LIMIT ?`,
    )
    .all(match, args.limit) as (TicketSummaryRecord & { snippet: string })[];
  for (const r of inTickets) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    hits.push({ ticket: toSummary(r, sla), snippet: r.snippet, messageId: null });
  }
  const inMessages = db
    .prepare(
      `SELECT ${summaryColumns}, m.id AS message_id, snippet(messages_fts, 0, '⟦', '⟧', '…', 12) AS snippet
       FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
       JOIN tickets t ON t.id = m.ticket_id
       LEFT JOIN sites s ON s.id = t.site_id LEFT JOIN users u ON u.id = t.assignee_id
       WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?`,
    )
    .all(match, args.limit * 2) as (TicketSummaryRecord & {
    snippet: string;
    message_id: string;
  })[];
  for (const r of inMessages) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    hits.push({ ticket: toSummary(r, sla), snippet: r.snippet, messageId: r.message_id });
  }
  return hits.slice(0, args.limit);
}
