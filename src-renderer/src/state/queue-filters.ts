import { create } from 'zustand';
import type { InstantRange } from '../../../src-shared/domain/ticket';
import type { TicketFilter } from '../api/query-keys';

/**
 * The filter bar over the queue: choices that narrow (or replace parts of) the view's own
 * filter. They belong to the view they were made on, so another view starts unfiltered, and
 * "Save as view" keeps them with the view's filter as one.
 */
export type Refinement = Pick<
  TicketFilter,
  | 'status'
  | 'priority'
  | 'category'
  | 'productLine'
  | 'siteId'
  | 'assigneeId'
  | 'created'
  | 'updated'
>;

export const refinementFields = [
  'status',
  'priority',
  'category',
  'productLine',
  'siteId',
  'assigneeId',
  'created',
  'updated',
] as const satisfies readonly (keyof Refinement)[];

/** The queue's filter: the view's, with each field the bar sets taking its place. */
export function effectiveFilter(viewFilter: TicketFilter, refinement: Refinement): TicketFilter {
  const filter: TicketFilter = { ...viewFilter };
  for (const field of refinementFields) {
    const value = refinement[field];
    if (value !== undefined) (filter as Record<string, unknown>)[field] = value;
  }
  return filter;
}

export function isRefined(refinement: Refinement): boolean {
  return refinementFields.some((field) => refinement[field] !== undefined);
}

/** Sets a field, or clears it with `undefined` (the view's own choice applies again). */
export function withField<K extends keyof Refinement>(
  refinement: Refinement,
  field: K,
  value: Refinement[K] | undefined,
): Refinement {
  const next = { ...refinement };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight starting a day picked in a date field ('YYYY-MM-DD'), in this computer's time zone. */
function startOfDay(day: string, plusDays = 0): Date | null {
  const match = dayPattern.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Days picked in the viewer's time zone as instants [from, to): both days are included, so
 * "from the 3rd to the 5th" ends at the midnight that starts the 6th. Undefined when no day is
 * set; a range whose end comes before its start is turned round.
 */
export function rangeOfDays(fromDay: string, toDay: string): InstantRange | undefined {
  let from = startOfDay(fromDay);
  let to = startOfDay(toDay, 1);
  if (from && to && to.getTime() <= from.getTime()) {
    const swapped = startOfDay(toDay);
    to = startOfDay(fromDay, 1);
    from = swapped;
  }
  if (!from && !to) return undefined;
  return {
    ...(from ? { from: from.toISOString() } : {}),
    ...(to ? { to: to.toISOString() } : {}),
  };
}

const twoDigits = (n: number) => String(n).padStart(2, '0');
const dayOf = (date: Date) =>
  `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;

/** The days a date range shows in the date fields: the inverse of rangeOfDays. */
export function daysOfRange(range: InstantRange | undefined): { from: string; to: string } {
  return {
    from: range?.from ? dayOf(new Date(range.from)) : '',
    // `to` is the midnight after the last day
    to: range?.to ? dayOf(new Date(Date.parse(range.to) - 1)) : '',
  };
}

interface QueueFiltersState {
  /** The view the refinement was made on. */
  viewId: string | null;
  refinement: Refinement;
  setRefinement(viewId: string, refinement: Refinement): void;
  clear(): void;
}

export const useQueueFilters = create<QueueFiltersState>()((set) => ({
  viewId: null,
  refinement: {},
  setRefinement: (viewId, refinement) => set({ viewId, refinement }),
  clear: () => set({ viewId: null, refinement: {} }),
}));

/** The refinement that applies to this view: none when it was made on another. */
export function useRefinement(viewId: string): Refinement {
  return useQueueFilters((state) => (state.viewId === viewId ? state.refinement : noRefinement));
}
const noRefinement: Refinement = {};
