import type { Priority, TicketSummary } from '../../../src-shared/domain/ticket';
import { eventForStatusChange, transition, type Actor } from '../../../src-shared/status-machine';

/**
 * Bulk changes are one queued mutation per ticket, like any other change. Tickets the change
 * cannot apply to (by the shared status machine) are left out before anything is queued, and
 * the person is told which and why.
 */

export type BulkTicket = Pick<
  TicketSummary,
  'id' | 'number' | 'status' | 'priority' | 'assigneeId'
>;

export interface BulkPlan {
  apply: string[];
  skipped: { id: string; number: string | null; reason: string }[];
}

export type BulkStatusTarget = 'OPEN' | 'RESOLVED' | 'CLOSED';
export const bulkStatusTargets: readonly BulkStatusTarget[] = ['OPEN', 'RESOLVED', 'CLOSED'];

function plan(
  tickets: readonly BulkTicket[],
  reasonToSkip: (ticket: BulkTicket) => string | null,
): BulkPlan {
  const result: BulkPlan = { apply: [], skipped: [] };
  for (const ticket of tickets) {
    const reason = reasonToSkip(ticket);
    if (reason === null) result.apply.push(ticket.id);
    else result.skipped.push({ id: ticket.id, number: ticket.number, reason });
  }
  return result;
}

export function planBulkStatus(
  tickets: readonly BulkTicket[],
  to: BulkStatusTarget,
  actor: Actor,
  now: Date = new Date(),
): BulkPlan {
  return plan(tickets, (ticket) => {
    if (ticket.status === to) return `already ${to}`;
    const event = eventForStatusChange(ticket.status, to);
    if (!event) return `a ${ticket.status} ticket cannot be set to ${to} directly`;
    // Staff are not bound by the reopen window, so the resolution time is not needed here.
    const step = transition(ticket.status, event, { actor, now });
    return step.ok ? null : step.message;
  });
}

export function planBulkPriority(
  tickets: readonly BulkTicket[],
  priority: Priority,
  actor: Actor,
): BulkPlan {
  return plan(tickets, (ticket) => {
    if (ticket.priority === priority) return `already ${priority}`;
    const step = transition(ticket.status, 'edit_fields', { actor });
    return step.ok ? null : step.message;
  });
}

export function planBulkAssign(
  tickets: readonly BulkTicket[],
  assigneeId: string | null,
  actor: Actor,
): BulkPlan {
  return plan(tickets, (ticket) => {
    if (ticket.assigneeId === assigneeId)
      return assigneeId ? 'already assigned to them' : 'already unassigned';
    const step = transition(ticket.status, 'edit_fields', { actor });
    return step.ok ? null : step.message;
  });
}

/**
 * "Set 4 tickets to Resolved; 2 left unchanged (HW00000001: already RESOLVED; …)."
 * `done` words the change for a count such as "4 tickets".
 */
export function describeBulkResult(
  done: (tickets: string) => string,
  plan: BulkPlan,
  failed: readonly { number: string | null; message: string }[] = [],
): string {
  const count = plan.apply.length - failed.length;
  const parts = [done(`${count} ${count === 1 ? 'ticket' : 'tickets'}`)];
  const unchanged = [
    ...plan.skipped.map((s) => `${s.number ?? 'pending'}: ${s.reason}`),
    ...failed.map((f) => `${f.number ?? 'pending'}: ${f.message}`),
  ];
  if (unchanged.length > 0) {
    const shown = unchanged.slice(0, 3).join('; ');
    const more = unchanged.length > 3 ? `; and ${unchanged.length - 3} more` : '';
    parts.push(`${unchanged.length} left unchanged (${shown}${more})`);
  }
  return `${parts.join('; ')}.`;
}
