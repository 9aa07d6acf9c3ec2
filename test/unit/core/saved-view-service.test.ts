import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveProfile } from '../../../src-main/core/active-profile.js';
import { createDispatch, type Handlers } from '../../../src-main/core/api/dispatch.js';
import { savedViewHandlers } from '../../../src-main/core/services/saved-view-service.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import type { CallInput, CallName } from '../../../src-shared/contract.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Saved views ("My views"): kept in the profile's own database, through the contract's calls,
// so they survive a restart, work offline, and say what to fix when a name is refused.
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;
let changed: string[][];
let dispatch: ReturnType<typeof createDispatch>;
const file = () => `${dir.path}/profile.sqlite`;

async function open(): Promise<void> {
  store = createInlineStore();
  db = await store.open(file(), 'profile');
  changed = [];
  // The service needs the profile's store and its change signal, nothing else.
  const profile = { db, changed: (tables: string[]) => changed.push(tables) };
  let clock = Date.parse('2026-11-23T09:00:00.000Z');
  const handlers = savedViewHandlers({
    active: async () => profile as unknown as ActiveProfile,
    now: () => new Date((clock += 60_000)),
  });
  dispatch = createDispatch(handlers as Handlers);
}

async function call<K extends CallName>(name: K, input: CallInput<K>) {
  return dispatch(name, input, { shell: 'test' });
}
async function ok<K extends CallName>(name: K, input: CallInput<K>) {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as never;
}

beforeEach(async () => {
  dir = tempDir('saved-views');
  await open();
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

const myCritical = {
  status: ['NEW', 'OPEN'] as const,
  priority: ['critical'] as const,
  assigneeId: null,
  created: { from: '2026-11-01T05:00:00.000Z' },
  sort: { column: 'slaDueAt', direction: 'asc' } as const,
};

describe('saved views', () => {
  it('keeps a view with its filters and sort, listed by name, across a restart', async () => {
    const saved: { id: string; name: string } = await ok('views.save', {
      name: '  Critical, unassigned  ',
      query: { ...myCritical, status: [...myCritical.status], priority: ['critical'] },
    });
    expect(saved.name).toBe('Critical, unassigned');
    await ok('views.save', { name: 'all mine', query: { assigneeId: 'me' } });
    expect(changed).toEqual([['saved_views'], ['saved_views']]);

    await store.close();
    await open();
    const views: { name: string; query: unknown }[] = await ok('views.list', {});
    expect(views.map((v) => v.name)).toEqual(['all mine', 'Critical, unassigned']);
    expect(views[1]!.query).toEqual({ ...myCritical, status: ['NEW', 'OPEN'] });
    // a view saved without a sort opens in the default order
    expect(views[0]!.query).toEqual({
      assigneeId: 'me',
      sort: { column: 'updatedAt', direction: 'desc' },
    });
  });

  it('renames a view keeping its filters, and refuses a name another view has in any case', async () => {
    const a: { id: string } = await ok('views.save', { name: 'Site A', query: { siteId: 's-a' } });
    const b: { id: string } = await ok('views.save', { name: 'Site B', query: { siteId: 's-b' } });

    const renamed: { name: string; query: { siteId?: string } } = await ok('views.save', {
      id: a.id,
      name: 'Gate faults at A',
    });
    expect(renamed).toMatchObject({ name: 'Gate faults at A', query: { siteId: 's-a' } });

    const taken = await call('views.save', { id: b.id, name: 'gate FAULTS at a' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!taken.ok) expect(taken.error.message).toContain('"Gate faults at A"');
    // its own name in another case is still its own
    await ok('views.save', { id: b.id, name: 'SITE B' });
    const views: { name: string; query: { siteId?: string } }[] = await ok('views.list', {});
    expect(views.map((v) => [v.name, v.query.siteId])).toEqual([
      ['Gate faults at A', 's-a'],
      ['SITE B', 's-b'],
    ]);
  });

  it('deletes a view; deleting it again is not an error, renaming it is', async () => {
    const v: { id: string } = await ok('views.save', { name: 'Mine', query: { assigneeId: 'me' } });
    expect(await call('views.remove', { id: v.id })).toEqual({ ok: true, value: {} });
    expect(await call('views.remove', { id: v.id })).toEqual({ ok: true, value: {} });
    expect(await ok('views.list', {})).toEqual([]);
    expect(await call('views.save', { id: v.id, name: 'Back' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await ok('views.list', {})).toEqual([]);
  });

  it('says what to fix: a name, the filters of a new view, a filter the queue has', async () => {
    expect(await call('views.save', { name: '   ', query: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('name') },
    });
    expect(await call('views.save', { name: 'No filters' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('filters') },
    });
    const unknownFilter = await dispatch(
      'views.save',
      { name: 'Odd', query: { colour: 'red' } },
      { shell: 'test' },
    );
    expect(unknownFilter).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await ok('views.list', {})).toEqual([]);
  });
});
