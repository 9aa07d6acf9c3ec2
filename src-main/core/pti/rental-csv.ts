import { formatCsv, parseCsv, spreadsheetSafe, type CsvRecord } from '../../../src-shared/csv.js';
import {
  parseRentalId,
  type PtiCsvLine,
  type PtiRental,
} from '../../../src-shared/domain/pti-client.js';
import { ptiErrorCodes, ptiErrorInfo } from '../../../src-shared/pti/error-codes.js';
import { unitNameProblem } from '../../../src-shared/pti/unit-name.js';
import type { PlannedOp } from './operations.js';
import { planAction, type PlanContext } from './plan-actions.js';
import { applyOperation } from './site-view.js';

/**
 * The rental CSV update of storage-management software, for PTI: `id` names a rental (as in
 * our export, `<siteCode>:<unit>`), a value in `customFields.pti_synced` means "push this rental
 * to PTI again", and `customFields.pti_overlocked` (true/false) sets its overlock as it goes.
 */
export const csvColumns = {
  id: 'id',
  synced: 'customFields.pti_synced',
  overlocked: 'customFields.pti_overlocked',
} as const;

export const maxCsvRows = 10_000;

export interface RentalCsv {
  /** Index of each known column in a record; -1 when absent. */
  columns: { id: number; synced: number; overlocked: number };
  width: number;
  ignoredColumns: string[];
  rows: CsvRecord[];
}

/** Reads the file and its header; a problem here concerns the whole file. */
export function readRentalCsv(
  text: string,
): { ok: true; csv: RentalCsv } | { ok: false; message: string } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, message: `Line ${parsed.line}: ${parsed.message}.` };
  const [header, ...rows] = parsed.records;
  if (!header)
    return { ok: false, message: 'The file is empty; it needs a header line and rentals.' };
  const names = header.fields.map((f) => f.trim());
  const find = (name: string) => names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
  const columns = {
    id: find(csvColumns.id),
    synced: find(csvColumns.synced),
    overlocked: find(csvColumns.overlocked),
  };
  if (columns.id < 0 || (columns.synced < 0 && columns.overlocked < 0))
    return {
      ok: false,
      message: `The first line must name the columns, e.g. "${csvColumns.id},${csvColumns.synced}" (optionally also ${csvColumns.overlocked}).`,
    };
  const known = new Set([columns.id, columns.synced, columns.overlocked]);
  for (const name of Object.values(csvColumns)) {
    const first = find(name);
    if (names.findIndex((n, i) => i !== first && n.toLowerCase() === name.toLowerCase()) >= 0)
      return { ok: false, message: `The column ${name} appears twice in the header.` };
  }
  if (rows.length > maxCsvRows)
    return {
      ok: false,
      message: `The file has ${rows.length} rentals; import at most ${maxCsvRows} at a time.`,
    };
  return {
    ok: true,
    csv: {
      columns,
      width: names.length,
      ignoredColumns: names.filter((n, i) => !known.has(i) && n !== ''),
      rows,
    },
  };
}

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A date as the seed writes it: `2023-09-13` or `2023-08-17T19:03:12.008Z`; null when it is not one. */
export function parseSyncedDate(text: string): Date | null {
  const value = text.trim();
  const day = calendarDate.exec(value);
  if (!day || (value.length !== 10 && !dateTime.test(value))) return null;
  const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
  const check = new Date(Date.UTC(year, month - 1, date));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== date
  )
    return null;
  const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function parseBoolean(text: string): boolean | null | 'bad' {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return 'bad';
}

/**
 * Checks every line against the site as the client sees it and plans one resync per good line,
 * each on top of the ones before. Nothing is written here: the caller queues `ops` in one
 * transaction, or shows `lines` as a preview.
 */
