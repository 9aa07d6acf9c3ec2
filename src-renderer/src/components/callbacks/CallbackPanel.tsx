import { useState, type FormEvent } from 'react';
import { instantAtLocal, localDateOf } from '../../../../src-shared/calendar/index';
import {
  CALLBACK_GRID_MINUTES,
  MAX_CALLBACK_MINUTES,
  MIN_CALLBACK_MINUTES,
  preferredSupportRequired,
  type CallbackView,
} from '../../../../src-shared/domain/callbacks';
import type { AttentionItem, TicketDetail } from '../../../../src-shared/domain/timeline';
import { errorMessage } from '../../api/client';
import { useResolveAttention } from '../../api/mutations';
import { useAttentionItems, useDirectoryUsers } from '../../api/queries';
import { useNow } from '../../hooks/use-now';
import type { Viewer } from '../../hooks/use-viewer';
import { useUi } from '../../state/ui';
import {
  durationChoices,
  formatClock,
  formatDuration,
  formatSpan,
  zoneAbbreviation,
} from './calendar-logic';
import { bookedSpan, customerClock } from './callback-labels';
import {
  useBookCallback,
  useBusinessCalendar,
  useCompleteCallback,
  useFreeSlots,
  useRequestCallback,
} from './callback-queries';
import { useViewerZone } from './viewer-zone';
import './callbacks.css';

/**
 * A ticket's callback, for whoever looks at it: the customer sees their booked call on their
 * own clock (or asks for one, or is told how to get Preferred Support); a technician books a
 * free slot, sees it tentative until the server confirms it, and marks it done, missed or
 * cancelled. A slot someone took meanwhile comes back here as a conflict with a way to pick
 * another, keeping what was chosen.
 */
export function CallbackPanel({ ticket, viewer }: { ticket: TicketDetail; viewer: Viewer }) {
  if (!viewer.actor || !viewer.user) return null;
  return (
    <section
      className="callback-panel"
      aria-labelledby="callback-panel-heading"
      data-testid="callback-panel"
    >
      {/* under the ticket's subject (h2) in the outline */}
      <h3 id="callback-panel-heading" className="callback-panel__heading">
        Callback
      </h3>
      {viewer.actor === 'staff' ? (
        <StaffCallback ticket={ticket} viewer={viewer} />
      ) : (
        <CustomerCallback ticket={ticket} />
      )}
    </section>
  );
}

const closedStatuses = new Set(['RESOLVED', 'CLOSED']);

// ── the customer's side ──────────────────────────────────────────────────────────────────────

function CustomerCallback({ ticket }: { ticket: TicketDetail }) {
  const zone = useViewerZone();
  const callback = ticket.callback ?? null;
  const showKb = useUi((s) => s.showKb);

  if (callback) return <CallbackSummary callback={callback} zone={zone} who="customer" />;
  if (ticket.supportTier === 'free')
    return (
      <div className="callback-panel__note" data-testid="callback-upgrade">
        <p>{preferredSupportRequired('customer', null)}</p>
        <button
          type="button"
          className="button button--small"
          onClick={() => showKb({ query: 'Upgrade to Preferred Support' })}
        >
          Read how to upgrade
        </button>
      </div>
    );
  if (ticket.supportTier == null)
    return (
      <p className="callback-panel__note">
        Callbacks come with Preferred Support. Whether your organisation has it shows here after the
        next sync.
      </p>
    );
  if (closedStatuses.has(ticket.status))
    return (
      <p className="callback-panel__note">
        This ticket is {ticket.status === 'CLOSED' ? 'closed' : 'resolved'}; a callback can be asked
        for on an open ticket.
      </p>
    );
  return <RequestForm ticketId={ticket.id} zone={zone} />;
}

