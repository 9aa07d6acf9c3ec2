import type { Database } from 'better-sqlite3';
import {
  rentalIdOf,
  type PtiAccessSetup,
  type PtiCsvImportResult,
  type PtiRental,
  type PtiRetryEdits,
} from '../../../../src-shared/domain/pti-client.js';
import { maskAccessCode } from '../../../../src-shared/pti/access-code.js';
import type { AccessArea, AccessLevel, Keypad } from '../../../../src-shared/pti/access-level.js';
import { effectiveAccess, type KeypadSite } from '../../../../src-shared/pti/keypad.js';
import type { TimeSchedule } from '../../../../src-shared/pti/schedule.js';
import type { ErrorCode } from '../../../../src-shared/result.js';
import { customerOf, isPtiTarget, siteOfTarget, unitOf, type PtiOp } from '../../pti/operations.js';
import { planAction, type PtiAction } from '../../pti/plan-actions.js';
import { planCsvImport, type RentalCsv } from '../../pti/rental-csv.js';
import { sortUnitNames } from '../../pti/site-view.js';
import {
  attentionFor,
  changeStamp,
  insertOps,
  lastPullAt,
  loadSiteView,
  noteQueued,
  planContext,
  setOverdue,
  siteExists,
} from './pti-view.js';

/** A request the client refused before queueing anything, with the reason in words. */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

const noSite = (siteCode: string): Refusal => ({
  code: 'not_found',
  message: `Site ${siteCode} is not set up for PTI in this profile. Add it in the site’s PTI settings first.`,
});

export const RENTAL_TABLES = ['pti_rentals', 'outbox'];

// ── the rentals view ─────────────────────────────────────────────────────────────────────────

export function listRentals(db: Database, args: { siteCode: string }): PtiRental[] {
  const { siteCode } = args;
  if (!siteExists(db, siteCode)) return [];
  const { view, pending } = loadSiteView(db, siteCode);
  const attention = attentionFor(db, siteCode);
  const levels = db
    .prepare(
      'SELECT number, area_id AS areaId, schedule_id AS scheduleId FROM pti_access_levels WHERE site_code = ?',
    )
    .all(siteCode) as Pick<AccessLevel, 'number' | 'areaId' | 'scheduleId'>[];
  const local = new Map(
    (
      db
        .prepare('SELECT unit, overdue, synced_at FROM pti_rentals WHERE site_code = ?')
        .all(siteCode) as {
        unit: string;
        overdue: number;
        synced_at: string | null;
      }[]
    ).map((r) => [r.unit, r]),
  );
  const newCodes = new Set(
    (
      db.prepare('SELECT customer_ref FROM pti_new_codes WHERE site_code = ?').all(siteCode) as {
        customer_ref: string;
      }[]
    ).map((r) => r.customer_ref),
  );
  // Which queued and refused operations concern which unit and customer, indexed once.
  const index = <T extends Pick<PtiOp, 'name' | 'args'>>(items: readonly T[]) => {
    const byUnit = new Map<string, T[]>();
    const byCustomer = new Map<string, T[]>();
    const add = (map: Map<string, T[]>, key: string, item: T) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const item of items) {
      const unit = unitOf(item);
      if (unit === null) continue;
      add(byUnit, unit, item);
      const customer = customerOf(item);
      if (customer !== null) add(byCustomer, customer, item);
    }
    return (unit: string, customer: string | null): Set<T> =>
      new Set([...(byUnit.get(unit) ?? []), ...((customer && byCustomer.get(customer)) || [])]);
  };
  const queuedFor = index(pending.map((p) => p.op));
  const failedFor = index(attention);
  const siteWide = pending.filter((p) => unitOf(p.op) === null).length;
  const rows: PtiRental[] = [];
  for (const unit of sortUnitNames([...view.units.values()], (u) => u.name)) {
    const customer = unit.customerRef ? (view.customers.get(unit.customerRef) ?? null) : null;
    const queued = siteWide + queuedFor(unit.name, customer?.customerRef ?? null).size;
    const failed = [...failedFor(unit.name, customer?.customerRef ?? null)]
      .sort((a, b) => (a.failedAt < b.failedAt ? -1 : a.failedAt > b.failedAt ? 1 : 0))
      .at(-1);
    const access = customer
      ? effectiveAccess({ defaults: view.defaults, accessLevels: levels }, customer)
      : null;
    const facts = local.get(unit.name);
    rows.push({
      rentalId: rentalIdOf(siteCode, unit.name),
      siteCode,
      unit: unit.name,
      building: unit.building,
      alarmChannel: unit.alarmChannel,
      knownToPti: unit.known,
      vacant: customer === null,
      customerRef: customer?.customerRef ?? null,
      customerName: customer?.customerName ?? null,
      userId: customer?.userId ?? null,
      accessCodeMasked: customer?.accessCode ? maskAccessCode(customer.accessCode) : null,
      codePending: customer !== null && customer.accessCode === null,
      newCode: customer !== null && newCodes.has(customer.customerRef),
      accessLevelOverride: customer?.accessLevel ?? null,
      accessLevel: access?.accessLevel ?? null,
      accessLevelFrom: access?.accessLevelFrom ?? 'none',
      zoneOverride: customer?.zone ?? null,
      schedule: access?.scheduleId ?? null,
      scheduleFrom: access?.scheduleFrom ?? 'none',
      overlocked: unit.overlocked,
      overdue: customer !== null && facts?.overdue === 1,
      ptiSyncedAt: customer !== null ? (facts?.synced_at ?? null) : null,
      state: failed ? 'failed' : queued > 0 ? 'queued' : 'applied',
      queued,
      problem: failed
        ? {
            attentionId: failed.id,
            operation: failed.name,
            code: failed.code,
            message: failed.message,
          }
        : null,
    });
  }
  return rows;
}

