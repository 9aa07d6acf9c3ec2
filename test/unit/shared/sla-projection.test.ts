import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUSINESS_CALENDAR,
  type BusinessCalendar,
} from '../../../src-shared/calendar/index';
import { priorities, ticketStatuses } from '../../../src-shared/domain/ticket';
import type { TicketStatus } from '../../../src-shared/domain/ticket';
import {
  completeStatusHistory,
  computeTicketSla,
  DEFAULT_SLA_POLICY,
  projectTicketSla,
  slaSummaryAt,
  summarizeTicketSla,
  type SlaPolicy,
} from '../../../src-shared/sla/index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-10-28T13:00:00Z'); // a Wednesday, days before clocks go back

// A calendar with a holiday and a short Saturday, so the arithmetic crosses every kind of gap.
const calendar: BusinessCalendar = {
  timeZone: 'America/Chicago',
  hours: {
    ...DEFAULT_BUSINESS_CALENDAR.hours,
    sat: [{ start: '09:00', end: '12:00' }],
  },
  holidays: [{ date: '2026-11-03', name: 'Election day' }],
};
// Resolution targets too, so paused and resumed resolution clocks are exercised.
const policy: SlaPolicy = {
  ...DEFAULT_SLA_POLICY,
  resolution: {
    tiers: { free: { clock: 'business_days', days: 5 }, preferred: null },
    priorities: {
      critical: { clock: 'around_the_clock', hours: 8 },
      high: { clock: 'business_hours', hours: 16 },
      normal: null,
      low: null,
    },
  },
};

const history = fc.array(
  fc.record({
    status: fc.constantFrom(...ticketStatuses.filter((s) => s !== 'NEW')),
    gap: fc.oneof(fc.integer({ min: 0, max: 3 * HOUR }), fc.integer({ min: 0, max: 72 * HOUR })),
  }),
  { maxLength: 6 },
);

describe('SLA projection', () => {
  it('gives the queue the same summary as replaying the history, at any later instant', () => {
    fc.assert(
      fc.property(
        history,
        fc.constantFrom(...priorities),
        fc.constantFrom('free' as const, 'preferred' as const),
        fc.option(fc.integer({ min: 0, max: 10 * 24 * HOUR }), { nil: null }),
        fc.array(fc.integer({ min: 0, max: 12 * 24 * HOUR }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (steps, priority, tier, expiresIn, laters, withResolution) => {
          let at = START;
          const changes: { status: TicketStatus; at: Date }[] = [
            { status: 'NEW', at: new Date(at) },
          ];
          for (const step of steps) {
            at += step.gap;
            changes.push({ status: step.status, at: new Date(at) });
          }
          const input = {
            priority,
            tier,
            tierExpiresAt: expiresIn === null ? null : new Date(START + expiresIn),
            calendar,
            history: changes,
            policy: withResolution ? policy : DEFAULT_SLA_POLICY,
          };
          const projection = projectTicketSla(input);
          for (const later of [0, 1, ...laters]) {
            const now = new Date(at + later);
            const expected = summarizeTicketSla(computeTicketSla({ ...input, now }), now);
            // a paused clock is shown without a due time (it moves with every instant)
            if (expected.state === 'paused') expected.dueAt = null;
            expect(slaSummaryAt(projection, calendar, now)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is at risk from the first millisecond the full computation says so', () => {
    // Critical: 1 hour around the clock, at risk with less than 12 minutes left.
    const created = new Date('2026-11-04T15:00:00Z');
    const input = {
      priority: 'critical' as const,
      tier: 'free' as const,
      calendar,
      history: [{ status: 'NEW' as const, at: created }],
    };
    const projection = projectTicketSla(input);
    expect(projection).toMatchObject({
      kind: 'running',
      dueAt: created.getTime() + HOUR,
      atRiskAt: created.getTime() + 48 * MINUTE + 1,
    });
    const state = (ms: number) => slaSummaryAt(projection, calendar, new Date(ms)).state;
    expect(state(created.getTime() + 48 * MINUTE)).toBe('ok');
    expect(state(created.getTime() + 48 * MINUTE + 1)).toBe('at_risk');
    expect(state(created.getTime() + HOUR)).toBe('at_risk');
    expect(state(created.getTime() + HOUR + 1)).toBe('breached');
  });
});

describe('completeStatusHistory', () => {
  it('starts with NEW at creation and ends with the current status', () => {
    expect(
      completeStatusHistory({
        status: 'OPEN',
        createdAt: '2026-11-04T15:00:00.000Z',
        updatedAt: '2026-11-04T16:00:00.000Z',
        statusHistory: [],
      }),
    ).toEqual([
      { status: 'NEW', at: new Date('2026-11-04T15:00:00.000Z') },
      { status: 'OPEN', at: new Date('2026-11-04T16:00:00.000Z') },
    ]);
    const kept = [
      { status: 'NEW' as const, at: '2026-11-04T15:00:00.000Z' },
      { status: 'ANSWERED' as const, at: '2026-11-04T15:30:00.000Z' },
    ];
    expect(
      completeStatusHistory({
        status: 'ANSWERED',
        createdAt: kept[0]!.at,
        updatedAt: '2026-11-05T10:00:00.000Z',
        statusHistory: kept,
      }).map((c) => c.status),
    ).toEqual(['NEW', 'ANSWERED']);
  });
});
