import { describe, expect, it } from 'vitest';
import type { SupportTier } from '../../../src-shared/accounts';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../src-shared/calendar/index';
import type { Priority, TicketStatus } from '../../../src-shared/domain/ticket';
import {
  computeTicketSla,
  DEFAULT_SLA_POLICY,
  formatSlaDuration,
  SlaPolicy,
  summarizeTicketSla,
  tierAt,
  type StatusChange,
  type TicketSlaInput,
} from '../../../src-shared/sla/index';

// All examples run on the default calendar: Monday to Friday, 08:00–20:00 New York time (EST,
// UTC−5, in late November). Times in comments are New York wall-clock times.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => new Date(iso);
const history = (...changes: [TicketStatus, string][]): StatusChange[] =>
  changes.map(([status, iso]) => ({ status, at: at(iso) }));

function sla(input: Partial<TicketSlaInput> & Pick<TicketSlaInput, 'history' | 'now'>) {
  return computeTicketSla({
    priority: 'normal',
    tier: 'free',
    calendar: DEFAULT_BUSINESS_CALENDAR,
    ...input,
  });
}

const FRIDAY_3PM = '2026-11-20T20:00:00Z'; // Friday 20 November, 15:00

describe('first-response due time: the earlier of the tier and the priority target', () => {
  // A ticket raised on Friday at 15:00, looked at the moment it is raised.
  const cases: [SupportTier, Priority, string, 'tier' | 'priority'][] = [
    // critical: 1 hour around the clock → Friday 16:00
    ['free', 'critical', '2026-11-20T21:00:00Z', 'priority'],
    ['preferred', 'critical', '2026-11-20T21:00:00Z', 'priority'],
    // high: 4 business hours → Friday 19:00
    ['free', 'high', '2026-11-21T00:00:00Z', 'priority'],
    ['preferred', 'high', '2026-11-21T00:00:00Z', 'priority'],
    // normal: 24 business hours (5 on Friday, 12 on Monday, 7 on Tuesday) → Tuesday 15:00;
    // free's 72 business hours would end on Monday 30th; preferred's 24 equal it (priority wins a tie)
    ['free', 'normal', '2026-11-24T20:00:00Z', 'priority'],
    ['preferred', 'normal', '2026-11-24T20:00:00Z', 'priority'],
    // low: 5 business days → next Friday 15:00, before free's 72 hours (Monday 30th 15:00)…
    ['free', 'low', '2026-11-27T20:00:00Z', 'priority'],
    // …but after preferred's 24 hours (Tuesday 15:00)
    ['preferred', 'low', '2026-11-24T20:00:00Z', 'tier'],
  ];

  it.each(cases)('%s support, %s priority: due %s, set by the %s', (tier, priority, due, by) => {
    const { firstResponse } = sla({
      tier,
      priority,
      history: history(['NEW', FRIDAY_3PM]),
      now: at(FRIDAY_3PM),
    });
    expect(firstResponse?.dueAt.toISOString()).toBe(new Date(due).toISOString());
    expect(firstResponse?.binding).toBe(by);
    expect(firstResponse?.state).toBe('ok');
    expect(firstResponse?.timeLeftMs).toBe(firstResponse?.targetMs);
  });

  it('counts free support’s 72 hours on the business clock', () => {
    const { firstResponse } = sla({
      tier: 'free',
      priority: 'low',
      history: history(['NEW', FRIDAY_3PM]),
      now: at(FRIDAY_3PM),
      policy: {
        ...DEFAULT_SLA_POLICY,
        firstResponse: {
          ...DEFAULT_SLA_POLICY.firstResponse,
          priorities: { ...DEFAULT_SLA_POLICY.firstResponse.priorities, low: null },
        },
      },
    });
    // 5 on Friday, 12 a day Monday to Friday (65), 7 on Monday 30th → 15:00
    expect(firstResponse?.dueAt.toISOString()).toBe('2026-11-30T20:00:00.000Z');
    expect(firstResponse?.targetMs).toBe(72 * HOUR);
  });

  it('keeps critical tickets on the wall clock at night and at weekends', () => {
    const saturdayNight = '2026-11-21T08:00:00Z'; // Saturday 03:00
    const { firstResponse } = sla({
      priority: 'critical',
      history: history(['NEW', saturdayNight]),
      now: at('2026-11-21T08:50:00Z'),
    });
    expect(firstResponse?.dueAt.toISOString()).toBe('2026-11-21T09:00:00.000Z');
    expect(firstResponse?.counts).toBe('wall_time');
    expect(firstResponse?.state).toBe('at_risk'); // 10 of 60 minutes left
  });

  it('does not move a business-hours clock while the office is closed', () => {
    const friday = sla({
      priority: 'high',
      history: history(['NEW', '2026-11-20T23:00:00Z']), // Friday 18:00
      now: at('2026-11-21T01:00:00Z'), // Friday 20:00
    }).firstResponse!;
    const sunday = sla({
      priority: 'high',
      history: history(['NEW', '2026-11-20T23:00:00Z']),
      now: at('2026-11-22T18:00:00Z'),
    }).firstResponse!;
    expect(friday.timeLeftMs).toBe(2 * HOUR);
    expect(sunday.timeLeftMs).toBe(2 * HOUR);
    expect(sunday.dueAt.toISOString()).toBe('2026-11-23T15:00:00.000Z'); // Monday 10:00
  });
});

