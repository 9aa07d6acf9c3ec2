import type { UnitListItem, UnitMappingField } from '../../../../src-shared/domain/units';
import { ptiNumberProblem } from '../../../../src-shared/pti/access-level';
import { unitNameProblem } from '../../../../src-shared/pti/unit-name';

/**
 * The mapping grid's local draft: what the person typed, per unit and column, before it is
 * queued. Everything here is pure so the grid, the diff view and the tests share one rule set;
 * the PTI rules themselves come from src-shared/pti.
 */

export const mappingColumns: readonly { field: UnitMappingField; title: string }[] = [
  { field: 'ptiUnitName', title: 'PTI unit name' },
  { field: 'building', title: 'Building' },
  { field: 'accessArea', title: 'Access area' },
  { field: 'doorAlarmChannel', title: 'Door alarm channel' },
];

export type MappingValue = string | number | null;

/** unitId → field → the text typed in the cell. */
export type Draft = Readonly<Record<string, Readonly<Partial<Record<UnitMappingField, string>>>>>;

export type UnitMapping = Pick<UnitListItem, 'id' | 'label' | UnitMappingField>;

/** The cell's text as the grid shows it when nothing is typed there. */
export function cellText(value: MappingValue): string {
  return value === null ? '' : String(value);
}

const buildingMax = 60;

/** The value a cell's text stands for, or the problem to show under it. */
export function parseCell(
  field: UnitMappingField,
  text: string,
): { value: MappingValue } | { problem: string } {
  const trimmed = text.trim();
  if (field === 'ptiUnitName') {
    // Empty unmaps the unit; anything else must be a name PTI accepts, exactly as typed.
    if (text === '') return { value: null };
    const problem = unitNameProblem(text);
    return problem ? { problem } : { value: text };
  }
  if (field === 'building') {
    if (trimmed.length > buildingMax)
      return { problem: `Building names are at most ${buildingMax} characters.` };
    return { value: trimmed === '' ? null : trimmed };
  }
  if (trimmed === '') return { value: null };
  const what = field === 'accessArea' ? 'Access area' : 'Door alarm channel';
  const number = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isNaN(number))
    return { problem: `${what} numbers are whole numbers from 1 to 255; "${trimmed}" is not one.` };
  const problem = ptiNumberProblem(number, what);
  return problem ? { problem } : { value: number };
}

/** The unit's value for a field once the draft is applied (the stored value where it fails). */
export function effectiveValue(unit: UnitMapping, draft: Draft, field: UnitMappingField) {
  const text = draft[unit.id]?.[field];
  if (text === undefined) return unit[field];
  const parsed = parseCell(field, text);
  return 'value' in parsed ? parsed.value : unit[field];
}

export interface CellProblem {
  unitId: string;
  field: UnitMappingField;
  message: string;
}

/**
 * Every problem of the draft: a cell PTI would refuse, and a PTI name that two units of the
 * site would share (PTI knows each name once per site).
 */
export function draftProblems(units: readonly UnitMapping[], draft: Draft): CellProblem[] {
  const problems: CellProblem[] = [];
  for (const [unitId, cells] of Object.entries(draft)) {
    for (const [field, text] of Object.entries(cells) as [UnitMappingField, string][]) {
      const parsed = parseCell(field, text);
      if ('problem' in parsed) problems.push({ unitId, field, message: parsed.problem });
    }
  }
  const owners = new Map<string, UnitMapping[]>();
  for (const unit of units) {
    const name = effectiveValue(unit, draft, 'ptiUnitName');
    if (typeof name !== 'string') continue;
    const key = name.toLowerCase();
    owners.set(key, [...(owners.get(key) ?? []), unit]);
  }
  for (const shared of owners.values()) {
    if (shared.length < 2) continue;
    for (const unit of shared) {
      // Only the cells being edited are wrong; a stored clash is the server's to report.
      if (draft[unit.id]?.ptiUnitName === undefined) continue;
      const others = shared.filter((other) => other.id !== unit.id).map((other) => other.label);
      problems.push({
        unitId: unit.id,
        field: 'ptiUnitName',
        message: `PTI unit name "${String(effectiveValue(unit, draft, 'ptiUnitName'))}" is already used by ${others.join(', ')} in this site; each PTI name is used once per site.`,
      });
    }
  }
  return problems;
}

