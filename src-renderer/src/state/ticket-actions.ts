import type { TicketStatus } from '../../../src-shared/domain/ticket';
import type { Role } from '../../../src-shared/sync-protocol';
import {
  availableEvents,
  transition,
  type TicketEvent,
  type Transition,
} from '../../../src-shared/status-machine';

/**
 * Which ticket actions to offer, asked of the shared status machine (the server applies the same
 * table), so the view never offers what the server would refuse.
 */

export type Actor = 'staff' | 'customer';

export const actorForRole = (role: Role): Actor =>
  role === 'technician' || role === 'admin' ? 'staff' : 'customer';

export type StatusActionKind = 'pick_up' | 'resolve' | 'close' | 'reopen';

export interface StatusAction {
  kind: StatusActionKind;
  label: string;
  /** The status the ticket moves to. */
  to: TicketStatus;
}

export interface Ability {
  allowed: boolean;
  /** Why not, in words for the person (null when allowed). */
  reason: string | null;
}

export interface TicketAbilities {
  /** Status changes this viewer can make now, in the order they are offered. */
  statusActions: StatusAction[];
  reply: Ability;
  /** Internal notes: staff only, never offered to customers. */
  note: Ability;
  /** Priority and assignee. */
  editFields: boolean;
  /** CLOSED is final: a follow-up ticket that links back is the way forward. */
  followUp: boolean;
  /** The satisfaction survey, for customers once the ticket is resolved or closed. */
  survey: boolean;
}

export interface TicketState {
  status: TicketStatus;
  resolvedAt: string | null;
}

const statusActionSpecs: { event: TicketEvent; kind: StatusActionKind; label: string }[] = [
  { event: 'staff_pick_up', kind: 'pick_up', label: 'Pick up' },
  { event: 'staff_resolve', kind: 'resolve', label: 'Resolve' },
  { event: 'staff_reopen', kind: 'reopen', label: 'Reopen' },
  { event: 'customer_reopen', kind: 'reopen', label: 'Reopen' },
  { event: 'staff_close', kind: 'close', label: 'Close' },
];

function ability(step: Transition): Ability {
  return step.ok ? { allowed: true, reason: null } : { allowed: false, reason: step.message };
}

export function ticketAbilities(
  ticket: TicketState,
  actor: Actor,
  now: Date = new Date(),
  reopenWindowMs?: number,
): TicketAbilities {
  const context = {
    actor,
    resolvedAt: ticket.resolvedAt,
    now,
    ...(reopenWindowMs !== undefined ? { reopenWindowMs } : {}),
  };
  const possible = new Set(availableEvents(ticket.status, actor));
  const statusActions: StatusAction[] = [];
  for (const spec of statusActionSpecs) {
    if (!possible.has(spec.event)) continue;
    const step = transition(ticket.status, spec.event, context);
    if (step.ok) statusActions.push({ kind: spec.kind, label: spec.label, to: step.to });
  }
  const reply = ability(
    transition(ticket.status, actor === 'staff' ? 'staff_public_reply' : 'customer_reply', context),
  );
  const note =
    actor === 'staff'
      ? ability(transition(ticket.status, 'internal_note', context))
      : { allowed: false, reason: 'Only technicians write internal notes.' };
  const closed = ticket.status === 'CLOSED';
  const windowPassed =
    actor === 'customer' &&
    ticket.status === 'RESOLVED' &&
    !transition(ticket.status, 'customer_reopen', context).ok;
  return {
    statusActions,
    reply,
    note,
    editFields: actor === 'staff' && transition(ticket.status, 'edit_fields', context).ok,
    followUp: closed || windowPassed,
    survey: actor === 'customer' && (closed || ticket.status === 'RESOLVED'),
  };
}