function RequestForm({ ticketId, zone }: { ticketId: string; zone: string }) {
  const now = useNow();
  const [open, setOpen] = useState(false);
  const [day, setDay] = useState(() => localDateOf(zone, new Date(now + 86_400_000)));
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('11:00');
  const [phone, setPhone] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const request = useRequestCallback();

  if (!open)
    return (
      <button
        type="button"
        className="button button--small button--primary"
        onClick={() => setOpen(true)}
      >
        Ask for a callback
      </button>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minutes = (hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      return h! * 60 + m!;
    };
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
      !/^\d{2}:\d{2}$/.test(from) ||
      !/^\d{2}:\d{2}$/.test(to)
    )
      return setProblem('Give a day and a from and to time for the window.');
    const start = instantAtLocal(zone, day, minutes(from));
    const end = instantAtLocal(zone, day, minutes(to));
    if (end <= start) return setProblem('The window must end after it starts.');
    setProblem(null);
    request.mutate(
      {
        ticketId,
        windowStart: start.toISOString(),
        windowEnd: end.toISOString(),
        timeZone: zone,
        phone: phone.trim() === '' ? null : phone.trim(),
        note,
      },
      { onSuccess: () => setOpen(false) },
    );
  };

  return (
    <form className="callback-form" aria-label="Ask for a callback" onSubmit={submit}>
      <p className="form-hint">
        Pick when you can take a call, on your clock ({zone}). Support books a time in that window.
      </p>
      <div className="callback-form__row">
        <div className="form-field">
          <label htmlFor="cb-day">Day</label>
          <input id="cb-day" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </div>
        <div className="form-field">
          <label htmlFor="cb-from">From</label>
          <input
            id="cb-from"
            type="time"
            step={900}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="form-field">
          <label htmlFor="cb-to">To</label>
          <input
            id="cb-to"
            type="time"
            step={900}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
      </div>
      <div className="form-field">
        <label htmlFor="cb-phone">Phone</label>
        <input
          id="cb-phone"
          type="tel"
          value={phone}
          placeholder="The first number in My settings"
          onChange={(e) => setPhone(e.target.value)}
        />
      </div>
      <div className="form-field">
        <label htmlFor="cb-note">Note (optional)</label>
        <textarea id="cb-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {problem || request.isError ? (
        <p role="alert" className="inline-alert">
          {problem ?? errorMessage(request.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={request.isPending}>
          Ask for the callback
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Not now
        </button>
      </div>
    </form>
  );
}

// ── what both sides see of a callback ────────────────────────────────────────────────────────

function CallbackSummary({
  callback,
  zone,
  who,
}: {
  callback: CallbackView;
  zone: string;
  who: 'customer' | 'staff';
}) {
  const span = bookedSpan(callback);
  const complete = useCompleteCallback();
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const state = callback.tentative ? 'tentative' : callback.status;
  const window =
    callback.windowStart && callback.windowEnd
      ? formatSpan(Date.parse(callback.windowStart), Date.parse(callback.windowEnd), zone)
      : null;
  const customerWindow =
    who === 'staff' &&
    callback.windowStart &&
    callback.windowEnd &&
    callback.customerTimeZone &&
    callback.customerTimeZone !== zone
      ? formatSpan(
          Date.parse(callback.windowStart),
          Date.parse(callback.windowEnd),
          callback.customerTimeZone,
        )
      : null;
  const finish = (outcome: 'done' | 'missed' | 'cancelled') =>
    complete.mutate({ callbackId: callback.id, outcome, note }, { onSuccess: () => setNote('') });

  return (
    <div className="callback-summary" data-testid="callback-summary" data-status={state}>
      {span ? (
        <p className="callback-summary__when">
          <span className="callback-summary__label">
            {callback.tentative ? 'Booked here, not yet confirmed' : 'Scheduled'}
          </span>{' '}
          <time
            dateTime={callback.startsAt ?? undefined}
            data-testid="callback-time"
            data-starts-at={callback.startsAt ?? undefined}
          >
            {formatSpan(span.start, span.end, zone)}
          </time>
          {callback.tentative ? <span className="tag tag--pending">tentative</span> : null}
        </p>
      ) : (
        <p className="callback-summary__when">
          <span className="callback-summary__label">Requested</span>{' '}
          {window ? `for ${window}` : null}
          {customerWindow ? ` (${customerWindow} for the customer)` : null}
        </p>
      )}
      <ul className="callback-summary__facts">
        {span && who === 'staff' ? (
          <li>
            {customerClock(span, callback.customerTimeZone, zone) ??
              `The customer is on the same clock (${zoneAbbreviation(span.start, zone)}).`}
          </li>
        ) : null}
        {span && callback.technicianName ? <li>With {callback.technicianName}</li> : null}
        {span && window && who === 'customer' ? <li>You asked for {window}</li> : null}
        <li>
          {callback.phone
            ? `${who === 'customer' ? 'We will call' : 'Call'} ${callback.phone}`
            : who === 'customer'
              ? 'We will call the first number in My settings'
              : 'Number: the first one in the customer’s settings'}
        </li>
        {callback.note ? <li>“{callback.note}”</li> : null}
      </ul>
      {who === 'staff' ? (
        <div className="callback-summary__actions">
          <div className="form-field">
            <label htmlFor={`cb-outcome-note-${callback.id}`}>Note (optional)</label>
            <input
              id={`cb-outcome-note-${callback.id}`}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          {span ? (
            <>
              <button type="button" className="button button--small" onClick={() => finish('done')}>
                Done
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => finish('missed')}
              >
                Missed
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="button button--small button--danger-quiet"
            onClick={() => finish('cancelled')}
          >
            Cancel callback
          </button>
        </div>
      ) : confirming ? (
        <div className="callback-summary__actions" role="group" aria-label="Cancel the callback?">
          <span>Cancel this callback?</span>
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => finish('cancelled')}
          >
            Yes, cancel it
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(false)}
          >
            Keep it
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button button--small button--danger-quiet"
          onClick={() => setConfirming(true)}
        >
          Cancel callback
        </button>
      )}
      {complete.isError ? (
        <p role="alert" className="inline-alert">
          {errorMessage(complete.error)}
        </p>
      ) : null}
    </div>
  );
}

