import { addBusinessTime, businessTimeBetween } from '../calendar/business-time.js';
import type { BusinessCalendar } from '../calendar/schema.js';
import { MS_PER_MINUTE } from '../calendar/time-zone.js';
import type { TicketStatus } from '../domain/ticket.js';
import {
  computeTicketSla,
  type SlaClockKind,
  type SlaState,
  type TicketSlaInput,
} from './clocks.js';
import { DEFAULT_SLA_POLICY } from './policy.js';
import { formatSlaDuration, summarizeTicketSla, type SlaSummary } from './summary.js';

/**
 * A ticket's SLA as a function of time, computed once from its history so that a queue can show
 * and filter it at any later instant without replaying the history. After the last status change
 * nothing happens to the clocks but the passing of time, so the queue's summary is one of:
 *
 * - fixed: no target, met, or missed (the clock stopped late) — the same at every instant;
 * - running: ok until `atRiskAt`, at risk until `dueAt`, breached after it;
 * - paused: waiting on the customer, `remainingMs` left on the target's own clock.
 *
 * `slaSummaryAt(projectTicketSla(input), calendar, now)` equals
 * `summarizeTicketSla(computeTicketSla({ ...input, now }), now)` for every `now` at or after the
 * last status change (the unit tests check this against random histories), except that a paused
 * clock has no due time: it would only say when the target falls due if the customer answered
 * this instant.
 */
export type SlaProjection =
  | { kind: 'fixed'; state: SlaState | 'none'; text: string; clock: SlaClockKind | null }
  | {
      kind: 'running';
      clock: SlaClockKind;
      counts: 'business_time' | 'wall_time';
      /** Epoch ms: breached once the time is past this. */
      dueAt: number;
      /** Epoch ms: at risk from this instant on (until breached). */
      atRiskAt: number;
      /** The target and the time counted on it by `since` (epoch ms), on the clock `counts`. */
      targetMs: number;
      elapsedMs: number;
      since: number;
    }
  | {
      kind: 'paused';
      clock: SlaClockKind;
      counts: 'business_time' | 'wall_time';
      remainingMs: number;
      /** Set when the target ran out exactly as the clock paused: breached once past it. */
      breachedAfter: number | null;
    };

/** The instant the projection is exact from: the last status change (or creation). */
export function projectionStart(history: TicketSlaInput['history']): number {
  return Math.max(...history.map((change) => change.at.getTime()));
}

export function projectTicketSla(input: Omit<TicketSlaInput, 'now'>): SlaProjection {
  const at = new Date(projectionStart(input.history));
  const sla = computeTicketSla({ ...input, now: at });
  const summary = summarizeTicketSla(sla, at);
  if (summary.state === 'none' || summary.clock === null)
    return { kind: 'fixed', state: 'none', text: summary.text, clock: null };
  const clock = summary.clock === 'first_response' ? sla.firstResponse! : sla.resolution!;
  if (clock.completedAt !== null)
    return { kind: 'fixed', state: summary.state, text: summary.text, clock: clock.kind };
  if (clock.state === 'paused')
    return {
      kind: 'paused',
      clock: clock.kind,
      counts: clock.counts,
      remainingMs: clock.timeLeftMs,
      breachedAfter: clock.timeLeftMs === 0 ? clock.dueAt.getTime() : null,
    };

  // The first whole millisecond of elapsed time at which the clock counts as at risk, by the
  // same comparison computeTicketSla makes.
  const fraction = (input.policy ?? DEFAULT_SLA_POLICY).atRiskFraction;
  const limit = fraction * clock.targetMs;
  const atRisk = (elapsed: number) => clock.targetMs - elapsed < limit;
  let threshold = Math.floor(clock.targetMs - limit) + 1;
  while (threshold > 0 && atRisk(threshold - 1)) threshold--;
  while (!atRisk(threshold)) threshold++;
  const toGo = threshold - clock.elapsedMs;
  const atRiskAt =
    clock.state === 'breached' || toGo <= 0
      ? 0
      : clock.counts === 'wall_time'
        ? at.getTime() + toGo
        : addBusinessTime(input.calendar, at, toGo).getTime();
  return {
    kind: 'running',
    clock: clock.kind,
    counts: clock.counts,
    dueAt: clock.dueAt.getTime(),
    atRiskAt,
    targetMs: clock.targetMs,
    elapsedMs: clock.elapsedMs,
    since: at.getTime(),
  };
}

/** The queue's summary of a projection at `now` (at or after the projection's start). */
export function slaSummaryAt(
  projection: SlaProjection,
  calendar: BusinessCalendar,
  now: Date,
): SlaSummary {
  switch (projection.kind) {
    case 'fixed':
      return {
        state: projection.state,
        text: projection.text,
        clock: projection.clock,
        dueAt: null,
      };
    case 'paused':
      return projection.breachedAfter !== null && now.getTime() > projection.breachedAfter
        ? breached(projection.clock, projection.breachedAfter, now)
        : { state: 'paused', text: 'paused', clock: projection.clock, dueAt: null };
    case 'running': {
      const base = { clock: projection.clock, dueAt: new Date(projection.dueAt) };
      const t = now.getTime();
      if (t > projection.dueAt) return breached(projection.clock, projection.dueAt, now);
      // Time left on the target, which is not always the time until dueAt: a target that only
      // applies from a later instant (a preferred tier expiring) can be due after it runs out.
      const since = new Date(projection.since);
      const counted =
        projection.counts === 'wall_time'
          ? Math.max(0, t - projection.since)
          : businessTimeBetween(calendar, since, now);
      const left = Math.max(0, projection.targetMs - projection.elapsedMs - counted);
      return {
        ...base,
        state: t >= projection.atRiskAt ? 'at_risk' : 'ok',
        text: `${formatSlaDuration(left)} left`,
      };
    }
  }
}

function breached(clock: SlaClockKind, dueAt: number, now: Date): SlaSummary {
  const since = now.getTime() - dueAt;
  return {
    state: 'breached',
    clock,
    dueAt: new Date(dueAt),
    text:
      since < MS_PER_MINUTE
        ? 'breached just now'
        : `breached ${formatSlaDuration(since, true)} ago`,
  };
}

/**
 * A ticket's status history as the SLA clocks need it: starting with NEW at creation and ending
 * with the status the ticket has now, whatever the stored history lacks (rows written before
 * the history was kept, or moved by hand).
 */
export function completeStatusHistory(ticket: {
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  statusHistory: readonly { status: TicketStatus; at: string }[];
}): { status: TicketStatus; at: Date }[] {
  const created = Date.parse(ticket.createdAt);
  // rows built before the history existed may lack it altogether
  const history = (ticket.statusHistory ?? [])
    .map((entry) => ({ status: entry.status, at: Date.parse(entry.at) }))
    .filter((entry) => Number.isFinite(entry.at))
    .sort((a, b) => a.at - b.at);
  if (history.length === 0 || history[0]!.at > created)
    history.unshift({ status: 'NEW', at: created });
  const last = history.at(-1)!;
  if (last.status !== ticket.status)
    history.push({ status: ticket.status, at: Math.max(last.at, Date.parse(ticket.updatedAt)) });
  return history.map((entry) => ({ status: entry.status, at: new Date(entry.at) }));
}
