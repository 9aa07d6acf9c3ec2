import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../src-shared/calendar/index';
import type { CallbackView } from '../../../src-shared/domain/callbacks';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../src-shared/sla/index';
import {
  assignLanes,
  businessSpans,
  dayFrame,
  daysOfView,
  formatSpan,
  hourMarks,
  mergeSpans,
  openingMinute,
  placeOnDay,
  rangeOfView,
  stepAnchor,
} from '../../../src-renderer/src/components/callbacks/calendar-logic';
import {
  callbackDescription,
  customerClock,
} from '../../../src-renderer/src/components/callbacks/callback-labels';
import {
  formOfPolicy,
  policyOfForm,
} from '../../../src-renderer/src/components/sla-policy/policy-form';

const minute = 60_000;
const hour = 60 * minute;

describe('the days a calendar view shows', () => {
  it('shows a week from Monday to Sunday, whatever day it is anchored on', () => {
    expect(daysOfView('week', '2026-11-26')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(daysOfView('week', '2026-11-29')[0]).toBe('2026-11-23');
    expect(daysOfView('week', '2026-11-30')[0]).toBe('2026-11-30');
    expect(daysOfView('day', '2026-03-08')).toEqual(['2026-03-08']);
  });

  it('steps by a day or a week, across months and years', () => {
    expect(stepAnchor('day', '2026-12-31', 1)).toBe('2027-01-01');
    expect(stepAnchor('week', '2026-03-02', -1)).toBe('2026-02-23');
  });

  it('spans the viewer’s local midnights', () => {
    const range = rangeOfView('Europe/Berlin', daysOfView('week', '2026-11-25'));
    expect(range.from.toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-29T23:00:00.000Z');
  });
});

describe('hour lines and their labels across daylight saving changes', () => {
  it('has 24 lines on an ordinary day, labelled 00:00 to 23:00', () => {
    const frame = dayFrame('America/New_York', '2026-11-24');
    const marks = hourMarks(frame, 'America/New_York', 'en-US');
    expect(frame.minutes).toBe(1440);
    expect(marks.map((m) => m.label)).toEqual(
      Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`),
    );
    expect(marks.some((m) => m.jump)).toBe(false);
  });

  it('has 23 lines when clocks go forward: no 02:00, and the jump is marked', () => {
    const frame = dayFrame('America/New_York', '2026-03-08');
    const marks = hourMarks(frame, 'America/New_York', 'en-US');
    expect(frame.minutes).toBe(23 * 60);
    expect(marks.map((m) => m.label).slice(0, 4)).toEqual(['00:00', '01:00', '03:00', '04:00']);
    expect(marks.filter((m) => m.jump).map((m) => m.label)).toEqual(['03:00']);
    expect(marks).toHaveLength(23);
  });

  it('has 25 lines when clocks go back: 01:00 twice', () => {
    const frame = dayFrame('Europe/Berlin', '2026-10-25');
    const marks = hourMarks(frame, 'Europe/Berlin', 'en-US');
    expect(frame.minutes).toBe(25 * 60);
    expect(marks.map((m) => m.label).slice(0, 5)).toEqual([
      '00:00',
      '01:00',
      '02:00',
      '02:00',
      '03:00',
    ]);
    expect(marks).toHaveLength(25);
  });

  it('places a booking after the change by real time, so it lines up with its label', () => {
    const zone = 'America/New_York';
    const frame = dayFrame(zone, '2026-03-08');
    // 10:00 EDT is 14:00 UTC: nine real hours after midnight EST (05:00 UTC).
    const start = Date.parse('2026-03-08T14:00:00Z');
    const place = placeOnDay(frame, start, start + 30 * minute)!;
    expect(place.top).toBe(9 * 60);
    expect(place.height).toBe(30);
    const line = hourMarks(frame, zone, 'en-US').find((m) => m.offset === place.top);
    expect(line?.label).toBe('10:00');
  });

  it('cuts a booking across midnight at the day’s edge and leaves other days alone', () => {
    const frame = dayFrame('UTC', '2026-11-24');
    const start = Date.parse('2026-11-24T23:45:00Z');
    expect(placeOnDay(frame, start, start + 30 * minute)).toEqual({
      top: 1425,
      height: 15,
      clippedStart: false,
      clippedEnd: true,
    });
    expect(placeOnDay(dayFrame('UTC', '2026-11-26'), start, start + 30 * minute)).toBeNull();
  });
});

describe('business hours on the viewer’s calendar', () => {
  it('shades 08:00–20:00 New York time on a Berlin weekday, crossing into the next day', () => {
    const tuesday = businessSpans(
      dayFrame('Europe/Berlin', '2026-11-24'),
      DEFAULT_BUSINESS_CALENDAR,
    );
    // Monday's 14:00–02:00 Berlin ends at 02:00 Tuesday; Tuesday's starts at 14:00.
    expect(
      tuesday.map((s) => [new Date(s.start).toISOString(), new Date(s.end).toISOString()]),
    ).toEqual([
      ['2026-11-23T23:00:00.000Z', '2026-11-24T01:00:00.000Z'],
      ['2026-11-24T13:00:00.000Z', '2026-11-24T23:00:00.000Z'],
    ]);
    expect(
      businessSpans(dayFrame('America/New_York', '2026-11-28'), DEFAULT_BUSINESS_CALENDAR),
    ).toEqual([]);
  });

  it('opens a week at the start of support’s working day in the viewer’s zone', () => {
    const week = (zone: string) => daysOfView('week', '2026-11-25').map((d) => dayFrame(zone, d));
    expect(openingMinute(week('America/New_York'), DEFAULT_BUSINESS_CALENDAR)).toBe(8 * 60);
    // Berlin: 14:00, not the 00:00–02:00 spill of New York's evening into Saturday
    expect(openingMinute(week('Europe/Berlin'), DEFAULT_BUSINESS_CALENDAR)).toBe(14 * 60);
    expect(openingMinute(week('America/Los_Angeles'), DEFAULT_BUSINESS_CALENDAR)).toBe(5 * 60);
    const sunday = [dayFrame('America/New_York', '2026-11-29')];
    expect(openingMinute(sunday, DEFAULT_BUSINESS_CALENDAR)).toBe(7 * 60);
  });

  it('merges adjacent free slots into stretches', () => {
    expect(
      mergeSpans([
        { start: 30, end: 45 },
        { start: 0, end: 15 },
        { start: 15, end: 30 },
        { start: 60, end: 75 },
      ]),
    ).toEqual([
      { start: 0, end: 45 },
      { start: 60, end: 75 },
    ]);
  });
});

describe('lanes for overlapping bookings in the team view', () => {
  it('puts overlapping bookings side by side and lone ones full width', () => {
    const items = [
      { id: 'a', start: 0, end: 30 },
      { id: 'b', start: 15, end: 45 },
      { id: 'c', start: 30, end: 60 },
      { id: 'd', start: 90, end: 120 },
    ];
    const lanes = Object.fromEntries(assignLanes(items).map((p) => [p.item.id, [p.lane, p.lanes]]));
    expect(lanes).toEqual({ a: [0, 2], b: [1, 2], c: [0, 2], d: [0, 1] });
  });
});

describe('the words for a callback in two zones', () => {
  const start = Date.parse('2026-11-24T15:00:00Z');
  const span = { start, end: start + 30 * minute };

  it('gives the customer’s own clock beside the viewer’s', () => {
    expect(formatSpan(span.start, span.end, 'Europe/Berlin', 'en-US')).toBe(
      'Tue, Nov 24, 16:00–16:30 GMT+1',
    );
    expect(customerClock(span, 'America/Los_Angeles', 'Europe/Berlin', 'en-US')).toBe(
      '07:00–07:30 PST for the customer',
    );
    expect(customerClock(span, 'Europe/Berlin', 'Europe/Berlin', 'en-US')).toBeNull();
  });

  it('follows each zone’s own clock change: the US and Europe change on different dates', () => {
    // 2026-03-10: New York is on summer time already, Berlin is not yet.
    const at = Date.parse('2026-03-10T13:00:00Z');
    expect(
      customerClock({ start: at, end: at + hour }, 'America/New_York', 'Europe/Berlin', 'en-US'),
    ).toBe('09:00–10:00 EDT for the customer');
    expect(formatSpan(at, at + hour, 'Europe/Berlin', 'en-US')).toContain('14:00–15:00');
  });

  it('names the end day when a span ends on another day', () => {
    const late = Date.parse('2026-11-24T22:45:00Z');
    expect(formatSpan(late, late + 30 * minute, 'Europe/Berlin', 'en-US')).toBe(
      'Tue, Nov 24, 23:45–Wed, Nov 25, 00:15 GMT+1',
    );
  });

  it('describes a tentative booking for a screen reader', () => {
    const callback = {
      id: 'c1',
      ticketId: 't1',
      organisationId: 'o1',
      status: 'booked',
      requestedById: null,
      windowStart: null,
      windowEnd: null,
      customerTimeZone: 'America/Los_Angeles',
      phone: null,
      note: '',
      technicianId: 'u1',
      startsAt: new Date(start).toISOString(),
      durationMinutes: 30,
      bookedById: 'u1',
      completedAt: null,
      outcomeNote: null,
      createdAt: new Date(start).toISOString(),
      updatedAt: new Date(start).toISOString(),
      ticketNumber: 'HW00000094',
      ticketSubject: 'Gate keypad offline',
      technicianName: 'Dana Whitfield',
      requesterName: null,
      organisationName: 'Harbor Point',
      tentative: true,
      pending: true,
    } satisfies CallbackView;
    expect(callbackDescription(callback, 'America/New_York', 'en-US')).toBe(
      'Tentative: Tue, Nov 24, 10:00–10:30 EST (07:00–07:30 PST for the customer), HW00000094 for Harbor Point with Dana Whitfield',
    );
  });
});

describe('the admin’s SLA policy form', () => {
  it('round-trips the default policy', () => {
    const result = policyOfForm(formOfPolicy(DEFAULT_SLA_POLICY));
    expect(result).toEqual({ ok: true, policy: DEFAULT_SLA_POLICY });
  });

  it('turns a resolution target into a valid policy', () => {
    const form = formOfPolicy(DEFAULT_SLA_POLICY);
    form.cells.resolution.high = { kind: 'business_hours', amount: '16' };
    form.cells.resolution.preferred = { kind: 'business_days', amount: '3' };
    form.atRiskPercent = '25';
    const result = policyOfForm(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(SlaPolicy.parse(result.policy)).toEqual(result.policy);
    expect(result.policy.resolution.priorities.high).toEqual({
      clock: 'business_hours',
      hours: 16,
    });
    expect(result.policy.resolution.tiers.preferred).toEqual({ clock: 'business_days', days: 3 });
    expect(result.policy.atRiskFraction).toBe(0.25);
  });

  it('says which field to fix', () => {
    const form = formOfPolicy(DEFAULT_SLA_POLICY);
    form.cells.firstResponse.low = { kind: 'business_days', amount: '2.5' };
    form.cells.resolution.normal = { kind: 'business_hours', amount: '' };
    form.atRiskPercent = '100';
    const result = policyOfForm(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual([
      'firstResponse.low',
      'resolution.normal',
      'atRiskPercent',
    ]);
  });
});
