import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketListQuery } from '../../../src-shared/domain/ticket.js';
import type { Change, TicketRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { ticketRow } from '../../helpers/ticket-row.js';

// "Tickets" on a unit (issue "Tickets meet sites"): the local store lists one unit's tickets,
// offline, with a total that matches.
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;
const at = '2026-11-02T12:00:00.000Z';

function ticket(id: string, unitId: string | null, siteId = 'site-a'): TicketRow {
  return ticketRow({
    id,
    number: `HW${id.replace(/\D/g, '').padStart(8, '0')}`,
    subject: `Door alarm ${id}`,
    description: 'The alarm sounds although the door is shut',
    siteId,
    unitId,
    statusHistory: [{ status: 'OPEN', at }],
    createdAt: at,
    updatedAt: at,
    version: '1',
  });
}

async function ids(query: TicketListQuery) {
  const parsed = TicketListQuery.parse({ sort: { column: 'number', direction: 'asc' }, ...query });
  const { rows, total } = await db.read('tickets.list', { ...parsed, now: at });
  return { ids: rows.map((r) => r.id), total };
}

beforeEach(async () => {
  dir = tempDir('unit-tickets');
  store = createInlineStore();
  db = await store.open(`${dir.path}/profile.sqlite`, 'profile');
  const rows = [
    ticket('t1', 'unit-a101'),
    ticket('t2', 'unit-a102'),
    ticket('t3', 'unit-a101'),
    ticket('t4', null),
    ticket('t5', 'unit-b201', 'site-b'),
  ];
  await db.write('sync.applyPulledPage', {
    target: 'support',
    cursor: 'c',
    pulledAt: at,
    changes: rows.map((row): Change => ({ table: 'tickets', op: 'upsert', row })),
  });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe("a unit's tickets", () => {
  it('lists only the tickets that name the unit, with their total', async () => {
    expect(await ids({ unitId: 'unit-a101' })).toEqual({ ids: ['t1', 't3'], total: 2 });
    expect(await ids({ unitId: 'unit-b201' })).toEqual({ ids: ['t5'], total: 1 });
    expect(await ids({ unitId: 'unit-none' })).toEqual({ ids: [], total: 0 });
    expect((await ids({})).total).toBe(5);
  });

  it('combines with the other filters', async () => {
    expect(await ids({ unitId: 'unit-a101', siteId: 'site-b' })).toEqual({ ids: [], total: 0 });
    expect(await ids({ unitId: 'unit-a101', status: ['OPEN'] })).toEqual({
      ids: ['t1', 't3'],
      total: 2,
    });
  });
});