// ── operations ───────────────────────────────────────────────────────────────────────────────

export interface ActionOutcome {
  tables: string[];
  refused: Refusal | null;
  operationIds: string[];
}

/** Checks an action against the site as the client sees it and queues its operations, all or nothing. */
export function performAction(
  db: Database,
  args: { siteCode: string; action: PtiAction; at: string },
): ActionOutcome {
  if (!siteExists(db, args.siteCode))
    return { tables: [], refused: noSite(args.siteCode), operationIds: [] };
  // Nothing is written before this read, so the site's view may be kept for the next action.
  const before = changeStamp(db);
  const ctx = planContext(db, args.siteCode, { fresh: true });
  const plan = planAction(ctx, args.action);
  if (!plan.ok)
    return { tables: [], refused: { code: plan.code, message: plan.message }, operationIds: [] };
  const operationIds = insertOps(db, args.siteCode, plan.ops, args.at);
  for (const flag of plan.overdue) setOverdue(db, args.siteCode, flag.unit, flag.overdue);
  // Overdue flags are not part of the view: the appended operations are all that changed it.
  noteQueued(db, args.siteCode, operationIds.length, before);
  return { tables: RENTAL_TABLES, refused: null, operationIds };
}

/**
 * The tenant's access code, for the person who asked to see it. Revealing it also clears the
 * "new code" mark, so a regenerated code is announced once.
 */
export function revealCode(
  db: Database,
  args: { siteCode: string; unit: string },
): {
  tables: string[];
  refused: Refusal | null;
  code: { customerRef: string; customerName: string | null; accessCode: string } | null;
} {
  if (!siteExists(db, args.siteCode))
    return { tables: [], refused: noSite(args.siteCode), code: null };
  const { view } = loadSiteView(db, args.siteCode);
  const unit = view.units.get(args.unit);
  const customer = unit?.customerRef ? view.customers.get(unit.customerRef) : undefined;
  if (!customer)
    return {
      tables: [],
      refused: {
        code: 'conflict',
        message: `Unit ${args.unit} has no tenant, so it has no access code.`,
      },
      code: null,
    };
  if (customer.accessCode === null)
    return {
      tables: [],
      refused: {
        code: 'conflict',
        message: `The code for the tenant of ${args.unit} is not known yet: PTI assigns it when the queued operation applies.`,
      },
      code: null,
    };
  const cleared = db
    .prepare('DELETE FROM pti_new_codes WHERE site_code = ? AND customer_ref = ?')
    .run(args.siteCode, customer.customerRef).changes;
  return {
    tables: cleared ? ['pti_rentals'] : [],
    refused: null,
    code: {
      customerRef: customer.customerRef,
      customerName: customer.customerName,
      accessCode: customer.accessCode,
    },
  };
}

// ── access setup and keypad prediction ───────────────────────────────────────────────────────

