import type { UnitMappingField } from '../../../../src-shared/domain/units';
import { parseCsv } from '../../../../src-shared/csv';
import {
  cellText,
  draftProblems,
  effectiveValue,
  mappingColumns,
  parseCell,
  setCells,
  type Draft,
  type UnitMapping,
} from './mapping-logic';

/**
 * The mapping grid's CSV import and "match by name". Both only propose cells for the grid's
 * draft: nothing is queued until the person reviews and pushes, and an import with any bad line
 * changes nothing at all.
 */

export interface ImportLine {
  /** The line of the file, counting the header as line 1. */
  line: number;
  label: string;
  unitId: string | null;
  /** The cells this line sets (only those that differ from the grid now). */
  cells: { field: UnitMappingField; text: string }[];
  problem: string | null;
}

export type ImportPreview =
  | { ok: false; message: string }
  | {
      ok: true;
      lines: ImportLine[];
      errors: number;
      /** Columns the import does not read. */
      ignoredColumns: string[];
      /** The draft once every line is applied; only offered when there is no error. */
      draft: Draft;
    };

const fieldOfColumn = new Map<string, UnitMappingField>(
  mappingColumns.flatMap(({ field, title }) => [
    [field.toLowerCase(), field],
    [title.toLowerCase(), field],
  ]),
);
const unitColumns = new Set(['unit', 'label']);

/** The export guards a leading = + - @ with a quote; reading it back takes the guard off. */
const unguard = (text: string) => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);

/** Reads a mapping CSV (the grid's export, or any file with a `unit` column) against the grid. */
export function previewMappingCsv(
  units: readonly UnitMapping[],
  draft: Draft,
  csv: string,
): ImportPreview {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { ok: false, message: `Line ${parsed.line}: ${parsed.message}.` };
  const [header, ...records] = parsed.records;
  if (!header)
    return { ok: false, message: 'The file is empty; export the grid to see the format.' };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const unitAt = names.findIndex((name) => unitColumns.has(name));
  if (unitAt < 0)
    return {
      ok: false,
      message: `Line 1: the file needs a "unit" column naming each unit as the site knows it; it has ${header.fields.join(', ') || 'no columns'}.`,
    };
  const columns = names.flatMap((name, index) => {
    const field = fieldOfColumn.get(name);
    return field ? [{ index, field }] : [];
  });
  if (columns.length === 0)
    return {
      ok: false,
      message: `Line 1: the file has no column to import; use ${mappingColumns.map((c) => c.field).join(', ')}.`,
    };
  const ignoredColumns = header.fields.filter(
    (name, index) => index !== unitAt && !fieldOfColumn.has(name.trim().toLowerCase()),
  );

  const byLabel = new Map(units.map((unit) => [unit.label.toLowerCase(), unit]));
  const seen = new Map<string, number>();
  const lines: ImportLine[] = records.map((record) => {
    const label = (record.fields[unitAt] ?? '').trim();
    const line: ImportLine = { line: record.line, label, unitId: null, cells: [], problem: null };
    if (record.fields.length !== header.fields.length) {
      line.problem = `has ${record.fields.length} fields where the header has ${header.fields.length}.`;
      return line;
    }
    const unit = byLabel.get(label.toLowerCase());
    if (!label) line.problem = 'names no unit.';
    else if (!unit) line.problem = `unit ${label} is not a unit of this site.`;
    else if (seen.has(unit.id))
      line.problem = `unit ${label} is already on line ${seen.get(unit.id)}; list each unit once.`;
    if (line.problem || !unit) return line;
    seen.set(unit.id, record.line);
    line.unitId = unit.id;
    for (const { index, field } of columns) {
      const text = unguard(record.fields[index] ?? '');
      const cell = parseCell(field, text);
      if ('problem' in cell) {
        line.problem = cell.problem;
        return line;
      }
      if (cellText(effectiveValue(unit, draft, field)) !== cellText(cell.value))
        line.cells.push({ field, text });
    }
    return line;
  });

  const next = setCells(
    units,
    draft,
    lines.flatMap((line) =>
      line.problem || !line.unitId
        ? []
        : line.cells.map((cell) => ({ unitId: line.unitId!, ...cell })),
    ),
  );
  // A PTI name the file gives two units (or one another unit keeps) is the line's problem.
  const lineOf = new Map(lines.map((line) => [line.unitId, line]));
  for (const problem of draftProblems(units, next)) {
    const line = lineOf.get(problem.unitId);
    if (line && !line.problem && line.cells.some((cell) => cell.field === problem.field))
      line.problem = problem.message;
  }
  const errors = lines.filter((line) => line.problem).length;
  return { ok: true, lines, errors, ignoredColumns, draft: next };
}

export interface NameMatch {
  unitId: string;
  label: string;
  ptiUnitName: string;
}

/** A label and a PTI name match when they differ only in case, spaces, dashes or dots. */
const nameKey = (text: string) => text.toLowerCase().replace(/[\s._-]/g, '');

/**
 * For each unit with no PTI name yet, the gateway's unit whose name matches its label, when
 * exactly one does and no other unit of the site already has it.
 */
export function matchByName(
  units: readonly UnitMapping[],
  draft: Draft,
  gatewayNames: readonly string[],
): NameMatch[] {
  const taken = new Set<string>();
  for (const unit of units) {
    const name = effectiveValue(unit, draft, 'ptiUnitName');
    if (typeof name === 'string') taken.add(name.toLowerCase());
  }
  const byKey = new Map<string, string[]>();
  for (const name of gatewayNames) {
    if (taken.has(name.toLowerCase())) continue;
    const key = nameKey(name);
    byKey.set(key, [...(byKey.get(key) ?? []), name]);
  }
  const matches: NameMatch[] = [];
  for (const unit of units) {
    if (effectiveValue(unit, draft, 'ptiUnitName') !== null) continue;
    const candidates = byKey.get(nameKey(unit.label));
    if (candidates?.length !== 1) continue;
    const ptiUnitName = candidates[0]!;
    byKey.delete(nameKey(unit.label));
    matches.push({ unitId: unit.id, label: unit.label, ptiUnitName });
  }
  return matches;
}

/** The draft with the accepted matches' names filled in. */
export function acceptMatches(
  units: readonly UnitMapping[],
  draft: Draft,
  matches: readonly NameMatch[],
): Draft {
  return setCells(
    units,
    draft,
    matches.map((match) => ({
      unitId: match.unitId,
      field: 'ptiUnitName' as const,
      text: match.ptiUnitName,
    })),
  );
}
