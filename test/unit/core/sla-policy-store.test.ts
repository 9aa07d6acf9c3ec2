import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../src-shared/calendar/index.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../../src-shared/sla/index.js';
import type { Change, TicketRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { ticketRow } from '../../helpers/ticket-row.js';

// The admin's SLA policy in the local store: it arrives with the business calendar's row and
// the queue's SLA column counts with it, offline. Times in comments are New York's (EST).
const FRIDAY_3PM = '2026-11-20T20:00:00.000Z';
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;

const ticket = (id: string, patch: Partial<TicketRow> = {}): TicketRow =>
  ticketRow({
    id,
    number: `HW0000000${id.slice(-1)}`,
    subject: `Gate ${id}`,
    description: 'Offline',
    status: 'NEW',
    priority: 'high',
    organisationId: 'org-a',
    statusHistory: [{ status: 'NEW', at: FRIDAY_3PM }],
    createdAt: FRIDAY_3PM,
    updatedAt: FRIDAY_3PM,
    version: '1',
    ...patch,
  });
const pull = (changes: Change[]) =>
  db.write('sync.applyPulledPage', {
    target: 'support',
    cursor: 'c',
    pulledAt: FRIDAY_3PM,
    changes,
  });
const calendarRow = (slaPolicy: SlaPolicy | null, version: string): Change => ({
  table: 'business_calendars',
  op: 'upsert',
  row: { id: 'default', ...DEFAULT_BUSINESS_CALENDAR, slaPolicy, version },
});
const slaOf = async (id: string) =>
  (
    await db.read('tickets.list', {
      sort: { column: 'number', direction: 'asc' },
      offset: 0,
      limit: 10,
      now: FRIDAY_3PM,
    })
  ).rows.find((r) => r.id === id)?.sla;

beforeEach(async () => {
  dir = tempDir('sla-policy-store');
  store = createInlineStore();
  db = await store.open(`${dir.path}/profile.sqlite`, 'profile');
  await pull([
    {
      table: 'organisations',
      op: 'upsert',
      row: { id: 'org-a', name: 'A', supportTier: 'free', tierExpiresAt: null, version: '1' },
    },
    { table: 'tickets', op: 'upsert', row: ticket('t1') },
  ]);
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('the SLA policy synced with the business calendar', () => {
  it('counts with the default until a policy arrives, then with the admin’s', async () => {
    expect(await db.read('slaPolicy.get', {})).toEqual(DEFAULT_SLA_POLICY);
    // high: 4 business hours from Friday 15:00 → 19:00
    expect((await slaOf('t1'))?.dueAt).toBe('2026-11-21T00:00:00.000Z');

    const policy: SlaPolicy = structuredClone(DEFAULT_SLA_POLICY);
    policy.firstResponse.priorities.high = { clock: 'around_the_clock', hours: 2 };
    const { tables } = await pull([calendarRow(policy, '7')]);
    expect(tables).toContain('tickets');
    expect(await db.read('slaPolicy.get', {})).toEqual(policy);
    // 2 hours around the clock → Friday 17:00
    expect((await slaOf('t1'))?.dueAt).toBe('2026-11-20T22:00:00.000Z');

    // The policy removed again (null): back to the default.
    await pull([calendarRow(null, '8')]);
    expect((await slaOf('t1'))?.dueAt).toBe('2026-11-21T00:00:00.000Z');
  });

  it('does not recompute the queue when the row comes back unchanged', async () => {
    await pull([calendarRow(DEFAULT_SLA_POLICY, '7')]);
    const { tables } = await pull([calendarRow(DEFAULT_SLA_POLICY, '8')]);
    expect(tables).not.toContain('tickets');
  });
});