// ── the technician's side ────────────────────────────────────────────────────────────────────

function StaffCallback({ ticket, viewer }: { ticket: TicketDetail; viewer: Viewer }) {
  const zone = useViewerZone();
  const callback = ticket.callback ?? null;
  const attention = useAttentionItems();
  const conflict =
    (attention.data ?? []).find(
      (item) => item.name === 'callback.book' && item.ticketId === ticket.id,
    ) ?? null;
  const [booking, setBooking] = useState(false);

  if (ticket.supportTier === 'free')
    return (
      <p className="callback-panel__note" data-testid="callback-free-support">
        {preferredSupportRequired('staff', null)}
      </p>
    );
  const canBook = !closedStatuses.has(ticket.status);
  return (
    <>
      {conflict ? <ConflictNotice item={conflict} onPick={() => setBooking(true)} /> : null}
      {callback ? <CallbackSummary callback={callback} zone={zone} who="staff" /> : null}
      {!callback && !conflict ? (
        <p className="callback-panel__note">No callback on this ticket.</p>
      ) : null}
      {canBook && !booking ? (
        <button type="button" className="button button--small" onClick={() => setBooking(true)}>
          {callback?.startsAt ? 'Move the callback' : 'Book a callback'}
        </button>
      ) : null}
      {canBook && booking ? (
        <BookingForm
          ticket={ticket}
          viewer={viewer}
          zone={zone}
          callback={callback}
          conflict={conflict}
          onDone={() => setBooking(false)}
        />
      ) : null}
    </>
  );
}

function ConflictNotice({ item, onPick }: { item: AttentionItem; onPick: () => void }) {
  const resolve = useResolveAttention();
  return (
    <div className="callback-conflict" role="alert" data-testid="callback-conflict">
      <p>
        <strong>Your booking did not go through.</strong> {item.message}
      </p>
      <div className="form-actions">
        <button type="button" className="button button--small button--primary" onClick={onPick}>
          Pick another slot
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => resolve.mutate({ id: item.id, action: 'discard' })}
        >
          Drop this booking
        </button>
      </div>
    </div>
  );
}

interface BookArgs {
  technicianId?: string | null;
  startsAt?: string;
  durationMinutes?: number;
}

