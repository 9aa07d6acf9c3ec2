import type { CallbackView } from '../../../../src-shared/domain/callbacks';
import { formatClock, formatSpan, zoneAbbreviation } from './calendar-logic';

/**
 * The words the callback screens use for a callback, in the viewer's zone with the customer's
 * own clock beside it. Pure, so the wording across zones and clock changes is unit-tested.
 */

export function bookedSpan(callback: Pick<CallbackView, 'startsAt' | 'durationMinutes'>) {
  if (!callback.startsAt || !callback.durationMinutes) return null;
  const start = Date.parse(callback.startsAt);
  return { start, end: start + callback.durationMinutes * 60_000 };
}

/** "07:00–07:30 PST for the customer", or null when the customer's zone is the viewer's. */
export function customerClock(
  span: { start: number; end: number },
  customerZone: string | null,
  viewerZone: string,
  locale?: string,
): string | null {
  if (!customerZone || customerZone === viewerZone) return null;
  return `${formatClock(span.start, customerZone, locale)}–${formatClock(span.end, customerZone, locale)} ${zoneAbbreviation(span.start, customerZone, locale)} for the customer`;
}

export const statusWords: Record<CallbackView['status'], string> = {
  requested: 'Requested',
  booked: 'Booked',
  done: 'Done',
  missed: 'Missed',
  cancelled: 'Cancelled',
};

/** One line for a screen reader and a tooltip: everything the block on the calendar shows. */
export function callbackDescription(
  callback: CallbackView,
  viewerZone: string,
  locale?: string,
): string {
  const span = bookedSpan(callback);
  const ticket = callback.ticketNumber ?? 'new ticket';
  const who = callback.organisationName ? ` for ${callback.organisationName}` : '';
  const tech = callback.technicianName ? ` with ${callback.technicianName}` : '';
  const state = callback.tentative ? 'Tentative' : statusWords[callback.status];
  if (!span) {
    const window =
      callback.windowStart && callback.windowEnd
        ? ` between ${formatSpan(Date.parse(callback.windowStart), Date.parse(callback.windowEnd), viewerZone, locale)}`
        : '';
    return `${state}: callback on ${ticket}${who}${window}`;
  }
  const customer = customerClock(span, callback.customerTimeZone, viewerZone, locale);
  return `${state}: ${formatSpan(span.start, span.end, viewerZone, locale)}${customer ? ` (${customer})` : ''}, ${ticket}${who}${tech}`;
}
