import type { SupportTier } from '../accounts.js';
import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
} from '../calendar/business-time.js';
import type { BusinessCalendar } from '../calendar/schema.js';
import { MS_PER_HOUR } from '../calendar/time-zone.js';
import type { Priority, TicketStatus } from '../domain/ticket.js';
import { DEFAULT_SLA_POLICY, type SlaPolicy, type SlaTarget, type SlaTargets } from './policy.js';

/**
 * The SLA clocks of one ticket, computed from its status history. Both sides call this: the
 * server to raise breach notifications, the client to fill queue columns.
 *
 * - First response starts at creation and stops at the first status that shows a technician
 *   acted for the customer: ANSWERED (a public reply), SCHEDULED (a callback was agreed),
 *   RESOLVED or CLOSED.
 * - Resolution runs while the ticket is NEW, OPEN or SCHEDULED (a booked callback is still ours
 *   to make), pauses while it is ANSWERED (waiting on the customer) and resumes when their reply
 *   puts it back to OPEN, and stops at RESOLVED or CLOSED (a reopen starts it again).
 * Paused time is not counted, so a pause pushes the due time back by the paused time on the
 * target's own clock (business time for business targets).
 */

export const slaStates = ['ok', 'at_risk', 'breached', 'met', 'paused'] as const;
export type SlaState = (typeof slaStates)[number];

export type SlaClockKind = 'first_response' | 'resolution';

export interface StatusChange {
  status: TicketStatus;
  at: Date;
}

export interface TicketSlaInput {
  priority: Priority;
  /** The organisation's support tier as set. */
  tier: SupportTier;
  /** When a preferred tier ends; from that instant on the organisation counts as free. */
  tierExpiresAt?: Date | null;
  calendar: BusinessCalendar;
  /** Every status the ticket has had, the first being its creation; any order. */
  history: readonly StatusChange[];
  /** The instant to evaluate at; later history is ignored. */
  now: Date;
  policy?: SlaPolicy;
}

export interface SlaClock {
  kind: SlaClockKind;
  state: SlaState;
  startedAt: Date;
  /**
   * When the target is (or was) reached. While running: the due time if nothing pauses the clock;
   * while paused: the due time if it resumed now; once met: when it would have been due.
   */
  dueAt: Date;
  /** When the clock stopped for good (first response given, ticket resolved), or null. */
  completedAt: Date | null;
  /** Which side set the due time: the organisation's tier or the ticket's priority. */
  binding: 'tier' | 'priority';
  target: SlaTarget;
  /** What targetMs, elapsedMs and timeLeftMs count: working time or wall-clock time. */
  counts: 'business_time' | 'wall_time';
  targetMs: number;
  /** Time counted so far, pauses excluded. */
  elapsedMs: number;
  /** targetMs − elapsedMs; zero or less once breached. */
  timeLeftMs: number;
}

export interface TicketSla {
  /** Null when the policy sets no first-response target for this tier and priority. */
  firstResponse: SlaClock | null;
  /** Null when the policy sets no resolution target (the default: the sources give none). */
  resolution: SlaClock | null;
}

/** The tier in force at an instant: a preferred tier past its expiry counts as free. */
export function tierAt(
  tier: SupportTier,
  expiresAt: Date | null | undefined,
  at: Date,
): SupportTier {
  if (tier === 'preferred' && expiresAt && at.getTime() >= expiresAt.getTime()) return 'free';
  return tier;
}

type Mode = 'running' | 'paused' | 'stopped';

const respondedStatuses = new Set<TicketStatus>(['ANSWERED', 'SCHEDULED', 'RESOLVED', 'CLOSED']);
const resolutionModes: Record<TicketStatus, Mode> = {
  NEW: 'running',
  OPEN: 'running',
  SCHEDULED: 'running',
  ANSWERED: 'paused',
  RESOLVED: 'stopped',
  CLOSED: 'stopped',
};

