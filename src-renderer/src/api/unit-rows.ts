import type { CallInput } from '../../../src-shared/contract';
import { unitMappingFields, type UnitListItem } from '../../../src-shared/domain/units';

/**
 * A unit row as the grid shows it once its mapping change is queued: the new values, marked
 * pending. The core holds the same; this only spares the grid reading every unit again first.
 */
export function markMappingQueued(
  rows: readonly UnitListItem[],
  input: CallInput<'units.setMapping'>,
): UnitListItem[] {
  return rows.map((row) => {
    if (row.id !== input.unitId) return row;
    const next = { ...row, syncState: 'pending' as const };
    const fields = new Set(row.pendingFields);
    for (const field of unitMappingFields) {
      const value = input[field];
      if (value === undefined || value === row[field]) continue;
      Object.assign(next, { [field]: value });
      fields.add(field);
    }
    next.pendingFields = unitMappingFields.filter((field) => fields.has(field));
    return next;
  });
}
