import {
  addLocalDays,
  isWorkingInstant,
  localDateOf,
  localDayBounds,
  localMinuteOfDay,
  weekdayOfDate,
  type BusinessCalendar,
} from '../../../../src-shared/calendar/index';
import { CALLBACK_GRID_MS } from '../../../../src-shared/domain/callbacks';

/**
 * The callback calendar's layout, free of React: which days a view shows, where on a day's
 * column a booking sits, the hour lines and their labels, and the shaded business hours. A day
 * is laid out in real time from the viewer's local midnight to the next, so the day clocks go
 * forward has 23 hours (and no 02:00 line), the day they go back has 25 (and 01:00 twice).
 */

export type CalendarMode = 'day' | 'week';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** The viewer's zone: their own choice, else the zone of this computer. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The local dates a view shows: the day itself, or its week from Monday to Sunday. */
export function daysOfView(mode: CalendarMode, anchorDay: string): string[] {
  if (mode === 'day') return [anchorDay];
  const monday = addLocalDays(anchorDay, -weekdayOfDate(anchorDay));
  return Array.from({ length: 7 }, (_, i) => addLocalDays(monday, i));
}

/** The day the view moves to on "previous" (-1) or "next" (+1). */
export function stepAnchor(mode: CalendarMode, anchorDay: string, direction: -1 | 1): string {
  return addLocalDays(anchorDay, direction * (mode === 'day' ? 1 : 7));
}

/** The instants a view spans in the viewer's zone, for `callbacks.list`. */
export function rangeOfView(timeZone: string, days: readonly string[]): { from: Date; to: Date } {
  return {
    from: localDayBounds(timeZone, days[0]!).start,
    to: localDayBounds(timeZone, days[days.length - 1]!).end,
  };
}

export interface DayFrame {
  day: string;
  start: number;
  end: number;
  /** Real minutes in the day: 1440, or 1380 / 1500 on a day the clocks change. */
  minutes: number;
}

export function dayFrame(timeZone: string, day: string): DayFrame {
  const { start, end } = localDayBounds(timeZone, day);
  return {
    day,
    start: start.getTime(),
    end: end.getTime(),
    minutes: (end.getTime() - start.getTime()) / MS_PER_MINUTE,
  };
}

export interface HourMark {
  /** Minutes after the day's start (real time), where the line is drawn. */
  offset: number;
  /** The wall-clock reading there, "00:00" … "23:00"; a repeated hour appears twice. */
  label: string;
  at: number;
  /** The clock jumped here: the reading is not one hour after the line above (a DST change). */
  jump: boolean;
}

/** One line per real hour of the day, labelled with what the viewer's clock reads then. */
export function hourMarks(frame: DayFrame, timeZone: string, locale?: string): HourMark[] {
  const marks: HourMark[] = [];
  let before: number | null = null;
  for (let at = frame.start; at < frame.end; at += MS_PER_HOUR) {
    const minute = localMinuteOfDay(timeZone, new Date(at));
    marks.push({
      offset: (at - frame.start) / MS_PER_MINUTE,
      label: formatClock(at, timeZone, locale),
      at,
      jump: before !== null && (minute - before + 1440) % 1440 !== 60,
    });
    before = minute;
  }
  return marks;
}

export interface Placement {
  /** Minutes after the day's start. */
  top: number;
  height: number;
  /** Cut at the start or end of the day (a booking across midnight shows on both days). */
  clippedStart: boolean;
  clippedEnd: boolean;
}

/** Where [start, end) sits on a day's column, or null when it falls on another day. */
export function placeOnDay(frame: DayFrame, start: number, end: number): Placement | null {
  if (end <= frame.start || start >= frame.end) return null;
  const from = Math.max(start, frame.start);
  const to = Math.min(end, frame.end);
  return {
    top: (from - frame.start) / MS_PER_MINUTE,
    height: (to - from) / MS_PER_MINUTE,
    clippedStart: start < frame.start,
    clippedEnd: end > frame.end,
  };
}

export interface Span {
  start: number;
  end: number;
}

/** The working time of the business calendar within a day, as merged spans (grid precision). */
export function businessSpans(frame: DayFrame, calendar: BusinessCalendar): Span[] {
  const spans: Span[] = [];
  const first = Math.ceil(frame.start / CALLBACK_GRID_MS) * CALLBACK_GRID_MS;
  for (let at = first; at < frame.end; at += CALLBACK_GRID_MS) {
    if (!isWorkingInstant(calendar, new Date(at))) continue;
    const last = spans[spans.length - 1];
    const end = Math.min(at + CALLBACK_GRID_MS, frame.end);
    if (last && last.end === at) last.end = end;
    else spans.push({ start: Math.max(at, frame.start), end });
  }
  return spans;
}