/** Where a clock ran, up to the instant it is evaluated at. */
interface Timeline {
  start: number;
  /** Stretches of running time, in order, inside [start, horizon]. */
  running: [number, number][];
  /** `now`, or the instant the clock stopped. */
  horizon: number;
  completedAt: number | null;
  mode: Mode;
}

function timelineOf(
  events: readonly { status: TicketStatus; at: number }[],
  now: number,
  kind: SlaClockKind,
): Timeline {
  const start = events[0]!.at;
  const running: [number, number][] = [];
  let mode: Mode | null = null;
  let since = start;
  let completedAt: number | null = null;
  for (const event of events) {
    let next: Mode;
    if (kind === 'first_response') {
      if (mode === 'stopped') break;
      next = respondedStatuses.has(event.status) ? 'stopped' : 'running';
    } else next = resolutionModes[event.status];
    if (next === mode) continue;
    if (mode === 'running') running.push([since, event.at]);
    if (next === 'stopped') completedAt = event.at;
    mode = next;
    since = event.at;
  }
  if (mode === 'running') running.push([since, now]);
  if (mode !== 'stopped') completedAt = null;
  return { start, running, horizon: completedAt ?? now, completedAt, mode: mode! };
}

/** A clock to count a target on: wall time or the calendar's working time. */
interface Counter {
  counts: 'business_time' | 'wall_time';
  between(from: number, to: number): number;
  add(from: number, ms: number): number;
}

function countersFor(calendar: BusinessCalendar): Record<'business_time' | 'wall_time', Counter> {
  return {
    wall_time: {
      counts: 'wall_time',
      between: (from, to) => Math.max(0, to - from),
      add: (from, ms) => from + ms,
    },
    business_time: {
      counts: 'business_time',
      between: (from, to) => businessTimeBetween(calendar, new Date(from), new Date(to)),
      add: (from, ms) => addBusinessTime(calendar, new Date(from), ms).getTime(),
    },
  };
}

interface Measured {
  target: SlaTarget;
  counter: Counter;
  targetMs: number;
}

function measure(
  target: SlaTarget,
  start: number,
  calendar: BusinessCalendar,
  counters: ReturnType<typeof countersFor>,
): Measured {
  switch (target.clock) {
    case 'around_the_clock':
      return {
        target,
        counter: counters.wall_time,
        targetMs: Math.round(target.hours * MS_PER_HOUR),
      };
    case 'business_hours':
      return {
        target,
        counter: counters.business_time,
        targetMs: Math.round(target.hours * MS_PER_HOUR),
      };
    case 'business_days': {
      const from = new Date(start);
      const targetMs = businessTimeBetween(
        calendar,
        from,
        addBusinessDays(calendar, from, target.days),
      );
      return { target, counter: counters.business_time, targetMs };
    }
  }
}

function elapsed(timeline: Timeline, counter: Counter): number {
  return timeline.running.reduce((sum, [from, to]) => sum + counter.between(from, to), 0);
}

/** The first instant at which the clock has run `targetMs`, projected past the horizon if needed. */
function reachAt(timeline: Timeline, counter: Counter, targetMs: number): number {
  let counted = 0;
  for (const [from, to] of timeline.running) {
    const stretch = counter.between(from, to);
    if (counted + stretch >= targetMs) return counter.add(from, targetMs - counted);
    counted += stretch;
  }
  return counter.add(timeline.horizon, targetMs - counted);
}

interface Candidate extends Measured {
  binding: 'tier' | 'priority';
  dueAt: number;
}

/** A target that applies from `from` (inclusive) until `until` (exclusive). */
interface Piece {
  from: number;
  until: number;
  target: SlaTarget | null;
}

function candidateOf(
  binding: 'tier' | 'priority',
  pieces: Piece[],
  timeline: Timeline,
  calendar: BusinessCalendar,
  counters: ReturnType<typeof countersFor>,
): Candidate | null {
  for (const piece of pieces) {
    if (!piece.target) continue;
    const measured = measure(piece.target, timeline.start, calendar, counters);
    // Under a target that only starts applying later, time already counted is due at once.
    const dueAt = Math.max(piece.from, reachAt(timeline, measured.counter, measured.targetMs));
    if (dueAt < piece.until) return { ...measured, binding, dueAt };
  }
  return null;
}