export function accessSetup(db: Database, args: { siteCode: string }): PtiAccessSetup | null {
  const { siteCode } = args;
  if (!siteExists(db, siteCode)) return null;
  const site = db.prepare('SELECT time_zone FROM pti_sites WHERE site_code = ?').get(siteCode) as {
    time_zone: string | null;
  };
  const { view } = loadSiteView(db, siteCode);
  return {
    siteCode,
    pulled: lastPullAt(db, siteCode) !== null,
    timeZone: site.time_zone,
    defaults: view.defaults,
    areas: db
      .prepare('SELECT id, name FROM pti_areas WHERE site_code = ? ORDER BY id')
      .all(siteCode) as AccessArea[],
    schedules: (
      db
        .prepare('SELECT id, name, windows FROM pti_schedules WHERE site_code = ? ORDER BY id')
        .all(siteCode) as {
        id: number;
        name: string;
        windows: string;
      }[]
    ).map((s) => ({
      id: s.id,
      name: s.name,
      windows: JSON.parse(s.windows) as TimeSchedule['windows'],
    })),
    accessLevels: db
      .prepare(
        'SELECT number, name, area_id AS areaId, schedule_id AS scheduleId FROM pti_access_levels WHERE site_code = ? ORDER BY number',
      )
      .all(siteCode) as AccessLevel[],
    keypads: db
      .prepare(
        'SELECT id, name, area_id AS areaId FROM pti_keypads WHERE site_code = ? ORDER BY id',
      )
      .all(siteCode) as Keypad[],
  };
}

/**
 * The site in the shape the shared keypad rules read, from the client's view; users are keyed by
 * customer reference, so a tenant whose move-in is still queued is judged too.
 */
export function keypadView(
  db: Database,
  args: { siteCode: string; unit: string; keypadId: number },
): {
  site: KeypadSite;
  keypadAreaId: number | null;
  code: string | null;
  tenant: boolean;
  pending: boolean;
} | null {
  const setup = accessSetup(db, args);
  if (!setup || setup.timeZone === null) return null;
  const { view, pending } = loadSiteView(db, args.siteCode);
  const unit = view.units.get(args.unit);
  const customer = unit?.customerRef ? view.customers.get(unit.customerRef) : undefined;
  return {
    site: {
      timeZone: setup.timeZone,
      defaults: view.defaults,
      accessLevels: setup.accessLevels,
      schedules: setup.schedules,
      users: [...view.customers.values()]
        .filter((c) => c.accessCode !== null)
        .map((c) => ({
          userId: c.customerRef,
          accessCode: c.accessCode!,
          accessLevel: c.accessLevel,
          zone: c.zone,
        })),
      units: [...view.units.values()].map((u) => ({
        userId: u.customerRef,
        overlocked: u.overlocked,
      })),
    },
    keypadAreaId: setup.keypads.find((k) => k.id === args.keypadId)?.areaId ?? null,
    code: customer?.accessCode ?? null,
    tenant: customer !== undefined,
    pending: pending.length > 0,
  };
}

// ── rental CSV update ────────────────────────────────────────────────────────────────────────

export function previewCsv(
  db: Database,
  args: { siteCode: string; csv: RentalCsv },
): PtiCsvImportResult | Refusal {
  if (!siteExists(db, args.siteCode)) return noSite(args.siteCode);
  const { lines } = planCsvImport(planContext(db, args.siteCode), args.csv);
  return summarise(lines, args.csv, true, []);
}

/** Queues every good line in this one transaction; bad lines change nothing. */
export function importCsv(
  db: Database,
  args: { siteCode: string; csv: RentalCsv; at: string },
): { tables: string[]; result: PtiCsvImportResult | null; refused: Refusal | null } {
  if (!siteExists(db, args.siteCode))
    return { tables: [], result: null, refused: noSite(args.siteCode) };
  const { lines, ops } = planCsvImport(planContext(db, args.siteCode), args.csv);
  const ids = insertOps(db, args.siteCode, ops, args.at);
  return {
    tables: ids.length ? RENTAL_TABLES : [],
    result: summarise(lines, args.csv, false, ids),
    refused: null,
  };
}

function summarise(
  lines: PtiCsvImportResult['lines'],
  csv: RentalCsv,
  dryRun: boolean,
  operationIds: string[],
): PtiCsvImportResult {
  return {
    dryRun,
    lines,
    pushed: lines.filter((l) => l.outcome === 'push').length,
    errors: lines.filter((l) => l.outcome === 'error').length,
    ignoredColumns: csv.ignoredColumns,
    operationIds,
  };
}

// ── needs attention ──────────────────────────────────────────────────────────────────────────

interface AttentionRow {
  id: string;
  target: string;
  name: PtiOp['name'];
  args: string;
}

