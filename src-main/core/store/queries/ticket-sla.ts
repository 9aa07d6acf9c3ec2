import type { Database, Statement } from 'better-sqlite3';
import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
} from '../../../../src-shared/calendar/index.js';
import type {
  SlaBadge,
  SlaBadgeState,
  TicketStatus,
} from '../../../../src-shared/domain/ticket.js';
import type { Priority } from '../../../../src-shared/domain/ticket.js';
import type {
  BusinessCalendarRow,
  OrganisationRow,
  SupportTier,
} from '../../../../src-shared/sync-protocol.js';
import {
  completeStatusHistory,
  DEFAULT_SLA_POLICY,
  projectTicketSla,
  SlaPolicy,
  slaSummaryAt,
  tierAt,
  type SlaProjection,
} from '../../../../src-shared/sla/index.js';

/**
 * The queue's SLA column in the local store. Each ticket keeps its SLA projection
 * (src-shared/sla/projection.ts) and three plain columns derived from it, written whenever the
 * ticket is written and again when its organisation's tier or the business calendar changes.
 * A queue then filters by SLA state in SQL at any instant, and shows "2h 15m left" for the rows
 * of the page it returns, computed at read time, so the column ticks while offline.
 *
 *   sla_state      'running', or the state that no longer changes: none, met, breached, paused
 *   sla_due_at     running: breached once the time is past it (epoch ms)
 *   sla_at_risk_at running: at risk from then on
 */

// Tickets are written by the thousand during a pull: their SLA statements are prepared once.
const statements = new WeakMap<Database, Map<string, Statement>>();
function prepared(db: Database, sql: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}

// Compiled calendars are cached per calendar object (calendar/working-time.ts), so each stored
// calendar is parsed once and the same object is handed out while it stays unchanged.
const calendars = new WeakMap<Database, { raw: string; calendar: BusinessCalendar }>();

/** Support's business calendar as last synced; PTI's default until one has arrived. */
export function storedCalendar(db: Database): BusinessCalendar {
  const row = prepared(db, "SELECT calendar FROM business_calendars WHERE id = 'default'").get() as
    { calendar: string } | undefined;
  if (!row) return DEFAULT_BUSINESS_CALENDAR;
  const cached = calendars.get(db);
  if (cached?.raw === row.calendar) return cached.calendar;
  const parsed = BusinessCalendar.safeParse(JSON.parse(row.calendar));
  const calendar = parsed.success ? parsed.data : DEFAULT_BUSINESS_CALENDAR;
  calendars.set(db, { raw: row.calendar, calendar });
  return calendar;
}

const policies = new WeakMap<Database, { raw: string | null; policy: SlaPolicy }>();

/** The SLA policy an admin set, as last synced with the calendar; the default until then. */
export function storedSlaPolicy(db: Database): SlaPolicy {
  const row = prepared(
    db,
    "SELECT sla_policy FROM business_calendars WHERE id = 'default'",
  ).get() as { sla_policy: string | null } | undefined;
  const raw = row?.sla_policy ?? null;
  const cached = policies.get(db);
  if (cached && cached.raw === raw) return cached.policy;
  const parsed = raw === null ? null : SlaPolicy.safeParse(JSON.parse(raw));
  const policy = parsed?.success ? parsed.data : DEFAULT_SLA_POLICY;
  policies.set(db, { raw, policy });
  return policy;
}

export interface StoredTier {
  tier: SupportTier;
  expiresAt: Date | null;
}

/** The organisation's tier as set (free until its row has synced). */
export function storedTier(db: Database, organisationId: string): StoredTier {
  const row = prepared(
    db,
    'SELECT support_tier, tier_expires_at FROM organisations WHERE id = ?',
  ).get(organisationId) as
    { support_tier: SupportTier; tier_expires_at: string | null } | undefined;
  return {
    tier: row?.support_tier ?? 'free',
    expiresAt: row?.tier_expires_at ? new Date(row.tier_expires_at) : null,
  };
}

/** The tier in force at `now`, or null when the organisation has not synced yet. */
export function tierInForce(db: Database, organisationId: string, now: Date): SupportTier | null {
  const row = db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(organisationId);
  if (!row) return null;
  const { tier, expiresAt } = storedTier(db, organisationId);
  return tierAt(tier, expiresAt, now);
}

interface SlaSource {
  id: string;
  status: TicketStatus;
  priority: Priority;
  organisationId: string;
  createdAt: string;
  updatedAt: string;
  statusHistory: readonly { status: TicketStatus; at: string }[];
}

function projectionOf(db: Database, ticket: SlaSource): SlaProjection {
  const { tier, expiresAt } = storedTier(db, ticket.organisationId);
  return projectTicketSla({
    priority: ticket.priority,
    tier,
    tierExpiresAt: expiresAt,
    calendar: storedCalendar(db),
    history: completeStatusHistory(ticket),
    policy: storedSlaPolicy(db),
  });
}

function columnsOf(projection: SlaProjection) {
  switch (projection.kind) {
    case 'fixed':
      return { state: projection.state, due: null, atRisk: null };
    case 'paused':
      // a target that ran out exactly as the clock paused is breached from then on
      return projection.breachedAfter === null
        ? { state: 'paused', due: null, atRisk: null }
        : { state: 'running', due: projection.breachedAfter, atRisk: projection.breachedAfter };
    case 'running':
      return { state: 'running', due: projection.dueAt, atRisk: projection.atRiskAt };
  }
}