function tierPieces(
  targets: SlaTargets,
  tier: SupportTier,
  expiresAt: number | null,
  start: number,
): Piece[] {
  const always = { from: -Infinity, until: Infinity };
  if (tier === 'preferred' && expiresAt !== null && expiresAt > start)
    return [
      { from: -Infinity, until: expiresAt, target: targets.tiers.preferred },
      { from: expiresAt, until: Infinity, target: targets.tiers.free },
    ];
  const inForce = tier === 'preferred' && expiresAt !== null ? 'free' : tier;
  return [{ ...always, target: targets.tiers[inForce] }];
}

function clockOf(
  kind: SlaClockKind,
  targets: SlaTargets,
  input: TicketSlaInput,
  events: readonly { status: TicketStatus; at: number }[],
  now: number,
  atRiskFraction: number,
): SlaClock | null {
  const timeline = timelineOf(events, now, kind);
  const counters = countersFor(input.calendar);
  const expiresAt = input.tierExpiresAt ? input.tierExpiresAt.getTime() : null;
  const candidates = [
    candidateOf(
      'tier',
      tierPieces(targets, input.tier, expiresAt, timeline.start),
      timeline,
      input.calendar,
      counters,
    ),
    candidateOf(
      'priority',
      [{ from: -Infinity, until: Infinity, target: targets.priorities[input.priority] }],
      timeline,
      input.calendar,
      counters,
    ),
  ].filter((c): c is Candidate => c !== null);
  if (candidates.length === 0) return null;
  // the earlier due time wins; on a tie, the priority's
  const binding = candidates.reduce((a, b) => (b.dueAt <= a.dueAt ? b : a));
  const elapsedMs = elapsed(timeline, binding.counter);
  const breached = binding.dueAt < timeline.horizon;
  const left = binding.targetMs - elapsedMs;
  const timeLeftMs = breached ? Math.min(0, left) : Math.max(0, left);
  let state: SlaState;
  if (breached) state = 'breached';
  else if (timeline.mode === 'stopped') state = 'met';
  else if (timeline.mode === 'paused') state = 'paused';
  else state = timeLeftMs < atRiskFraction * binding.targetMs ? 'at_risk' : 'ok';
  return {
    kind,
    state,
    startedAt: new Date(timeline.start),
    dueAt: new Date(binding.dueAt),
    completedAt: timeline.completedAt === null ? null : new Date(timeline.completedAt),
    binding: binding.binding,
    target: binding.target,
    counts: binding.counter.counts,
    targetMs: binding.targetMs,
    elapsedMs,
    timeLeftMs,
  };
}

/** The first-response and resolution clocks of a ticket at `input.now`. */
export function computeTicketSla(input: TicketSlaInput): TicketSla {
  const policy = input.policy ?? DEFAULT_SLA_POLICY;
  if (input.history.length === 0)
    throw new TypeError('A ticket status history needs at least its creation.');
  const events = input.history
    .map((change, index) => {
      const at = change.at instanceof Date ? change.at.getTime() : Number.NaN;
      if (!Number.isFinite(at))
        throw new TypeError(`Status change ${index + 1} (${change.status}) has no valid time.`);
      return { status: change.status, at, index };
    })
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const start = events[0]!.at;
  const now = Math.max(input.now.getTime(), start);
  if (!Number.isFinite(now)) throw new TypeError('The evaluation time is not a valid date.');
  const seen = events.filter((event) => event.at <= now);
  return {
    firstResponse: clockOf(
      'first_response',
      policy.firstResponse,
      input,
      seen,
      now,
      policy.atRiskFraction,
    ),
    resolution: clockOf('resolution', policy.resolution, input, seen, now, policy.atRiskFraction),
  };
}
