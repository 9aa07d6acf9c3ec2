import { describe, expect, it } from 'vitest';
import { TicketListQuery } from '../../../src-shared/domain/ticket';
import {
  daysOfRange,
  effectiveFilter,
  isRefined,
  rangeOfDays,
  withField,
} from '../../../src-renderer/src/state/queue-filters';
import { listViewOfSaved, savedQueryOf } from '../../../src-renderer/src/state/saved-views';

// The filter bar: what it adds to a view, and the days a person picks turned into instants in
// their own time zone (the test process's zone stands in for the viewer's).
describe('the filter bar', () => {
  it("replaces the view's choice for a field it sets and keeps the rest", () => {
    const view = { status: ['NEW' as const, 'OPEN' as const], assigneeId: 'me' };
    const refined = withField(withField({}, 'status', ['OPEN']), 'siteId', 's-1');
    expect(effectiveFilter(view, refined)).toEqual({
      status: ['OPEN'],
      assigneeId: 'me',
      siteId: 's-1',
    });
    // "Unassigned" is a choice (null), not the absence of one
    expect(effectiveFilter(view, withField({}, 'assigneeId', null)).assigneeId).toBeNull();
    expect(isRefined(withField(refined, 'status', undefined))).toBe(true);
    expect(isRefined(withField(withField(refined, 'status', undefined), 'siteId', undefined))).toBe(
      false,
    );
  });

  it('turns picked days into [first midnight, midnight after the last day) and back', () => {
    const range = rangeOfDays('2026-03-07', '2026-03-09');
    expect(range).toEqual({
      from: new Date(2026, 2, 7).toISOString(),
      to: new Date(2026, 2, 10).toISOString(),
    });
    expect(daysOfRange(range)).toEqual({ from: '2026-03-07', to: '2026-03-09' });
    expect(rangeOfDays('2026-03-09', '')).toEqual({ from: new Date(2026, 2, 9).toISOString() });
    expect(rangeOfDays('', '')).toBeUndefined();
    // picked the wrong way round: the same days
    expect(rangeOfDays('2026-03-09', '2026-03-07')).toEqual(range);
    // one day is a whole day
    expect(rangeOfDays('2026-03-07', '2026-03-07')).toEqual({
      from: new Date(2026, 2, 7).toISOString(),
      to: new Date(2026, 2, 8).toISOString(),
    });
    expect(TicketListQuery.safeParse({ created: range }).success).toBe(true);
  });

  it('saves the filters shown with the sort, and opens them again as they were', () => {
    const filter = { status: ['ANSWERED' as const], siteId: 's-1' };
    const sort = { column: 'priority' as const, direction: 'desc' as const };
    const query = savedQueryOf(filter, sort);
    const view = listViewOfSaved({
      id: 'v1',
      name: 'Answered at s-1',
      query: TicketListQuery.omit({ offset: true, limit: true }).parse(query),
      createdAt: '2026-11-23T09:00:00.000Z',
      updatedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(view).toEqual({ id: 'saved:v1', label: 'Answered at s-1', filter, sort });
  });
});
