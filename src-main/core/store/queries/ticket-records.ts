import type { Database } from 'better-sqlite3';
import type { LocalTicket } from '../../sync/local-effects.js';
import { refreshTicketSla } from './ticket-sla.js';

/** Column list shared by `tickets` and its server shadow `tickets_server`. */
export const ticketColumns = [
  'id',
  'number',
  'subject',
  'description',
  'status',
  'priority',
  'category',
  'product_line',
  'help_topic',
  'organisation_id',
  'site_id',
  'unit_id',
  'internal_reference',
  'assignee_id',
  'resolved_at',
  'follow_up_of_id',
  'status_history',
  'created_at',
  'updated_at',
  'version',
] as const;

type TicketRecord = Record<(typeof ticketColumns)[number], string | null>;

const params = (t: LocalTicket) => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  description: t.description,
  status: t.status,
  priority: t.priority,
  category: t.category,
  product_line: t.productLine,
  help_topic: t.helpTopic,
  organisation_id: t.organisationId,
  site_id: t.siteId,
  unit_id: t.unitId,
  internal_reference: t.internalReference,
  assignee_id: t.assigneeId,
  resolved_at: t.resolvedAt,
  follow_up_of_id: t.followUpOfId,
  status_history: JSON.stringify(t.statusHistory ?? []),
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  version: t.version,
});

export function fromRecord(r: TicketRecord): LocalTicket {
  return {
    id: r.id!,
    number: r.number,
    subject: r.subject!,
    description: r.description!,
    status: r.status as LocalTicket['status'],
    priority: r.priority as LocalTicket['priority'],
    category: r.category as LocalTicket['category'],
    productLine: r.product_line as LocalTicket['productLine'],
    helpTopic: r.help_topic,
    organisationId: r.organisation_id!,
    siteId: r.site_id,
    unitId: r.unit_id,
    internalReference: r.internal_reference,
    assigneeId: r.assignee_id,
    resolvedAt: r.resolved_at,
    followUpOfId: r.follow_up_of_id,
    statusHistory: JSON.parse(r.status_history ?? '[]') as LocalTicket['statusHistory'],
    createdAt: r.created_at!,
    updatedAt: r.updated_at!,
    version: r.version!,
  };
}

const assignments = ticketColumns
  .filter((c) => c !== 'id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
/** `extra`: columns only `tickets` has, each with the SQL expression of its value. */
const upsertSql = (table: 'tickets' | 'tickets_server', extra: Record<string, string> = {}) => {
  const extraColumns = Object.keys(extra);
  return `INSERT INTO ${table} (${[...ticketColumns, ...extraColumns].join(', ')})
   VALUES (${[...ticketColumns.map((c) => '@' + c), ...Object.values(extra)].join(', ')})
   ON CONFLICT(id) DO UPDATE SET ${[assignments, ...extraColumns.map((c) => `${c} = excluded.${c}`)].join(', ')}`;
};

// The names the list sorts by are copied from sites and users as the ticket is written; later
// renames and arrivals reach the ticket through the triggers of profile migration 13.
const ticketUpsertSql = upsertSql('tickets', {
  pending: '@pending',
  site_name: '(SELECT name FROM sites WHERE id = @site_id)',
  assignee_name: '(SELECT name FROM users WHERE id = @assignee_id)',
});
const shadowUpsertSql = upsertSql('tickets_server');

export function readTicket(
  db: Database,
  table: 'tickets' | 'tickets_server',
  id: string,
): LocalTicket | null {
  const row = db
    .prepare(`SELECT ${ticketColumns.join(', ')} FROM ${table} WHERE id = ?`)
    .get(id) as TicketRecord | undefined;
  return row ? fromRecord(row) : null;
}

export function writeTicket(db: Database, ticket: LocalTicket, pending: boolean): void {
  db.prepare(ticketUpsertSql).run({
    ...params(ticket),
    pending: pending ? 1 : 0,
  });
  // the queue's SLA column follows every write, local or pulled
  refreshTicketSla(db, ticket);
}

export function writeShadow(db: Database, ticket: LocalTicket): void {
  db.prepare(shadowUpsertSql).run(params(ticket));
}
