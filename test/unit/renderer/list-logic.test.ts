import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-shared/result';
import { unwrap } from '../../../src-renderer/src/api/client';
import { shouldRetry } from '../../../src-renderer/src/api/query-client';
import {
  pageOf,
  pageQuery,
  pagesForRange,
  statusFilter,
  TICKET_PAGE_SIZE,
} from '../../../src-renderer/src/api/ticket-pages';
import { targetIndex } from '../../../src-renderer/src/components/ticket-list/navigation';
import { formErrorsFrom } from '../../../src-renderer/src/components/profiles/field-errors';
import { ariaSort, defaultSort, nextSort } from '../../../src-renderer/src/state/sort';

describe('ticket pages', () => {
  it('fetches pages of 200 rows', () => {
    expect(TICKET_PAGE_SIZE).toBe(200);
  });

  it('finds the pages a window of rows needs, clipped to the rows that exist', () => {
    expect(pagesForRange(0, 30, 100_000)).toEqual([0]);
    expect(pagesForRange(190, 230, 100_000)).toEqual([0, 1]);
    expect(pagesForRange(99_990, 100_020, 100_000)).toEqual([499]);
    expect(pagesForRange(0, -1, 100_000)).toEqual([]);
    expect(pagesForRange(0, 30, 0)).toEqual([]);
  });

  it('turns a page into an offset/limit query with the filter and sort', () => {
    expect(pageQuery({ status: ['OPEN'] }, defaultSort, 3)).toEqual({
      status: ['OPEN'],
      sort: { column: 'updatedAt', direction: 'desc' },
      offset: 600,
      limit: 200,
    });
    expect(pageOf(401)).toEqual({ page: 2, offsetInPage: 1 });
  });

  it('builds the status quick filter', () => {
    expect(statusFilter(null)).toEqual({});
    expect(statusFilter('NEW')).toEqual({ status: ['NEW'] });
  });
});

describe('sorting', () => {
  it('defaults to the last update, newest first', () => {
    expect(defaultSort).toEqual({ column: 'updatedAt', direction: 'desc' });
  });

  it('flips the sorted column and starts others in their natural direction', () => {
    expect(nextSort(defaultSort, 'updatedAt')).toEqual({ column: 'updatedAt', direction: 'asc' });
    expect(nextSort(defaultSort, 'subject')).toEqual({ column: 'subject', direction: 'asc' });
    expect(nextSort(defaultSort, 'priority')).toEqual({ column: 'priority', direction: 'desc' });
  });

  it('reports aria-sort only on the sorted column', () => {
    expect(ariaSort(defaultSort, 'updatedAt')).toBe('descending');
    expect(ariaSort({ column: 'number', direction: 'asc' }, 'number')).toBe('ascending');
    expect(ariaSort(defaultSort, 'number')).toBe('none');
  });
});

describe('keyboard navigation of the list', () => {
  it('moves by one, by a screenful and to either end, staying in range', () => {
    expect(targetIndex('ArrowDown', 5, 100, 20)).toBe(6);
    expect(targetIndex('ArrowUp', 5, 100, 20)).toBe(4);
    expect(targetIndex('ArrowUp', 0, 100, 20)).toBe(0);
    expect(targetIndex('ArrowDown', 99, 100, 20)).toBe(99);
    expect(targetIndex('PageDown', 90, 100, 20)).toBe(99);
    expect(targetIndex('PageUp', 10, 100, 20)).toBe(0);
    expect(targetIndex('Home', 50, 100, 20)).toBe(0);
    expect(targetIndex('End', 50, 100, 20)).toBe(99);
  });

  it('starts from the first row in view when no selected row is known, and ignores other keys', () => {
    expect(targetIndex('ArrowDown', -1, 100, 20)).toBe(0);
    expect(targetIndex('ArrowDown', -1, 100, 20, 40)).toBe(40);
    expect(targetIndex('PageUp', -1, 100, 20, 40)).toBe(40);
    expect(targetIndex('End', -1, 100, 20, 40)).toBe(99);
    expect(targetIndex('Home', -1, 100, 20, 40)).toBe(0);
    expect(targetIndex('a', 3, 100, 20)).toBeNull();
    expect(targetIndex('ArrowDown', -1, 0, 20)).toBeNull();
  });
});

describe('API errors', () => {
  it('unwraps a value and throws an ApiError with the body of a failure', () => {
    expect(unwrap({ ok: true, value: 42 })).toBe(42);
    const issues = [{ path: 'name', message: 'give the profile a name' }];
    let thrown: unknown;
    try {
      unwrap({ ok: false, error: { code: 'invalid_input', message: 'Invalid input', issues } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ code: 'invalid_input', message: 'Invalid input', issues });
  });

  it('retries only a lost connection, a few times', () => {
    const unavailable = new ApiError({ code: 'unavailable', message: 'down' });
    expect(shouldRetry(0, unavailable)).toBe(true);
    expect(shouldRetry(3, unavailable)).toBe(false);
    expect(shouldRetry(0, new ApiError({ code: 'not_found', message: 'gone' }))).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
  });

  it('places invalid_input issues next to their fields and keeps the rest for the form', () => {
    const fields = ['name', 'serverUrl', 'account'] as const;
    expect(
      formErrorsFrom(
        [
          { path: 'serverUrl', message: 'the server address must start with http:// or https://' },
          { path: 'account', message: 'the account must be an email address' },
          { path: '(input)', message: 'Unrecognized key: "extra"' },
        ],
        fields,
      ),
    ).toEqual({
      fields: {
        serverUrl: 'the server address must start with http:// or https://',
        account: 'the account must be an email address',
      },
      form: ['Unrecognized key: "extra"'],
    });
    expect(formErrorsFrom(undefined, fields, 'Invalid input.')).toEqual({
      fields: {},
      form: ['Invalid input.'],
    });
  });
});

describe('persisted preferences', () => {
  it('keeps a valid theme and sort and drops anything else', async () => {
    // ui.ts reads localStorage lazily, so importing it in Node is safe.
    const { validPreferences } = await import('../../../src-renderer/src/state/ui');
    expect(
      validPreferences({ theme: 'dark', sort: { column: 'subject', direction: 'asc' } }),
    ).toEqual({
      theme: 'dark',
      sort: { column: 'subject', direction: 'asc' },
    });
    expect(
      validPreferences({ theme: 'sepia', sort: { column: 'colour', direction: 'up' } }),
    ).toEqual({});
    expect(validPreferences(null)).toEqual({});
  });
});
