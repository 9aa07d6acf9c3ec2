import type { Database } from 'better-sqlite3';
import type { TicketListQuery } from '../../../../src-shared/domain/ticket.js';
import { type TicketSortColumn, type TicketSummary } from '../../../../src-shared/domain/ticket.js';
import type { z } from 'zod';

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
}

// Sort expressions are a closed list: the column name from the request never reaches SQL text.
const sortExpressions: Record<TicketSortColumn, string> = {
  number: 't.number',
  subject: 't.subject COLLATE NOCASE',
  // lifecycle order, not alphabetical
  status:
    "CASE t.status WHEN 'NEW' THEN 0 WHEN 'OPEN' THEN 1 WHEN 'ANSWERED' THEN 2 WHEN 'SCHEDULED' THEN 3 WHEN 'RESOLVED' THEN 4 ELSE 5 END",
  priority: "CASE t.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END",
  category: 't.category',
  productLine: 't.product_line',
  siteName: 's.name COLLATE NOCASE',
  assigneeName: 'u.name COLLATE NOCASE',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
};

const summaryColumns = `
  t.id, t.number, t.subject, t.status, t.priority, t.category, t.product_line,
  t.site_id, s.name AS site_name, t.assignee_id, u.name AS assignee_name, t.created_at, t.updated_at`;
const summaryFrom = `
  FROM tickets t
  LEFT JOIN sites s ON s.id = t.site_id
  LEFT JOIN users u ON u.id = t.assignee_id`;

function toSummary(r: TicketSummaryRecord): TicketSummary {
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
  };
}

function whereClause(query: ParsedListQuery): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(',')})`);
    params.push(...values);
  };
  inList('t.status', query.status);
  inList('t.priority', query.priority);
  inList('t.category', query.category);
  inList('t.product_line', query.productLine);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function listTickets(
  db: Database,
  query: ParsedListQuery,
): { rows: TicketSummary[]; total: number } {
  const where = whereClause(query);
  const direction = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const order = `${sortExpressions[query.sort.column]} ${direction}, t.id ${direction}`;
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
  return { rows: rows.map(toSummary), total };
}

export function getTicket(db: Database, args: { id: string }): TicketSummary | null {
  const row = db.prepare(`SELECT ${summaryColumns} ${summaryFrom} WHERE t.id = ?`).get(args.id) as
    TicketSummaryRecord | undefined;
  return row ? toSummary(row) : null;
}