function BookingForm({
  ticket,
  viewer,
  zone,
  callback,
  conflict,
  onDone,
}: {
  ticket: TicketDetail;
  viewer: Viewer;
  zone: string;
  callback: CallbackView | null;
  conflict: AttentionItem | null;
  onDone: () => void;
}) {
  const calendar = useBusinessCalendar();
  const users = useDirectoryUsers();
  const now = useNow();
  const calendarZone = calendar.data?.timeZone ?? 'America/New_York';
  const previous = (conflict?.args ?? null) as BookArgs | null;
  // Start from what was chosen before (a conflict keeps it), else the customer's window.
  const firstDay = previous?.startsAt
    ? localDateOf(calendarZone, new Date(previous.startsAt))
    : callback?.windowStart && Date.parse(callback.windowStart) > now
      ? localDateOf(calendarZone, new Date(callback.windowStart))
      : localDateOf(calendarZone, new Date(now));
  const [technicianId, setTechnicianId] = useState<string>(
    previous?.technicianId ?? callback?.technicianId ?? viewer.user!.id,
  );
  const [day, setDay] = useState(firstDay);
  const [duration, setDuration] = useState(
    previous?.durationMinutes ?? callback?.durationMinutes ?? 30,
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const free = useFreeSlots(
    /^\d{4}-\d{2}-\d{2}$/.test(day) ? { technicianId, day, durationMinutes: duration } : null,
  );
  const book = useBookCallback();
  const retry = useResolveAttention();
  const technicians = (users.data ?? []).filter(
    (u) => u.role === 'technician' || u.role === 'admin',
  );
  const window =
    callback?.windowStart && callback.windowEnd
      ? { start: Date.parse(callback.windowStart), end: Date.parse(callback.windowEnd) }
      : null;
  const error = book.error ?? retry.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const args = {
      technicianId: technicianId === viewer.user!.id ? null : technicianId,
      startsAt: chosen,
      durationMinutes: duration,
    };
    if (conflict)
      retry.mutate(
        { id: conflict.id, action: 'retry', args: { ...(conflict.args as object), ...args } },
        { onSuccess: onDone },
      );
    else
      book.mutate(
        { ticketId: ticket.id, ...(callback ? { callbackId: callback.id } : {}), ...args },
        { onSuccess: onDone },
      );
  };

  return (
    <form className="callback-form" aria-label="Book a callback" onSubmit={submit}>
      <div className="callback-form__row">
        <div className="form-field">
          <label htmlFor="cb-tech">Calendar of</label>
          <select
            id="cb-tech"
            value={technicianId}
            onChange={(e) => setTechnicianId(e.target.value)}
          >
            <option value={viewer.user!.id}>Me ({viewer.user!.name})</option>
            {technicians
              .filter((t) => t.id !== viewer.user!.id)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="cb-book-day">Support&rsquo;s day ({calendarZone})</label>
          <input
            id="cb-book-day"
            type="date"
            value={day}
            onChange={(e) => {
              setDay(e.target.value);
              setChosen(null);
            }}
          />
        </div>
        <div className="form-field">
          <label htmlFor="cb-length">Length</label>
          <select
            id="cb-length"
            value={duration}
            onChange={(e) => {
              setDuration(Number(e.target.value));
              setChosen(null);
            }}
          >
            {durationChoices(MIN_CALLBACK_MINUTES, MAX_CALLBACK_MINUTES, CALLBACK_GRID_MINUTES).map(
              (m) => (
                <option key={m} value={m}>
                  {formatDuration(m)}
                </option>
              ),
            )}
          </select>
        </div>
      </div>
      <fieldset className="callback-slots">
        <legend>
          Free slots, in your time ({zoneAbbreviation(Date.parse(`${day}T12:00:00Z`) || now, zone)})
          {callback?.customerTimeZone && callback.customerTimeZone !== zone
            ? ' with the customer’s beside them'
            : ''}
        </legend>
        {free.isError ? (
          <p role="alert" className="inline-alert">
            {errorMessage(free.error)}
          </p>
        ) : free.data && free.data.slots.length === 0 ? (
          <p className="callback-panel__note">
            No free slot of {formatDuration(duration)} on this day. Try another day or a shorter
            call.
          </p>
        ) : (
          <div className="callback-slots__grid" data-testid="free-slots">
            {(free.data?.slots ?? []).map((slot) => {
              const start = Date.parse(slot.startsAt);
              const end = Date.parse(slot.endsAt);
              const inWindow = window ? start >= window.start && end <= window.end : false;
              const customer = customerClock(
                { start, end },
                callback?.customerTimeZone ?? null,
                zone,
              );
              return (
                <label
                  key={slot.startsAt}
                  className="callback-slot"
                  data-in-window={inWindow ? 'true' : undefined}
                >
                  <input
                    type="radio"
                    name="callback-slot"
                    value={slot.startsAt}
                    checked={chosen === slot.startsAt}
                    onChange={() => setChosen(slot.startsAt)}
                    data-testid="free-slot"
                  />
                  <span>
                    {formatClock(start, zone)}–{formatClock(end, zone)}
                    {inWindow ? (
                      <span className="visually-hidden"> (in the customer’s window)</span>
                    ) : null}
                  </span>
                  {customer ? <span className="callback-slot__customer">{customer}</span> : null}
                </label>
              );
            })}
          </div>
        )}
      </fieldset>
      {error ? (
        <p role="alert" className="inline-alert" data-testid="booking-error">
          {errorMessage(error)} Your choices are kept: pick another slot and book again.
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={!chosen || book.isPending || retry.isPending}
        >
          {conflict ? 'Book this slot instead' : 'Book'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Close
        </button>
      </div>
    </form>
  );
}
