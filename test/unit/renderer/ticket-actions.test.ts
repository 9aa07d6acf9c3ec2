import { describe, expect, it } from 'vitest';
import { ticketStatuses } from '../../../src-shared/domain/ticket';
import {
  actorForRole,
  ticketAbilities,
  type TicketState,
} from '../../../src-renderer/src/state/ticket-actions';

const now = new Date('2026-03-10T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const ticket = (status: TicketState['status'], resolvedAt: string | null = null): TicketState => ({
  status,
  resolvedAt,
});
const labels = (state: TicketState, actor: 'staff' | 'customer') =>
  ticketAbilities(state, actor, now).statusActions.map((action) => action.label);

describe('ticket actions offered by the status machine', () => {
  it('maps roles to actors: technicians and admins are staff, everyone else a customer', () => {
    expect(actorForRole('technician')).toBe('staff');
    expect(actorForRole('admin')).toBe('staff');
    expect(actorForRole('site_manager')).toBe('customer');
    expect(actorForRole('installer')).toBe('customer');
  });

  it('offers a technician the status changes each status allows', () => {
    expect(labels(ticket('NEW'), 'staff')).toEqual(['Pick up', 'Resolve']);
    expect(labels(ticket('OPEN'), 'staff')).toEqual(['Resolve']);
    expect(labels(ticket('ANSWERED'), 'staff')).toEqual(['Pick up', 'Resolve']);
    expect(labels(ticket('RESOLVED', daysAgo(30)), 'staff')).toEqual(['Reopen', 'Close']);
    expect(labels(ticket('CLOSED'), 'staff')).toEqual([]);
  });

  it('lets a customer reopen a resolved ticket only within the reopen window', () => {
    expect(labels(ticket('RESOLVED', daysAgo(2)), 'customer')).toEqual(['Reopen']);
    const late = ticketAbilities(ticket('RESOLVED', daysAgo(8)), 'customer', now);
    expect(late.statusActions).toEqual([]);
    expect(late.reply.allowed).toBe(false);
    expect(late.reply.reason).toMatch(/more than 7 days ago/);
    expect(late.followUp).toBe(true);
    // A server with a longer window keeps it open longer.
    expect(
      ticketAbilities(ticket('RESOLVED', daysAgo(8)), 'customer', now, 14 * 86_400_000)
        .statusActions,
    ).toHaveLength(1);
  });

  it('offers only a follow-up on a closed ticket, to staff and customers alike', () => {
    for (const actor of ['staff', 'customer'] as const) {
      const closed = ticketAbilities(ticket('CLOSED'), actor, now);
      expect(closed.statusActions).toEqual([]);
      expect(closed.reply.allowed).toBe(false);
      expect(closed.note.allowed).toBe(false);
      expect(closed.editFields).toBe(false);
      expect(closed.followUp).toBe(true);
    }
  });

  it('never offers internal notes or field edits to customers', () => {
    for (const status of ticketStatuses) {
      const abilities = ticketAbilities(ticket(status, daysAgo(1)), 'customer', now);
      expect(abilities.note.allowed).toBe(false);
      expect(abilities.editFields).toBe(false);
    }
    expect(ticketAbilities(ticket('OPEN'), 'staff', now).note.allowed).toBe(true);
  });

  it('asks customers for a survey once the ticket is resolved or closed', () => {
    const surveyed = ticketStatuses.filter(
      (status) => ticketAbilities(ticket(status, daysAgo(1)), 'customer', now).survey,
    );
    expect(surveyed).toEqual(['RESOLVED', 'CLOSED']);
    expect(ticketAbilities(ticket('CLOSED'), 'staff', now).survey).toBe(false);
  });
});
