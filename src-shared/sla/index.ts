export { DEFAULT_SLA_POLICY, SlaPolicy, SlaTarget, SlaTargets } from './policy.js';
export {
  computeTicketSla,
  type SlaClock,
  type SlaClockKind,
  type SlaState,
  slaStates,
  type StatusChange,
  type TicketSla,
  type TicketSlaInput,
  tierAt,
} from './clocks.js';
export { formatSlaDuration, type SlaSummary, summarizeTicketSla } from './summary.js';
export {
  completeStatusHistory,
  projectionStart,
  projectTicketSla,
  type SlaProjection,
  slaSummaryAt,
} from './projection.js';