describe('first response is given by a public reply, a booked callback or a resolution', () => {
  it('is met by an answer before the due time', () => {
    const { firstResponse } = sla({
      history: history(
        ['NEW', FRIDAY_3PM],
        ['OPEN', '2026-11-23T13:30:00Z'],
        ['ANSWERED', '2026-11-23T14:00:00Z'],
      ),
      now: at('2026-11-25T12:00:00Z'),
    });
    expect(firstResponse?.state).toBe('met');
    expect(firstResponse?.completedAt?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    // 5 h on Friday + 1 h on Monday (08:00–09:00)
    expect(firstResponse?.elapsedMs).toBe(6 * HOUR);
  });

  it('is met by a booked callback', () => {
    const { firstResponse } = sla({
      tier: 'preferred',
      history: history(['NEW', FRIDAY_3PM], ['SCHEDULED', '2026-11-20T20:30:00Z']),
      now: at('2026-11-30T12:00:00Z'),
    });
    expect(firstResponse?.state).toBe('met');
  });

  it('is breached by an answer after the due time, and stays so', () => {
    const result = sla({
      history: history(['NEW', FRIDAY_3PM], ['ANSWERED', '2026-11-25T14:00:00Z']), // Wednesday 09:00
      now: at('2026-11-26T12:00:00Z'),
    });
    expect(result.firstResponse?.state).toBe('breached');
    expect(result.firstResponse?.dueAt.toISOString()).toBe('2026-11-24T20:00:00.000Z');
    expect(summarizeTicketSla(result, at('2026-11-26T12:00:00Z')).text).toBe('missed by 18h');
  });
});

describe('at risk and breached', () => {
  const monday10am = '2026-11-16T15:00:00Z'; // high priority: due Monday 14:00
  const high = (now: string, atRiskFraction?: number) => {
    const result = sla({
      priority: 'high',
      history: history(['NEW', monday10am]),
      now: at(now),
      policy: atRiskFraction ? { ...DEFAULT_SLA_POLICY, atRiskFraction } : undefined,
    });
    return { clock: result.firstResponse!, summary: summarizeTicketSla(result, at(now)) };
  };

  it('is ok with most of the time left', () => {
    const { clock, summary } = high('2026-11-16T16:45:00Z'); // 11:45
    expect(clock.state).toBe('ok');
    expect(summary.text).toBe('2h 15m left');
    expect(summary.dueAt?.toISOString()).toBe('2026-11-16T19:00:00.000Z');
  });

  it('is at risk with less than a fifth of the target left', () => {
    expect(high('2026-11-16T18:00:00Z').clock.state).toBe('ok'); // 13:00, 1 h of 4 left
    const { clock, summary } = high('2026-11-16T18:30:00Z'); // 13:30, 30 min left
    expect(clock.state).toBe('at_risk');
    expect(summary.text).toBe('30m left');
  });

  it('takes the at-risk share from the policy', () => {
    expect(high('2026-11-16T17:30:00Z').clock.state).toBe('ok'); // 12:30, 1 h 30 left
    expect(high('2026-11-16T17:30:00Z', 0.5).clock.state).toBe('at_risk');
  });

  it('is breached once the due time passes, and says how long ago', () => {
    const { clock, summary } = high('2026-11-16T19:40:00Z'); // 14:40
    expect(clock.state).toBe('breached');
    expect(clock.timeLeftMs).toBe(-40 * MINUTE);
    expect(summary).toMatchObject({ state: 'breached', text: 'breached 40m ago' });
    expect(high('2026-11-16T19:00:00Z').clock.state).toBe('at_risk'); // due now: 0 left, not yet late
  });
});

describe('pause and resume (resolution clock)', () => {
  // High priority resolves within 8 business hours in this policy; the sources set no default.
  const policy = SlaPolicy.parse({
    ...DEFAULT_SLA_POLICY,
    resolution: {
      tiers: { free: null, preferred: null },
      priorities: {
        low: null,
        normal: null,
        critical: null,
        high: { clock: 'business_hours', hours: 8 },
      },
    },
  });
  const base = history(
    ['NEW', '2026-11-16T14:00:00Z'], // Monday 09:00
    ['OPEN', '2026-11-16T14:30:00Z'],
    ['ANSWERED', '2026-11-16T15:00:00Z'], // Monday 10:00: waiting on the customer
    ['OPEN', '2026-11-17T14:00:00Z'], // Tuesday 09:00: the customer replied
  );
  const resolution = (changes: StatusChange[], now: string) => {
    const result = sla({ priority: 'high', policy, history: changes, now: at(now) });
    return { clock: result.resolution!, summary: summarizeTicketSla(result, at(now)) };
  };

  it('pauses while the ticket waits on the customer', () => {
    const { clock, summary } = resolution(base, '2026-11-16T20:00:00Z'); // Monday 15:00
    expect(clock.state).toBe('paused');
    expect(clock.elapsedMs).toBe(1 * HOUR);
    expect(summary).toMatchObject({ clock: 'resolution', text: 'paused' });
    // if the customer answered now, 7 h would remain: 5 today and 2 on Tuesday
    expect(clock.dueAt.toISOString()).toBe('2026-11-17T15:00:00.000Z');
  });

  it('resumes on the customer’s reply, with the due time pushed back by the paused business time', () => {
    // 1 h ran on Monday; paused Monday 10:00 to Tuesday 09:00 (11 business hours); 7 h from
    // Tuesday 09:00 → due Tuesday 16:00 instead of Monday 17:00
    const { clock } = resolution(base, '2026-11-17T15:00:00Z'); // Tuesday 10:00
    expect(clock.dueAt.toISOString()).toBe('2026-11-17T21:00:00.000Z');
    expect(clock.elapsedMs).toBe(2 * HOUR);
    expect(clock.state).toBe('ok');
    expect(resolution(base, '2026-11-17T20:00:00Z').clock.state).toBe('at_risk'); // 15:00
    expect(resolution(base, '2026-11-17T21:30:00Z').summary.text).toBe('breached 30m ago');
  });

  it('is met when resolved in time, and starts again on a reopen', () => {
    const resolved = [...base, ...history(['RESOLVED', '2026-11-17T20:30:00Z'])]; // Tuesday 15:30
    const met = resolution(resolved, '2026-11-18T15:00:00Z');
    expect(met.clock.state).toBe('met');
    expect(met.summary.text).toBe('met');
    expect(met.summary.dueAt).toBeNull();
    // reopened Wednesday 09:00 with 30 min left
    const reopened = [...resolved, ...history(['OPEN', '2026-11-18T14:00:00Z'])];
    const again = resolution(reopened, '2026-11-18T14:10:00Z');
    expect(again.clock.state).toBe('at_risk');
    expect(again.summary.text).toBe('20m left');
    expect(again.clock.dueAt.toISOString()).toBe('2026-11-18T14:30:00.000Z');
  });

  it('shows the first-response clock until the first response, then the resolution clock', () => {
    const early = resolution(base.slice(0, 2), '2026-11-16T14:45:00Z');
    expect(early.summary.clock).toBe('first_response');
    expect(resolution(base, '2026-11-16T20:00:00Z').summary.clock).toBe('resolution');
  });
});

describe('support tier expiry', () => {
  const low = (tierExpiresAt: string | null, now = FRIDAY_3PM) =>
    sla({
      tier: 'preferred',
      tierExpiresAt: tierExpiresAt ? at(tierExpiresAt) : null,
      priority: 'low',
      history: history(['NEW', FRIDAY_3PM]),
      now: at(now),
    }).firstResponse!;

  it('counts an expired preferred tier as free from the instant it expires', () => {
    expect(tierAt('preferred', at('2026-11-23T17:00:00Z'), at('2026-11-23T16:59:59Z'))).toBe(
      'preferred',
    );
    expect(tierAt('preferred', at('2026-11-23T17:00:00Z'), at('2026-11-23T17:00:00Z'))).toBe(
      'free',
    );
    expect(tierAt('preferred', null, at('2030-01-01T00:00:00Z'))).toBe('preferred');
    expect(tierAt('free', null, at('2030-01-01T00:00:00Z'))).toBe('free');
  });

  it('loses the preferred target when the tier expires before it is reached', () => {
    expect(low(null).dueAt.toISOString()).toBe('2026-11-24T20:00:00.000Z'); // preferred: Tuesday 15:00
    // expires Monday 12:00: from then on free's 72 hours apply, so low's 5 days bind
    const expired = low('2026-11-23T17:00:00Z', '2026-11-24T21:00:00Z'); // looked at Tuesday 16:00
    expect(expired.dueAt.toISOString()).toBe('2026-11-27T20:00:00.000Z');
    expect(expired.binding).toBe('priority');
    expect(expired.state).toBe('ok');
  });

  it('keeps a breach that happened while the tier was still preferred', () => {
    // expires Wednesday 12:00, after the preferred due time (Tuesday 15:00); looked at Thursday 09:00
    const clock = low('2026-11-25T17:00:00Z', '2026-11-26T14:00:00Z');
    expect(clock.dueAt.toISOString()).toBe('2026-11-24T20:00:00.000Z');
    expect(clock.state).toBe('breached');
    const summary = summarizeTicketSla(
      { firstResponse: clock, resolution: null },
      at('2026-11-26T14:00:00Z'),
    );
    expect(summary.text).toBe('breached 1d 18h ago');
  });

  it('treats a tier that expired before the ticket as free throughout', () => {
    const expiredEarlier = low('2026-11-01T00:00:00Z');
    const free = sla({
      tier: 'free',
      priority: 'low',
      history: history(['NEW', FRIDAY_3PM]),
      now: at(FRIDAY_3PM),
    }).firstResponse!;
    expect(expiredEarlier.dueAt).toEqual(free.dueAt);
    expect(expiredEarlier.binding).toBe('priority');
  });
});

describe('history handling', () => {
  it('accepts changes in any order and ignores those after the evaluation time', () => {
    const changes = history(['ANSWERED', '2026-11-23T14:00:00Z'], ['NEW', FRIDAY_3PM]);
    const before = sla({ history: changes, now: at('2026-11-23T13:30:00Z') }).firstResponse!;
    expect(before.state).toBe('ok');
    expect(before.completedAt).toBeNull();
    expect(sla({ history: changes, now: at('2026-11-23T15:00:00Z') }).firstResponse?.state).toBe(
      'met',
    );
  });

  it('refuses an empty history or a change without a valid time', () => {
    expect(() => sla({ history: [], now: at(FRIDAY_3PM) })).toThrow(/creation/);
    expect(() =>
      sla({ history: [{ status: 'NEW', at: new Date(Number.NaN) }], now: at(FRIDAY_3PM) }),
    ).toThrow(/no valid time/);
  });

  it('has no resolution clock by default, and says so when nothing applies', () => {
    const result = sla({ history: history(['NEW', FRIDAY_3PM]), now: at(FRIDAY_3PM) });
    expect(result.resolution).toBeNull();
    const noTargets = SlaPolicy.parse({
      ...DEFAULT_SLA_POLICY,
      firstResponse: DEFAULT_SLA_POLICY.resolution,
    });
    const none = sla({
      history: history(['NEW', FRIDAY_3PM]),
      now: at(FRIDAY_3PM),
      policy: noTargets,
    });
    expect(none).toEqual({ firstResponse: null, resolution: null });
    expect(summarizeTicketSla(none, at(FRIDAY_3PM))).toMatchObject({ state: 'none', dueAt: null });
  });
});

describe('SLA policy validation', () => {
  it('refuses targets that are not positive, or days that are not whole', () => {
    const withHigh = (high: unknown) =>
      SlaPolicy.safeParse({
        ...DEFAULT_SLA_POLICY,
        firstResponse: {
          ...DEFAULT_SLA_POLICY.firstResponse,
          priorities: { ...DEFAULT_SLA_POLICY.firstResponse.priorities, high },
        },
      }).success;
    expect(withHigh({ clock: 'business_hours', hours: 4 })).toBe(true);
    expect(withHigh({ clock: 'business_hours', hours: 0 })).toBe(false);
    expect(withHigh({ clock: 'business_days', days: 1.5 })).toBe(false);
    expect(withHigh({ clock: 'fortnights', hours: 1 })).toBe(false);
  });
});

describe('formatSlaDuration', () => {
  it('writes hours and minutes, rounding down, with days only when asked', () => {
    expect(formatSlaDuration(59_999)).toBe('<1m');
    expect(formatSlaDuration(40 * MINUTE + 59_999)).toBe('40m');
    expect(formatSlaDuration(2 * HOUR)).toBe('2h');
    expect(formatSlaDuration(2 * HOUR + 15 * MINUTE)).toBe('2h 15m');
    expect(formatSlaDuration(30 * HOUR + 5 * MINUTE)).toBe('30h 5m');
    expect(formatSlaDuration(42 * HOUR, true)).toBe('1d 18h');
    expect(formatSlaDuration(48 * HOUR + 59 * MINUTE, true)).toBe('2d');
  });
});
