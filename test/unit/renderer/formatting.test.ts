import { describe, expect, it } from 'vitest';
import { statusColours, ticketStatuses } from '../../../src-shared/domain/ticket';
import {
  formatCompactCount,
  formatCount,
  pluralise,
} from '../../../src-renderer/src/format/number';
import { formatExact, formatRelative } from '../../../src-renderer/src/format/time';
import {
  displayTicketNumber,
  readableTextOn,
  relativeLuminance,
  statusBadgeColours,
} from '../../../src-renderer/src/format/ticket';

const en = { locale: 'en-US', timeZone: 'America/New_York' };
const now = Date.parse('2026-03-15T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;

describe('formatRelative', () => {
  it('says "now" for the last few seconds, and for small clock skew into the future', () => {
    expect(formatRelative(ago(10_000), now, en)).toBe('now');
    expect(formatRelative(ago(-60_000), now, en)).toBe('now');
  });

  it('counts minutes, hours and days for the last week', () => {
    expect(formatRelative(ago(5 * MIN), now, en)).toBe('5 min. ago');
    expect(formatRelative(ago(3 * 60 * MIN), now, en)).toBe('3 hr. ago');
    expect(formatRelative(ago(24 * 60 * MIN), now, en)).toBe('yesterday');
    expect(formatRelative(ago(4 * 24 * 60 * MIN), now, en)).toBe('4 days ago');
  });

  it('switches to a date after a week, with the year only when it differs', () => {
    expect(formatRelative('2026-02-01T15:00:00Z', now, en)).toBe('Feb 1');
    expect(formatRelative('2025-12-24T15:00:00Z', now, en)).toBe('Dec 24, 2025');
  });

  it('uses the viewer time zone for the calendar date', () => {
    // 03:00 UTC on 1 Feb is still 31 Jan in New York.
    expect(formatRelative('2026-02-01T03:00:00Z', now, en)).toBe('Jan 31');
    expect(
      formatRelative('2026-02-01T03:00:00Z', now, { locale: 'en-US', timeZone: 'Europe/Paris' }),
    ).toBe('Feb 1');
  });

  it('shows a dash for a value that is not a date', () => {
    expect(formatRelative('not a date', now, en)).toBe('—');
  });
});

describe('formatExact', () => {
  it('gives date, time and the zone in the viewer time zone', () => {
    expect(formatExact('2026-03-15T12:00:00Z', en)).toBe('Mar 15, 2026, 8:00 AM (EDT)');
    expect(
      formatExact('2026-01-15T12:00:00Z', { locale: 'en-GB', timeZone: 'Europe/London' }),
    ).toBe('15 Jan 2026, 12:00 (GMT)');
  });
});

describe('number formatting', () => {
  it('groups digits by locale', () => {
    expect(formatCount(100_000, { locale: 'en-US' })).toBe('100,000');
    expect(formatCount(1234, { locale: 'de-DE' })).toBe('1.234');
  });

  it('keeps counts exact below 10,000 and compact above', () => {
    expect(formatCompactCount(9_999, { locale: 'en-US' })).toBe('9,999');
    expect(formatCompactCount(12_345, { locale: 'en-US' })).toBe('12.3K');
    expect(formatCompactCount(100_000, { locale: 'en-US' })).toBe('100K');
    expect(formatCompactCount(1_250_000, { locale: 'en-US' })).toBe('1.3M');
  });

  it('picks the plural form from the count', () => {
    expect(pluralise(1, 'change', 'changes', { locale: 'en-US' })).toBe('1 change');
    expect(pluralise(0, 'change', 'changes', { locale: 'en-US' })).toBe('0 changes');
    expect(pluralise(2_500, 'ticket', 'tickets', { locale: 'en-US' })).toBe('2,500 tickets');
  });
});

describe('ticket display', () => {
  it('shows "pending" for a ticket the server has not numbered yet', () => {
    expect(displayTicketNumber(null)).toBe('pending');
    expect(displayTicketNumber('HW00000094')).toBe('HW00000094');
  });

  it('computes WCAG luminance', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 5);
  });

  it('puts dark text on light PTI colours and light text on dark ones', () => {
    expect(readableTextOn(statusColours.NEW.hex)).toBe('#000000');
    expect(readableTextOn(statusColours.OPEN.hex)).toBe('#000000');
    expect(readableTextOn(statusColours.CLOSED.hex)).toBe('#ffffff');
    expect(readableTextOn(statusColours.SCHEDULED.hex)).toBe('#ffffff');
  });

  it('keeps every badge at a contrast of at least 4.5:1', () => {
    for (const status of ticketStatuses) {
      const { background, text } = statusBadgeColours(status);
      const [a, b] = [relativeLuminance(background), relativeLuminance(text)].sort(
        (x, y) => y - x,
      ) as [number, number];
      expect((a + 0.05) / (b + 0.05), status).toBeGreaterThanOrEqual(4.5);
    }
  });
});