/** Sets cells, dropping any that now equal the stored value (nothing left to push). */
export function setCells(
  units: readonly UnitMapping[],
  draft: Draft,
  cells: readonly { unitId: string; field: UnitMappingField; text: string }[],
): Draft {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const next: Record<string, Partial<Record<UnitMappingField, string>>> = {};
  for (const [id, row] of Object.entries(draft)) next[id] = { ...row };
  for (const { unitId, field, text } of cells) {
    const unit = byId.get(unitId);
    if (!unit) continue;
    const row = (next[unitId] ??= {});
    const parsed = parseCell(field, text);
    if ('value' in parsed && parsed.value === unit[field]) delete row[field];
    else row[field] = text;
    if (Object.keys(row).length === 0) delete next[unitId];
  }
  return next;
}

/** Copies the first selected row's cell to the other selected rows (the rows as shown, in order). */
export function fillDown(
  units: readonly UnitMapping[],
  draft: Draft,
  rowIds: readonly string[],
  field: UnitMappingField,
): Draft {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const [first, ...rest] = rowIds;
  const source = first ? byId.get(first) : undefined;
  if (!source || rest.length === 0) return draft;
  const text = draft[source.id]?.[field] ?? cellText(source[field]);
  return setCells(
    units,
    draft,
    rest.map((unitId) => ({ unitId, field, text })),
  );
}

/** Undo history of drafts: the newest last, bounded so a long session does not grow without end. */
export interface UndoStack {
  past: readonly Draft[];
  present: Draft;
}

export const undoLimit = 100;

export function emptyHistory(): UndoStack {
  return { past: [], present: {} };
}

export function pushDraft(history: UndoStack, next: Draft): UndoStack {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-undoLimit), present: next };
}

export function undo(history: UndoStack): UndoStack {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous };
}

/** Drops edits of units that are gone or whose cells the server already holds. */
export function pruneDraft(units: readonly UnitMapping[], draft: Draft): Draft {
  const present = new Set(units.map((unit) => unit.id));
  const cells = Object.entries(draft)
    .filter(([unitId]) => present.has(unitId))
    .flatMap(([unitId, row]) =>
      (Object.entries(row) as [UnitMappingField, string][]).map(([field, text]) => ({
        unitId,
        field,
        text,
      })),
    );
  return setCells(units, {}, cells);
}

export interface DiffLine {
  unitId: string;
  label: string;
  field: UnitMappingField;
  before: MappingValue;
  after: MappingValue;
}

/** What pushing the draft would change, in grid order; cells with problems are left out. */
export function draftDiff(units: readonly UnitMapping[], draft: Draft): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const unit of units) {
    const cells = draft[unit.id];
    if (!cells) continue;
    for (const { field } of mappingColumns) {
      const text = cells[field];
      if (text === undefined) continue;
      const parsed = parseCell(field, text);
      if ('value' in parsed && parsed.value !== unit[field])
        lines.push({
          unitId: unit.id,
          label: unit.label,
          field,
          before: unit[field],
          after: parsed.value,
        });
    }
  }
  return lines;
}

/** The `units.setMapping` inputs for a diff: one per unit, carrying only what changed. */
export function mappingCalls(units: readonly UnitMapping[], diff: readonly DiffLine[]) {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const calls = new Map<string, Record<string, MappingValue> & { unitId: string }>();
  for (const line of diff) {
    const unit = byId.get(line.unitId);
    if (!unit) continue;
    // ptiUnitName is required by the call: the stored one keeps the mapping as it is.
    const call = calls.get(line.unitId) ?? { unitId: line.unitId, ptiUnitName: unit.ptiUnitName };
    call[line.field] = line.after;
    calls.set(line.unitId, call);
  }
  return [...calls.values()] as {
    unitId: string;
    ptiUnitName: string | null;
    building?: string | null;
    accessArea?: number | null;
    doorAlarmChannel?: number | null;
  }[];
}

function csvField(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The grid as CSV (stored values plus the draft), one unit a line. */
export function mappingCsv(units: readonly UnitMapping[], draft: Draft): string {
  const header = ['unit', ...mappingColumns.map((column) => column.field)];
  const lines = [header.join(',')];
  for (const unit of units) {
    const values = mappingColumns.map(({ field }) => cellText(effectiveValue(unit, draft, field)));
    lines.push([unit.label, ...values].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
