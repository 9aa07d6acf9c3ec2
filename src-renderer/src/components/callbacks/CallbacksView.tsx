import { useQueries } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { localDateOf, type BusinessCalendar } from '../../../../src-shared/calendar/index';
import type { CallbackView } from '../../../../src-shared/domain/callbacks';
import { call, errorMessage } from '../../api/client';
import { useDirectoryUsers } from '../../api/queries';
import { useNow } from '../../hooks/use-now';
import { useViewer } from '../../hooks/use-viewer';
import { useUi } from '../../state/ui';
import { StateMessage } from '../common/StateMessage';
import {
  assignLanes,
  businessSpans,
  dayFrame,
  daysOfView,
  formatClock,
  formatDateHeading,
  formatSpan,
  hourMarks,
  mergeSpans,
  openingMinute,
  placeOnDay,
  rangeOfView,
  stepAnchor,
  systemTimeZone,
  zoneAbbreviation,
  type DayFrame,
  type Span,
} from './calendar-logic';
import { bookedSpan, callbackDescription, customerClock } from './callback-labels';
import { callbackKeys, useBusinessCalendar, useCallbackList } from './callback-queries';
import { TodayCallbacks } from './TodayCallbacks';
import { useCallbackPrefs, useDefaultViewerZone, useViewerZone } from './viewer-zone';
import './callbacks.css';

/** Height of one minute on the calendar, in pixels: a half-hour call has room for two lines. */
const PX_PER_MINUTE = 1;
/** The hour labels' gutter at the left of each day (--callback-gutter in callbacks.css). */
const GUTTER = '2.6rem';

/**
 * The callback calendar: a day or a week, one technician's or the whole team's, in the viewer's
 * zone with each customer's own clock beside their booking. Business hours are shaded; on one
 * technician's calendar the free slots of the business calendar are marked.
 */
