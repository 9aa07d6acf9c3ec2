import { describe, expect, it } from 'vitest';
import { ticketStatuses } from '../../../src-shared/domain/ticket.js';
import type { TicketStatus } from '../../../src-shared/domain/ticket.js';
import {
  DEFAULT_REOPEN_WINDOW_MS,
  actorMayCause,
  availableEvents,
  eventForStatusChange,
  statusMachine,
  ticketEvents,
  transition,
} from '../../../src-shared/status-machine.js';
import type { Actor, TicketEvent } from '../../../src-shared/status-machine.js';

const actors: Actor[] = ['staff', 'customer', 'system'];
const now = new Date('2026-03-02T15:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const day = 24 * 60 * 60 * 1000;

/** Every (from, event, to) edge of the table. */
const edges = ticketStatuses.flatMap((from) =>
  ticketEvents.flatMap((event) => {
    const to = statusMachine[from][event];
    return to ? [{ from, event, to }] : [];
  }),
);
const reaching = (to: TicketStatus) => edges.filter((e) => e.to === to && e.from !== to);

describe('the status table (DESIGN.md, "Tickets")', () => {
  it('makes CLOSED final: no event leaves it', () => {
    expect(statusMachine.CLOSED).toEqual({});
  });

  it('reaches CLOSED only from RESOLVED, by a technician closing it or the window passing', () => {
    expect(reaching('CLOSED').map((e) => [e.from, e.event])).toEqual([
      ['RESOLVED', 'staff_close'],
      ['RESOLVED', 'auto_close'],
    ]);
  });

  it('reaches ANSWERED only through a public reply from staff', () => {
    expect(new Set(reaching('ANSWERED').map((e) => e.event))).toEqual(
      new Set(['staff_public_reply']),
    );
  });

  it('puts an answered ticket back to OPEN when the customer replies', () => {
    expect(statusMachine.ANSWERED.customer_reply).toBe('OPEN');
  });

  it('never goes back to NEW', () => {
    expect(reaching('NEW')).toEqual([]);
  });

  it('lets staff resolve from every open status', () => {
    for (const from of ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'] as const) {
      expect(statusMachine[from].staff_resolve).toBe('RESOLVED');
    }
  });

  it('leaves the status alone for internal notes and field edits', () => {
    for (const from of ticketStatuses.filter((s) => s !== 'CLOSED')) {
      expect(statusMachine[from].internal_note).toBe(from);
      expect(statusMachine[from].edit_fields).toBe(from);
    }
  });

  it('reopens a resolved ticket to OPEN, whoever reopens it', () => {
    expect(statusMachine.RESOLVED.staff_reopen).toBe('OPEN');
    expect(statusMachine.RESOLVED.customer_reopen).toBe('OPEN');
    expect(statusMachine.RESOLVED.customer_reply).toBe('OPEN');
  });

  it('lets customers cause only replies and reopening (they request callbacks, staff book them)', () => {
    expect(ticketEvents.filter((e) => actorMayCause('customer', e)).sort()).toEqual(
      ['customer_reopen', 'customer_reply'].sort(),
    );
    expect(actorMayCause('staff', 'callback_booked')).toBe(true);
    expect(actorMayCause('customer', 'callback_booked')).toBe(false);
    expect(actorMayCause('customer', 'internal_note')).toBe(false);
    expect(actorMayCause('staff', 'customer_reply')).toBe(false);
    expect(actorMayCause('system', 'auto_close')).toBe(true);
    expect(actorMayCause('staff', 'auto_close')).toBe(false);
  });
});

describe('transition', () => {
  const cases = ticketStatuses.flatMap((from) =>
    ticketEvents.flatMap((event) => actors.map((actor) => ({ from, event, actor }))),
  );

  it.each(cases)('$from + $event by $actor follows the table', ({ from, event, actor }) => {
    const result = transition(from, event, { actor, resolvedAt: ago(day), now });
    if (from === 'CLOSED') {
      expect(result).toMatchObject({ ok: false, code: 'ticket_closed' });
      if (!result.ok) expect(result.message).toMatch(/follow-up ticket/);
    } else if (!actorMayCause(actor, event)) {
      expect(result).toMatchObject({ ok: false, code: 'not_allowed_for_role' });
    } else if (statusMachine[from][event] === undefined) {
      expect(result).toMatchObject({ ok: false, code: 'not_allowed_in_status' });
      if (!result.ok) expect(result.message).toContain(from);
    } else {
      expect(result).toEqual({ ok: true, from, to: statusMachine[from][event] });
    }
  });

  it('agrees with availableEvents, which the client uses to enable actions', () => {
    for (const from of ticketStatuses) {
      for (const actor of actors) {
        const allowed = ticketEvents.filter(
          (event: TicketEvent) => transition(from, event, { actor, resolvedAt: ago(day), now }).ok,
        );
        expect(availableEvents(from, actor)).toEqual(allowed);
      }
    }
  });
});

describe('the reopen window', () => {
  const customer = (event: TicketEvent, resolvedAt: Date | null, windowMs?: number) =>
    transition('RESOLVED', event, { actor: 'customer', resolvedAt, now, reopenWindowMs: windowMs });

  it('is 7 days by default', () => {
    expect(DEFAULT_REOPEN_WINDOW_MS).toBe(7 * day);
  });

  it('lets a customer reopen or reply up to the end of the window, and not after', () => {
    for (const event of ['customer_reopen', 'customer_reply'] as const) {
      expect(customer(event, ago(7 * day - 1)).ok).toBe(true);
      expect(customer(event, ago(7 * day))).toMatchObject({ ok: true, to: 'OPEN' });
      const late = customer(event, ago(7 * day + 1));
      expect(late).toMatchObject({ ok: false, code: 'reopen_window_passed' });
      if (!late.ok) expect(late.message).toMatch(/7 days.*follow-up ticket/);
    }
  });

  it('uses the configured window', () => {
    expect(customer('customer_reopen', ago(2 * day), day).ok).toBe(false);
    expect(customer('customer_reopen', ago(2 * day), 3 * day).ok).toBe(true);
  });

  it('refuses a customer when the resolution time is unknown', () => {
    expect(customer('customer_reopen', null)).toMatchObject({ code: 'reopen_window_passed' });
  });

  it('does not bind staff', () => {
    const staff = transition('RESOLVED', 'staff_reopen', {
      actor: 'staff',
      resolvedAt: ago(90 * day),
      now,
    });
    expect(staff).toEqual({ ok: true, from: 'RESOLVED', to: 'OPEN' });
  });
});

describe('eventForStatusChange', () => {
  it('maps the status a technician picks to the event it means', () => {
    expect(eventForStatusChange('NEW', 'OPEN')).toBe('staff_pick_up');
    expect(eventForStatusChange('ANSWERED', 'OPEN')).toBe('staff_pick_up');
    expect(eventForStatusChange('RESOLVED', 'OPEN')).toBe('staff_reopen');
    expect(eventForStatusChange('OPEN', 'RESOLVED')).toBe('staff_resolve');
    expect(eventForStatusChange('RESOLVED', 'CLOSED')).toBe('staff_close');
  });

  it('has no event for statuses that only follow from other actions', () => {
    expect(eventForStatusChange('SCHEDULED', 'OPEN')).toBeNull();
    expect(eventForStatusChange('OPEN', 'ANSWERED')).toBeNull();
    expect(eventForStatusChange('OPEN', 'SCHEDULED')).toBeNull();
    expect(eventForStatusChange('OPEN', 'NEW')).toBeNull();
  });

  it('leads, through transition, to the status picked whenever it is allowed', () => {
    for (const from of ticketStatuses) {
      for (const to of ticketStatuses) {
        const event = eventForStatusChange(from, to);
        if (!event) continue;
        const result = transition(from, event, { actor: 'staff', resolvedAt: ago(day), now });
        if (result.ok) expect(result.to).toBe(to);
      }
    }
  });
});