export function refreshTicketSla(db: Database, ticket: SlaSource): void {
  const projection = projectionOf(db, ticket);
  const columns = columnsOf(projection);
  prepared(
    db,
    'UPDATE tickets SET sla = ?, sla_state = ?, sla_due_at = ?, sla_at_risk_at = ? WHERE id = ?',
  ).run(JSON.stringify(projection), columns.state, columns.due, columns.atRisk, ticket.id);
}

/**
 * Recomputes the SLA of many tickets: one organisation's (its tier changed), every one (the
 * calendar changed), or those never computed (after an upgrade). Returns how many.
 */
export function refreshSla(
  db: Database,
  which: { organisationId: string } | 'all' | 'missing',
): number {
  const where =
    which === 'all'
      ? ''
      : which === 'missing'
        ? 'WHERE sla_state IS NULL'
        : 'WHERE organisation_id = ?';
  const rows = db
    .prepare(
      `SELECT id, status, priority, organisation_id, created_at, updated_at, status_history
       FROM tickets ${where}`,
    )
    .all(...(typeof which === 'object' ? [which.organisationId] : [])) as {
    id: string;
    status: TicketStatus;
    priority: Priority;
    organisation_id: string;
    created_at: string;
    updated_at: string;
    status_history: string;
  }[];
  for (const r of rows)
    refreshTicketSla(db, {
      id: r.id,
      status: r.status,
      priority: r.priority,
      organisationId: r.organisation_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      statusHistory: JSON.parse(r.status_history) as SlaSource['statusHistory'],
    });
  return rows.length;
}

/** The SLA column of one row at `now`, from its stored projection. */
export function slaBadgeOf(
  stored: string | null,
  calendar: BusinessCalendar,
  now: Date,
): SlaBadge | undefined {
  if (!stored) return undefined;
  const summary = slaSummaryAt(JSON.parse(stored) as SlaProjection, calendar, now);
  return {
    state: summary.state,
    text: summary.text,
    dueAt: summary.dueAt ? summary.dueAt.toISOString() : null,
  };
}

/** A WHERE condition matching tickets whose SLA column shows one of `states` at `now`. */
export function slaStateCondition(
  states: readonly SlaBadgeState[],
  now: number,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const state of new Set(states)) {
    switch (state) {
      case 'breached':
        parts.push("(t.sla_state = 'breached' OR (t.sla_state = 'running' AND t.sla_due_at < ?))");
        params.push(now);
        break;
      case 'at_risk':
        parts.push("(t.sla_state = 'running' AND t.sla_at_risk_at <= ? AND t.sla_due_at >= ?)");
        params.push(now, now);
        break;
      case 'ok':
        parts.push("(t.sla_state = 'running' AND t.sla_at_risk_at > ? AND t.sla_due_at >= ?)");
        params.push(now, now);
        break;
      default:
        parts.push('t.sla_state = ?');
        params.push(state);
    }
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', params };
}

/** A pulled organisation; its tickets' SLA is recomputed when its tier changed. */
export function applyServerOrganisation(db: Database, row: OrganisationRow): boolean {
  const before = db
    .prepare('SELECT support_tier, tier_expires_at FROM organisations WHERE id = ?')
    .get(row.id) as { support_tier: string; tier_expires_at: string | null } | undefined;
  db.prepare(
    `INSERT INTO organisations (id, name, support_tier, tier_expires_at, version)
     VALUES (@id, @name, @supportTier, @tierExpiresAt, @version)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, support_tier = excluded.support_tier,
       tier_expires_at = excluded.tier_expires_at, version = excluded.version`,
  ).run(row);
  const same =
    before?.support_tier === row.supportTier && before.tier_expires_at === row.tierExpiresAt;
  // before the row arrived, its tickets were computed as free support
  if (same || (!before && row.supportTier === 'free')) return false;
  return refreshSla(db, { organisationId: row.id }) > 0;
}

/** The pulled business calendar and SLA policy; every ticket's SLA is recomputed when either changed. */
export function applyServerCalendar(db: Database, row: BusinessCalendarRow): boolean {
  const { id, version, slaPolicy, ...fields } = row;
  const calendar = JSON.stringify(fields);
  const before = JSON.stringify([storedCalendar(db), storedSlaPolicy(db)]);
  db.prepare(
    `INSERT INTO business_calendars (id, calendar, sla_policy, version) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET calendar = excluded.calendar, sla_policy = excluded.sla_policy,
       version = excluded.version`,
  ).run(id, calendar, slaPolicy ? JSON.stringify(slaPolicy) : null, version);
  if (id !== 'default' || JSON.stringify([storedCalendar(db), storedSlaPolicy(db)]) === before)
    return false;
  return refreshSla(db, 'all') > 0;
}

export interface SlaDueSoon {
  id: string;
  number: string | null;
  subject: string;
  dueAt: number;
  clock: 'first_response' | 'resolution';
}

/** Tickets assigned to someone whose counting SLA clock falls due in (now, now + withinMs]. */
export function slaDueSoon(
  db: Database,
  args: { assigneeId: string; now: number; withinMs: number },
): SlaDueSoon[] {
  const rows = db
    .prepare(
      `SELECT id, number, subject, sla_due_at, sla FROM tickets
       WHERE assignee_id = ? AND sla_state = 'running' AND sla_due_at > ? AND sla_due_at <= ?
       ORDER BY sla_due_at LIMIT 100`,
    )
    .all(args.assigneeId, args.now, args.now + args.withinMs) as {
    id: string;
    number: string | null;
    subject: string;
    sla_due_at: number;
    sla: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    subject: r.subject,
    dueAt: r.sla_due_at,
    clock: (JSON.parse(r.sla) as { clock: SlaDueSoon['clock'] }).clock,
  }));
}