export function CallbacksView() {
  const viewer = useViewer();
  const zone = useViewerZone();
  const now = useNow();
  const mode = useCallbackPrefs((s) => s.mode);
  const setMode = useCallbackPrefs((s) => s.setMode);
  const calendarOf = useCallbackPrefs((s) => s.calendarOf);
  const setCalendarOf = useCallbackPrefs((s) => s.setCalendarOf);
  const [anchor, setAnchor] = useState(() => localDateOf(zone, new Date(now)));
  const users = useDirectoryUsers();
  const technicians = (users.data ?? []).filter(
    (u) => u.role === 'technician' || u.role === 'admin',
  );
  const technicianId = calendarOf === 'team' ? null : (calendarOf ?? viewer.user?.id ?? null);
  const days = useMemo(() => daysOfView(mode, anchor), [mode, anchor]);
  const frames = useMemo(() => days.map((day) => dayFrame(zone, day)), [days, zone]);
  const range = rangeOfView(zone, days);
  const list = useCallbackList(
    {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      technicianId,
      includeRequested: true,
    },
    viewer.user !== null,
  );
  const calendar = useBusinessCalendar();
  const free = useFreeStretches(technicianId, frames, calendar.data);
  const gridRef = useRef<HTMLDivElement>(null);
  // Open each period at the start of support's working day, not at midnight.
  const firstWorking = useMemo(
    () => (calendar.data ? openingMinute(frames, calendar.data) : null),
    [frames, calendar.data],
  );
  const periodKey = `${mode}:${days[0]}:${zone}`;
  useEffect(() => {
    if (firstWorking === null) return;
    // after layout, when the grid has its height and can scroll
    const frame = requestAnimationFrame(() =>
      gridRef.current?.scrollTo({ top: Math.max(0, firstWorking * PX_PER_MINUTE - 8) }),
    );
    return () => cancelAnimationFrame(frame);
  }, [firstWorking, periodKey]);

  if (viewer.actor === 'customer')
    return (
      <section className="callbacks" aria-label="Callbacks">
        <StateMessage title="Callbacks are on your tickets">
          Open a ticket to ask for a callback or to see the one that is booked.
        </StateMessage>
      </section>
    );

  const callbacks = list.data ?? [];
  const booked = callbacks.filter((c) => c.startsAt && c.status !== 'cancelled');
  const waiting = callbacks.filter((c) => c.status === 'requested' && !c.startsAt);
  const whose =
    technicianId === null
      ? 'the whole team'
      : technicianId === viewer.user?.id
        ? 'you'
        : (technicians.find((t) => t.id === technicianId)?.name ?? 'a technician');
  const title = `${mode === 'day' ? formatDateHeading(days[0]!) : `Week of ${formatDateHeading(days[0]!)}`}, callbacks of ${whose}`;

  const onGridKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ArrowLeft') setAnchor(stepAnchor(mode, anchor, -1));
    else if (event.key === 'ArrowRight') setAnchor(stepAnchor(mode, anchor, 1));
    else if (event.key === 't') setAnchor(localDateOf(zone, new Date()));
    else return;
    event.preventDefault();
  };

  return (
    <section className="callbacks" aria-label="Callbacks" data-testid="callbacks-view">
      <header className="callbacks__header">
        <h1 className="view-title">Callbacks</h1>
        <div className="callbacks__toolbar" role="toolbar" aria-label="Calendar">
          <button
            type="button"
            className="button button--small"
            onClick={() => setAnchor(stepAnchor(mode, anchor, -1))}
            aria-label={mode === 'day' ? 'Previous day' : 'Previous week'}
          >
            ‹
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setAnchor(localDateOf(zone, new Date()))}
          >
            Today
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setAnchor(stepAnchor(mode, anchor, 1))}
            aria-label={mode === 'day' ? 'Next day' : 'Next week'}
          >
            ›
          </button>
          <fieldset className="callbacks__modes">
            <legend className="visually-hidden">Show</legend>
            {(['day', 'week'] as const).map((m) => (
              <label key={m} className="callbacks__mode">
                <input
                  type="radio"
                  name="callback-mode"
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />
                {m === 'day' ? 'Day' : 'Week'}
              </label>
            ))}
          </fieldset>
          <label className="callbacks__pick">
            Calendar of
            <select
              className="select select--small"
              value={calendarOf ?? ''}
              onChange={(e) => setCalendarOf(e.target.value === '' ? null : e.target.value)}
            >
              <option value="">Me</option>
              <option value="team">The whole team</option>
              {technicians
                .filter((t) => t.id !== viewer.user?.id)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </select>
          </label>
          <ZonePicker calendarZone={calendar.data?.timeZone ?? null} />
        </div>
      </header>
      <div className="callbacks__body">
        <aside className="callbacks__side">
          <TodayCallbacks />
          <WaitingRequests requests={waiting} zone={zone} />
        </aside>
        <div className="callbacks__main">
          <p className="callbacks__caption" id="callback-grid-caption">
            {title} · times in {zone} ({zoneAbbreviation(range.from.getTime(), zone)}).{' '}
            <span className="callbacks__legend">
              <span className="callbacks__swatch callbacks__swatch--hours" aria-hidden="true" />{' '}
              business hours
              {technicianId !== null ? (
                <>
                  {' '}
                  <span
                    className="callbacks__swatch callbacks__swatch--free"
                    aria-hidden="true"
                  />{' '}
                  free slots
                </>
              ) : null}
            </span>
          </p>
          {list.isError ? (
            <p role="alert" className="inline-alert">
              {errorMessage(list.error)}
            </p>
          ) : null}
          <div
            className={`callback-grid callback-grid--${mode}`}
            role="group"
            aria-labelledby="callback-grid-caption"
            aria-describedby="callback-grid-keys"
            tabIndex={0}
            ref={gridRef}
            onKeyDown={onGridKey}
            data-testid="callback-grid"
          >
            <p id="callback-grid-keys" className="visually-hidden">
              Left and right arrows: previous and next {mode}. T: today. Tab moves through the
              callbacks; up and down arrows move within a day.
            </p>
            {frames.map((frame) => (
              <DayColumn
                key={frame.day}
                frame={frame}
                zone={zone}
                now={now}
                callbacks={booked}
                calendar={calendar.data}
                free={free.get(frame.day) ?? null}
                showTechnician={technicianId === null}
              />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

function DayColumn({
  frame,
  zone,
  now,
  callbacks,
  calendar,
  free,
  showTechnician,
}: {
  frame: DayFrame;
  zone: string;
  now: number;
  callbacks: readonly CallbackView[];
  calendar: BusinessCalendar | undefined;
  free: Span[] | null;
  showTechnician: boolean;
}) {
  const openTicket = useUi((s) => s.openTicket);
  const hours = useMemo(() => hourMarks(frame, zone), [frame, zone]);
  const shaded = useMemo(() => (calendar ? businessSpans(frame, calendar) : []), [frame, calendar]);
  const items = assignLanes(
    callbacks.flatMap((c) => {
      const span = bookedSpan(c);
      return span && placeOnDay(frame, span.start, span.end) ? [{ ...span, callback: c }] : [];
    }),
  );
  const heading = formatDateHeading(frame.day);
  const isToday = now >= frame.start && now < frame.end;
  const onKey = (event: KeyboardEvent<HTMLOListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...event.currentTarget.querySelectorAll('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      next.focus();
      event.preventDefault();
    }
  };
  const freeText = free
    ? free.length
      ? `Free: ${free.map((s) => `${formatClock(s.start, zone)}–${formatClock(s.end, zone)}`).join(', ')}`
      : 'No free slots'
    : null;

  return (
    <section
      className="callback-day"
      aria-label={`${heading}${isToday ? ' (today)' : ''}`}
      data-day={frame.day}
    >
      <h2 className="callback-day__heading" aria-current={isToday ? 'date' : undefined}>
        {heading}
        {frame.minutes !== 1440 ? (
          <span className="callback-day__dst"> ({frame.minutes / 60}-hour day: clocks change)</span>
        ) : null}
      </h2>
      {freeText ? <p className="visually-hidden">{freeText}</p> : null}
      <div className="callback-day__track" style={{ height: frame.minutes * PX_PER_MINUTE }}>
        {shaded.map((s) => (
          <div
            key={`h${s.start}`}
            className="callback-day__hours"
            aria-hidden="true"
            style={band(frame, s)}
          />
        ))}
        {(free ?? []).map((s) => (
          <div
            key={`f${s.start}`}
            className="callback-day__free"
            aria-hidden="true"
            title={`Free ${formatClock(s.start, zone)}–${formatClock(s.end, zone)}`}
            style={band(frame, s)}
          />
        ))}
        {hours.map((mark) => (
          <div
            key={mark.at}
            className="callback-day__line"
            aria-hidden="true"
            style={{ top: mark.offset * PX_PER_MINUTE }}
          >
            <span
              className={
                mark.jump ? 'callback-day__label callback-day__label--jump' : 'callback-day__label'
              }
            >
              {mark.label}
            </span>
          </div>
        ))}
        <ol className="callback-day__items" onKeyDown={onKey}>
          {items.map(({ item, lane, lanes }) => {
            const c = item.callback;
            const place = placeOnDay(frame, item.start, item.end)!;
            const customer = customerClock(item, c.customerTimeZone, zone);
            return (
              <li
                key={c.id}
                className="callback-block"
                data-status={c.tentative ? 'tentative' : c.status}
                style={{
                  top: place.top * PX_PER_MINUTE,
                  height: Math.max(place.height * PX_PER_MINUTE, 18),
                  left: `calc(${GUTTER} + (100% - ${GUTTER}) * ${lane / lanes})`,
                  width: `calc((100% - ${GUTTER}) / ${lanes})`,
                }}
              >
                <button
                  type="button"
                  className="callback-block__button"
                  title={callbackDescription(c, zone)}
                  data-testid="callback-block"
                  data-starts-at={c.startsAt ?? undefined}
                  onClick={() => openTicket(c.ticketId)}
                >
                  <span className="callback-block__time">
                    {formatClock(item.start, zone)}–{formatClock(item.end, zone)}
                  </span>{' '}
                  <span className="callback-block__ticket">{c.ticketNumber ?? 'pending'}</span>
                  {c.tentative ? <span className="tag tag--pending">tentative</span> : null}
                  {showTechnician && c.technicianName ? (
                    <span className="callback-block__who"> · {c.technicianName}</span>
                  ) : null}
                  {customer ? <span className="callback-block__customer">{customer}</span> : null}
                  <span className="visually-hidden">. {callbackDescription(c, zone)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}

function band(frame: DayFrame, span: Span) {
  const place = placeOnDay(frame, span.start, span.end);
  return place ? { top: place.top * PX_PER_MINUTE, height: place.height * PX_PER_MINUTE } : {};
}

/** Requests no one has booked yet, oldest first: open the ticket to book a slot. */
function WaitingRequests({ requests, zone }: { requests: CallbackView[]; zone: string }) {
  const openTicket = useUi((s) => s.openTicket);
  return (
    <section className="callbacks__waiting" aria-labelledby="callbacks-waiting-heading">
      <h2 id="callbacks-waiting-heading" className="callbacks__side-heading">
        Waiting to be booked
      </h2>
      {requests.length === 0 ? (
        <p className="callbacks__note">No requests in this period.</p>
      ) : (
        <ul className="callbacks__list">
          {requests.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="callbacks__row"
                onClick={() => openTicket(r.ticketId)}
              >
                <span className="callbacks__row-main">
                  {r.ticketNumber ?? 'pending'} · {r.organisationName ?? r.ticketSubject}
                </span>
                {r.windowStart && r.windowEnd ? (
                  <span className="callbacks__row-sub">
                    {formatSpan(Date.parse(r.windowStart), Date.parse(r.windowEnd), zone)}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const commonZones = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'UTC',
];

/** The zone the screens show times in: the account's (or this computer's) unless one is picked. */
export function ZonePicker({ calendarZone }: { calendarZone: string | null }) {
  const chosen = useCallbackPrefs((s) => s.timeZone);
  const setTimeZone = useCallbackPrefs((s) => s.setTimeZone);
  const system = systemTimeZone();
  const fallback = useDefaultViewerZone();
  const zones = [...new Set([...(calendarZone ? [calendarZone] : []), ...commonZones])].filter(
    (z) => z !== fallback,
  );
  return (
    <label className="callbacks__pick">
      Times in
      <select
        className="select select--small"
        value={chosen ?? ''}
        onChange={(e) => setTimeZone(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">
          {fallback === system ? `This computer (${system})` : `My settings (${fallback})`}
        </option>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
            {z === calendarZone ? ' (support)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * One technician's free time on the shown days: the free slots of every business-calendar day
 * that touches them (the business day and the viewer's day differ across zones), merged.
 */
function useFreeStretches(
  technicianId: string | null,
  frames: readonly DayFrame[],
  calendar: BusinessCalendar | undefined,
): Map<string, Span[]> {
  const businessDays = calendar
    ? [
        ...new Set(
          frames.flatMap((f) => [
            localDateOf(calendar.timeZone, new Date(f.start)),
            localDateOf(calendar.timeZone, new Date(f.end - 1)),
          ]),
        ),
      ]
    : [];
  const results = useQueries({
    queries: businessDays.map((day) => {
      const input = { technicianId: technicianId ?? '', day, durationMinutes: 15 };
      return {
        queryKey: callbackKeys.free(input),
        queryFn: () => call('callbacks.freeSlots', input),
        enabled: technicianId !== null,
      };
    }),
  });
  const byDay = new Map<string, Span[]>();
  if (technicianId === null) return byDay;
  const all = mergeSpans(
    results.flatMap((r) =>
      (r.data?.slots ?? []).map((s) => ({
        start: Date.parse(s.startsAt),
        end: Date.parse(s.endsAt),
      })),
    ),
  );
  for (const frame of frames)
    byDay.set(
      frame.day,
      all.flatMap((s) => {
        const start = Math.max(s.start, frame.start);
        const end = Math.min(s.end, frame.end);
        return end > start ? [{ start, end }] : [];
      }),
    );
  return byDay;
}