/**
 * Where a period's calendar opens, in minutes after local midnight: where the longest working
 * stretch of its days begins (a late shift that spills past midnight, or a weekend day with
 * only that spill, does not count), or 07:00 when none of its days has working time.
 */
export function openingMinute(frames: readonly DayFrame[], calendar: BusinessCalendar): number {
  let best: { length: number; minute: number } | null = null;
  for (const frame of frames)
    for (const span of businessSpans(frame, calendar))
      if (!best || span.end - span.start > best.length)
        best = {
          length: span.end - span.start,
          minute: (span.start - frame.start) / MS_PER_MINUTE,
        };
  return best ? best.minute : 7 * 60;
}

/** Adjacent or overlapping spans merged, in order (free slots become free stretches). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Side-by-side lanes for overlapping bookings (the team view: several technicians at 10:00).
 * Items keep their order; each gets a lane and the lane count of its overlapping group.
 */
export function assignLanes<T extends Span>(
  items: readonly T[],
): { item: T; lane: number; lanes: number }[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
  const placed: { item: T; lane: number; lanes: number }[] = [];
  let group: { item: T; lane: number; lanes: number }[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    const lanes = Math.max(0, ...group.map((g) => g.lane)) + 1;
    for (const g of group) g.lanes = lanes;
    placed.push(...group);
    group = [];
  };
  for (const item of sorted) {
    if (item.start >= groupEnd && group.length > 0) close();
    const laneEnds = new Map<number, number>();
    for (const g of group) laneEnds.set(g.lane, Math.max(laneEnds.get(g.lane) ?? 0, g.item.end));
    let lane = 0;
    while ((laneEnds.get(lane) ?? -Infinity) > item.start) lane++;
    group.push({ item, lane, lanes: 1 });
    groupEnd = Math.max(groupEnd, item.end);
  }
  if (group.length > 0) close();
  return placed;
}

// ── labels ─────────────────────────────────────────────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(
  locale: string | undefined,
  timeZone: string,
  style: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = JSON.stringify([locale, timeZone, style]);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...style, timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "09:30" on a zone's 24-hour clock. */
export function formatClock(at: number, timeZone: string, locale?: string): string {
  return format(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    at,
  );
}

/** "Tue 24 Nov" in the zone. */
export function formatDayLabel(at: number, timeZone: string, locale?: string): string {
  return format(locale, timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(at);
}

/** A local date's heading, "Tuesday 24 November", read on the date itself (no zone shift). */
export function formatDateHeading(day: string, locale?: string): string {
  return format(locale, 'UTC', { weekday: 'long', day: 'numeric', month: 'long' }).format(
    Date.parse(`${day}T12:00:00Z`),
  );
}

/** The zone's short name at an instant: "PST", "CET", or "GMT+1" where there is none. */
export function zoneAbbreviation(at: number, timeZone: string, locale?: string): string {
  return (
    format(locale ?? 'en-US', timeZone, { timeZoneName: 'short' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone
  );
}

/**
 * "Tue 24 Nov, 10:00–10:30 CET": a span on one zone's clock, with the date of its end too when
 * it ends on another day there.
 */
export function formatSpan(start: number, end: number, timeZone: string, locale?: string): string {
  const startDay = formatDayLabel(start, timeZone, locale);
  const endDay = formatDayLabel(end, timeZone, locale);
  const to =
    endDay === startDay
      ? formatClock(end, timeZone, locale)
      : `${endDay}, ${formatClock(end, timeZone, locale)}`;
  return `${startDay}, ${formatClock(start, timeZone, locale)}–${to} ${zoneAbbreviation(start, timeZone, locale)}`;
}

/** The local date an instant falls on in the viewer's zone. */
export function dayOf(at: number, timeZone: string): string {
  return localDateOf(timeZone, new Date(at));
}

/** Choices for a call's length: 15 minutes to 4 hours in 15-minute steps. */
export function durationChoices(min: number, max: number, step: number): number[] {
  const choices: number[] = [];
  for (let minutes = min; minutes <= max; minutes += step) choices.push(minutes);
  return choices;
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}