export function planCsvImport(
  ctx: PlanContext,
  csv: RentalCsv,
): { lines: PtiCsvLine[]; ops: PlannedOp[] } {
  const lines: PtiCsvLine[] = [];
  const ops: PlannedOp[] = [];
  const seen = new Map<string, number>();
  for (const record of csv.rows) {
    const line = (
      outcome: PtiCsvLine['outcome'],
      problem: string | null,
      rentalId: string | null,
      unit: string | null,
    ) => lines.push({ line: record.line, rentalId, unit, outcome, problem });
    const field = (index: number) => (index < 0 ? '' : (record.fields[index] ?? ''));
    const id = field(csv.columns.id).trim();
    if (record.fields.length !== csv.width) {
      line(
        'error',
        `This line has ${record.fields.length} fields; the header has ${csv.width}.`,
        id || null,
        null,
      );
      continue;
    }
    if (id === '') {
      line('error', 'The rental id is empty.', null, null);
      continue;
    }
    const ref = parseRentalId(id);
    if (!ref) {
      line(
        'error',
        `"${id}" is not a rental id; rental ids look like ${ctx.siteCode}:A101, as in the export.`,
        id,
        null,
      );
      continue;
    }
    if (ref.siteCode !== ctx.siteCode) {
      line(
        'error',
        `Rental ${id} belongs to site ${ref.siteCode}; this import is for site ${ctx.siteCode}.`,
        id,
        ref.unit,
      );
      continue;
    }
    const nameProblem = unitNameProblem(ref.unit);
    if (nameProblem) {
      line('error', `Invalid PTI unit name: ${nameProblem}`, id, ref.unit);
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      line('error', `Rental ${id} is listed twice; it was first on line ${first}.`, id, ref.unit);
      continue;
    }
    seen.set(id, record.line);
    const syncedText = field(csv.columns.synced);
    const pushAsked = syncedText.trim() !== '';
    if (pushAsked && parseSyncedDate(syncedText) === null) {
      line(
        'error',
        `"${syncedText.trim()}" is not a date; write it like 2023-08-17 or 2023-08-17T19:03:12.008Z.`,
        id,
        ref.unit,
      );
      continue;
    }
    const overlocked = parseBoolean(field(csv.columns.overlocked));
    if (overlocked === 'bad') {
      line(
        'error',
        `${csvColumns.overlocked} is true, false or empty; "${field(csv.columns.overlocked).trim()}" is none of them.`,
        id,
        ref.unit,
      );
      continue;
    }
    const unit = ctx.view.units.get(ref.unit);
    if (!unit) {
      line(
        'error',
        ctx.access
          ? `Unit ${ref.unit}: ${ptiErrorInfo(ptiErrorCodes.unknownUnit).message}`
          : `Gatedesk has not reached site ${ctx.siteCode} yet, so it does not know unit ${ref.unit}.`,
        id,
        ref.unit,
      );
      continue;
    }
    if (unit.customerRef === null) {
      line(
        'error',
        `Unit ${ref.unit} has no rental: ${ptiErrorInfo(ptiErrorCodes.unitVacant).message}`,
        id,
        ref.unit,
      );
      continue;
    }
    const lockChange = overlocked !== null && unit.overlocked !== overlocked;
    if (!pushAsked && !lockChange) {
      line('unchanged', null, id, ref.unit);
      continue;
    }
    const plan = planAction(ctx, {
      kind: 'resyncRental',
      unit: ref.unit,
      ...(overlocked !== null ? { overlocked } : {}),
    });
    if (!plan.ok) {
      line('error', plan.message, id, ref.unit);
      continue;
    }
    for (const op of plan.ops) {
      applyOperation(ctx.view, op);
      ops.push(op);
    }
    line('push', null, id, ref.unit);
  }
  return { lines, ops };
}

/** The site's rentals (rented units) as a CSV a person can edit and import again. */
export function exportRentalsCsv(rentals: readonly PtiRental[]): string {
  const header = [
    csvColumns.id,
    'unit',
    'customerRef',
    'customerName',
    csvColumns.synced,
    csvColumns.overlocked,
    'overdue',
    'state',
  ];
  const rows = rentals
    .filter((r) => !r.vacant)
    .map((r) => [
      r.rentalId,
      spreadsheetSafe(r.unit),
      r.customerRef ?? '',
      spreadsheetSafe(r.customerName ?? ''),
      r.ptiSyncedAt ?? '',
      String(r.overlocked),
      String(r.overdue),
      r.state,
    ]);
  return formatCsv([header, ...rows]);
}
