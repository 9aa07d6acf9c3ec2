import { localDateOf, localDayBounds } from '../../../../src-shared/calendar/index';
import type { CallbackView } from '../../../../src-shared/domain/callbacks';
import { errorMessage } from '../../api/client';
import { useNow } from '../../hooks/use-now';
import { useViewer } from '../../hooks/use-viewer';
import { useUi } from '../../state/ui';
import { formatClock, zoneAbbreviation } from './calendar-logic';
import { bookedSpan, callbackDescription, customerClock } from './callback-labels';
import { useCallbackList } from './callback-queries';
import { useViewerZone } from './viewer-zone';

/** The viewer's booked callbacks of today, on their own clock: the sidebar counts the same list. */
export function useTodaysCallbacks() {
  const viewer = useViewer();
  const zone = useViewerZone();
  const now = useNow();
  const { start, end } = localDayBounds(zone, localDateOf(zone, new Date(now)));
  const staff = viewer.actor === 'staff' && viewer.user !== null;
  const list = useCallbackList(
    {
      from: start.toISOString(),
      to: end.toISOString(),
      technicianId: viewer.user?.id ?? null,
      includeRequested: false,
    },
    staff,
  );
  const today = (list.data ?? []).filter(
    (c: CallbackView) => c.status === 'booked' && c.startsAt !== null,
  );
  return { list, today, zone, staff };
}

export function TodayCallbacks() {
  const { list, today, zone } = useTodaysCallbacks();
  const openTicket = useUi((s) => s.openTicket);
  const now = useNow();
  return (
    <section className="callbacks__today" aria-labelledby="callbacks-today-heading">
      <h2 id="callbacks-today-heading" className="callbacks__side-heading">
        Today&rsquo;s callbacks{' '}
        <span className="callbacks__zone">({zoneAbbreviation(now, zone)})</span>
      </h2>
      {list.isError ? (
        <p role="alert" className="inline-alert">
          {errorMessage(list.error)}
        </p>
      ) : today.length === 0 ? (
        <p className="callbacks__note">
          {list.isPending ? 'Loading…' : 'Nothing booked for you today.'}
        </p>
      ) : (
        <ul className="callbacks__list" data-testid="todays-callbacks">
          {today.map((c) => {
            const span = bookedSpan(c)!;
            const customer = customerClock(span, c.customerTimeZone, zone);
            const past = span.end < now;
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className="callbacks__row"
                  data-past={past ? 'true' : undefined}
                  title={callbackDescription(c, zone)}
                  onClick={() => openTicket(c.ticketId)}
                >
                  <span className="callbacks__row-main">
                    {formatClock(span.start, zone)}–{formatClock(span.end, zone)}{' '}
                    {c.ticketNumber ?? 'pending'}
                    {c.tentative ? <span className="tag tag--pending">tentative</span> : null}
                  </span>
                  <span className="callbacks__row-sub">
                    {c.organisationName ?? c.ticketSubject}
                    {c.phone ? ` · ${c.phone}` : ''}
                    {customer ? ` · ${customer}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The sidebar's count: the viewer's callbacks still to come or under way today. */
export function TodayCallbackCount() {
  const { today } = useTodaysCallbacks();
  const now = useNow();
  const left = today.filter((c) => (bookedSpan(c)?.end ?? 0) > now).length;
  if (left === 0) return null;
  return (
    <span className="nav-item__count" title={`${left} callbacks left today`}>
      {left}
    </span>
  );
}
