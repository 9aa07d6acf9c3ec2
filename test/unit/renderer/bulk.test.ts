import { describe, expect, it } from 'vitest';
import {
  describeBulkResult,
  planBulkAssign,
  planBulkPriority,
  planBulkStatus,
  type BulkTicket,
} from '../../../src-renderer/src/state/bulk';

const tickets: BulkTicket[] = [
  { id: 'a', number: 'HW00000001', status: 'OPEN', priority: 'normal', assigneeId: null },
  { id: 'b', number: 'HW00000002', status: 'CLOSED', priority: 'high', assigneeId: 'u1' },
  { id: 'c', number: null, status: 'NEW', priority: 'high', assigneeId: 'u1' },
  { id: 'd', number: 'SW00000004', status: 'RESOLVED', priority: 'low', assigneeId: null },
];

describe('bulk changes', () => {
  it('queues a status change only for tickets the status machine lets it apply to', () => {
    const plan = planBulkStatus(tickets, 'RESOLVED', 'staff');
    expect(plan.apply).toEqual(['a', 'c']);
    expect(plan.skipped.map((s) => [s.id, s.reason])).toEqual([
      ['b', expect.stringMatching(/closed/)],
      ['d', 'already RESOLVED'],
    ]);
    expect(planBulkStatus(tickets, 'CLOSED', 'staff').apply).toEqual(['d']);
    expect(planBulkStatus(tickets, 'OPEN', 'staff').apply).toEqual(['c', 'd']);
  });

  it('refuses every status change to a customer', () => {
    expect(planBulkStatus(tickets, 'RESOLVED', 'customer').apply).toEqual([]);
  });

  it('skips tickets already at the priority or assignee, and closed ones', () => {
    expect(planBulkPriority(tickets, 'high', 'staff').apply).toEqual(['a', 'd']);
    expect(planBulkAssign(tickets, 'u1', 'staff').apply).toEqual(['a', 'd']);
    expect(planBulkAssign(tickets, null, 'staff').apply).toEqual(['c']);
  });

  it('says what changed and what did not, naming pending tickets as pending', () => {
    const plan = planBulkStatus(tickets, 'RESOLVED', 'staff');
    expect(describeBulkResult((n) => `Set ${n} to Resolved`, plan)).toBe(
      'Set 2 tickets to Resolved; 2 left unchanged (HW00000002: This ticket is closed, so you cannot resolve the ticket. Open a follow-up ticket that links to it instead.; SW00000004: already RESOLVED).',
    );
    expect(
      describeBulkResult((n) => `Unassigned ${n}`, { apply: ['c'], skipped: [] }, [
        { number: null, message: 'offline' },
      ]),
    ).toBe('Unassigned 0 tickets; 1 left unchanged (pending: offline).');
  });
});