/** The action that sends a refused operation again, with the person's edits. */
function retryAction(
  item: { name: PtiOp['name']; args: PtiOp['args'] },
  request: Record<string, unknown>,
  edits: PtiRetryEdits,
): PtiAction {
  const a = item.args as { unit?: string; customerRef?: string; customerName?: string | null };
  const unit = edits.unit ?? a.unit ?? '';
  switch (item.name) {
    case 'pti.moveIn': {
      const rent = request as {
        accessCode?: string;
        accessLevel?: number | null;
        zone?: number | null;
      };
      const action: PtiAction = { kind: 'moveIn', units: [unit], customerRef: a.customerRef ?? '' };
      const name = edits.customerName ?? a.customerName;
      if (name) action.customerName = name;
      const code = edits.accessCode ?? rent.accessCode;
      if (code !== undefined) action.accessCode = code;
      const level = edits.accessLevel !== undefined ? edits.accessLevel : rent.accessLevel;
      if (level !== undefined) action.accessLevel = level;
      const zone = edits.zone !== undefined ? edits.zone : rent.zone;
      if (zone !== undefined) action.zone = zone;
      return action;
    }
    case 'pti.moveOut':
      return { kind: 'moveOut', unit };
    case 'pti.lock':
      return {
        kind: 'overlock',
        unit,
        reason: (item.args as { reason: 'manual' | 'overdue' }).reason,
      };
    case 'pti.unlock':
      return {
        kind: 'unlock',
        unit,
        reason: (item.args as { reason: 'manual' | 'payment' }).reason,
      };
    case 'pti.regenerateCode': {
      const code = edits.accessCode ?? (request as { accessCode?: string }).accessCode;
      return code === undefined
        ? { kind: 'regenerateCode', unit }
        : { kind: 'regenerateCode', unit, accessCode: code };
    }
    case 'pti.setAccessLevel':
      return {
        kind: 'setAccessLevel',
        unit,
        accessLevel:
          edits.accessLevel !== undefined
            ? edits.accessLevel
            : (request as { accessLevel: number | null }).accessLevel,
      };
    case 'pti.setZone':
      return {
        kind: 'setZone',
        unit,
        zone: edits.zone !== undefined ? edits.zone : (request as { zone: number | null }).zone,
      };
    case 'pti.resyncRental':
      return { kind: 'resyncRental', unit };
    case 'pti.resyncSite':
      return { kind: 'resyncSite' };
    case 'pti.setDefaults': {
      const d = request as { accessLevel: number | null; zone: number | null };
      return {
        kind: 'setDefaults',
        defaults: {
          accessLevel: edits.accessLevel !== undefined ? edits.accessLevel : d.accessLevel,
          zone: edits.zone !== undefined ? edits.zone : d.zone,
        },
      };
    }
  }
}

/**
 * Settles a refused PTI operation. A retry is planned again on the site as it is now (resyncs
 * are rebuilt from the current view) and queued under a new id, because the gateway keeps its
 * refusal under the old one; the item goes in the same transaction. Discard drops it.
 */
export function resolveAttention(
  db: Database,
  args: { id: string; action: 'retry' | 'discard'; edits: PtiRetryEdits; at: string },
): ActionOutcome & { siteCode: string | null } {
  const row = db
    .prepare('SELECT id, target, name, args FROM needs_attention WHERE id = ?')
    .get(args.id) as AttentionRow | undefined;
  if (!row || !isPtiTarget(row.target))
    return {
      tables: [],
      refused: { code: 'not_found', message: 'That PTI operation was already dealt with.' },
      operationIds: [],
      siteCode: null,
    };
  const siteCode = siteOfTarget(row.target);
  const requestRow = db.prepare('SELECT body FROM pti_op_requests WHERE id = ?').get(row.id) as
    { body: string } | undefined;
  let operationIds: string[] = [];
  if (args.action === 'retry') {
    if (!siteExists(db, siteCode))
      return { tables: [], refused: noSite(siteCode), operationIds: [], siteCode };
    const action = retryAction(
      { name: row.name, args: JSON.parse(row.args) as PtiOp['args'] },
      requestRow ? (JSON.parse(requestRow.body) as Record<string, unknown>) : {},
      args.edits,
    );
    const outcome = performAction(db, { siteCode, action, at: args.at });
    if (outcome.refused) return { ...outcome, siteCode };
    operationIds = outcome.operationIds;
  }
  db.prepare('DELETE FROM needs_attention WHERE id = ?').run(row.id);
  db.prepare('DELETE FROM pti_op_requests WHERE id = ?').run(row.id);
  return { tables: ['needs_attention', ...RENTAL_TABLES], refused: null, operationIds, siteCode };
}
