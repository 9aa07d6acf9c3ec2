import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../calendar/time-zone.js';
import type { SlaClock, SlaClockKind, SlaState, TicketSla } from './clocks.js';

/**
 * One short phrase per ticket for a queue column:
 * "2h 15m left" (working time left on a business-hours target, wall time on a 24/7 one),
 * "breached 40m ago" (wall time since the due time), "paused", "met", "missed by 40m".
 */
export interface SlaSummary {
  /** 'none' when the policy sets no target for this ticket. */
  state: SlaState | 'none';
  text: string;
  /** The clock shown: first response until it is given, then resolution when it has a target. */
  clock: SlaClockKind | null;
  /** The due time of a clock that is still counting, for sorting; null once it has stopped. */
  dueAt: Date | null;
}

/**
 * "2h 15m", "40m", "<1m"; with `withDays`, "2d 3h" past a day. Rounds down, so time left is never
 * overstated.
 */
export function formatSlaDuration(ms: number, withDays = false): string {
  const minutes = Math.floor(Math.max(0, ms) / MS_PER_MINUTE);
  if (minutes < 1) return '<1m';
  const days = withDays ? Math.floor((minutes * MS_PER_MINUTE) / MS_PER_DAY) : 0;
  const hours = Math.floor((minutes * MS_PER_MINUTE - days * MS_PER_DAY) / MS_PER_HOUR);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return rest > 0 ? `${hours}h ${rest}m` : `${hours}h`;
  return `${rest}m`;
}

/** The clock a queue should show: the first one still counting, else the last one that has a result. */
function shownClock(sla: TicketSla): SlaClock | null {
  const { firstResponse, resolution } = sla;
  if (firstResponse && firstResponse.completedAt === null) return firstResponse;
  if (resolution) return resolution;
  return firstResponse;
}

export function summarizeTicketSla(sla: TicketSla, now: Date): SlaSummary {
  const clock = shownClock(sla);
  if (!clock) return { state: 'none', text: 'no SLA', clock: null, dueAt: null };
  const counting = clock.completedAt === null;
  const base = { state: clock.state, clock: clock.kind, dueAt: counting ? clock.dueAt : null };
  switch (clock.state) {
    case 'ok':
    case 'at_risk':
      return { ...base, text: `${formatSlaDuration(clock.timeLeftMs)} left` };
    case 'paused':
      return { ...base, text: 'paused' };
    case 'met':
      return { ...base, text: 'met' };
    case 'breached': {
      if (!counting)
        return {
          ...base,
          text: `missed by ${formatSlaDuration(clock.completedAt!.getTime() - clock.dueAt.getTime(), true)}`,
        };
      const since = now.getTime() - clock.dueAt.getTime();
      return {
        ...base,
        text:
          since < MS_PER_MINUTE
            ? 'breached just now'
            : `breached ${formatSlaDuration(since, true)} ago`,
      };
    }
  }
}
