import type { Role, TicketRow } from '../../../src-shared/sync-protocol.js';
import {
  mutationArgs,
  type MutationArgs,
  type MutationName,
} from '../../../src-shared/mutations.js';
import {
  eventForStatusChange,
  transition,
  type Actor,
} from '../../../src-shared/status-machine.js';
import {
  mayCloseCallback,
  statusAfterCallbackClosed,
} from '../../../src-shared/domain/callbacks.js';
import { unitEntity } from './unit-effects.js';

/**
 * The optimistic effect of each intent mutation on a ticket, as a pure function. The same code
 * runs when the user acts and whenever pulled server rows are rebased under pending mutations,
 * so the local prediction is always "server state + my pending intents, in order".
 */
/** A ticket as the client holds it: like the server's row, but unnumbered until confirmed. */
export type LocalTicket = Omit<TicketRow, 'number'> & { number: string | null };

export interface LocalMutation {
  id: string;
  name: string;
  args: unknown;
  createdAt: string;
}

export interface ActingUser {
  id: string;
  role: Role;
  organisationId: string | null;
}

export const actorFor = (role: Role): Actor =>
  role === 'technician' || role === 'admin' ? 'staff' : 'customer';

/** The ticket (or `unit:<id>`) a mutation touches, for rebasing; null for one that touches none. */
export function entityOf(name: string, args: unknown): string | null {
  const a = args as { ticketId?: unknown; unitId?: unknown };
  if (name.startsWith('unit.')) return typeof a?.unitId === 'string' ? unitEntity(a.unitId) : null;
  // a callback's effects on its ticket (SCHEDULED, back to OPEN) rebase with the ticket
  return (name.startsWith('ticket.') || name.startsWith('callback.')) &&
    typeof a?.ticketId === 'string'
    ? a.ticketId
    : null;
}

/** The ticket in its new status, with the change in its history (the SLA clocks read it). */
function moved(ticket: LocalTicket, to: LocalTicket['status'], at: string): LocalTicket {
  if (to === ticket.status) return { ...ticket, updatedAt: at };
  return {
    ...ticket,
    status: to,
    updatedAt: at,
    statusHistory: [...ticket.statusHistory, { status: to, at }],
  };
}

function parsed<N extends MutationName>(name: N, args: unknown): MutationArgs<N> | null {
  const result = mutationArgs[name].safeParse(args);
  return result.success ? (result.data as MutationArgs<N>) : null;
}

/**
 * Applies one mutation to a ticket (or to nothing, for a creation). An effect that the status
 * machine forbids is left out: the server will refuse it, and the refusal lands in needs-attention.
 */
export function applyToTicket(
  ticket: LocalTicket | null,
  mutation: LocalMutation,
  user: ActingUser,
): LocalTicket | null {
  const at = mutation.createdAt;
  const actor = actorFor(user.role);
  switch (mutation.name) {
    case 'ticket.create': {
      if (ticket) return ticket; // the server already has it: its row wins
      const a = parsed('ticket.create', mutation.args);
      if (!a) return null;
      return {
        id: a.ticketId,
        number: null, // numbered by the server; shown as "pending" until then
        subject: a.subject,
        description: a.description,
        status: 'NEW',
        priority: a.priority,
        category: a.category,
        productLine: a.productLine,
        helpTopic: a.helpTopic,
        organisationId: user.organisationId ?? '',
        siteId: a.siteId,
        unitId: a.unitId,
        internalReference: a.internalReference,
        assigneeId: null,
        resolvedAt: null,
        followUpOfId: a.followUpOfId,
        statusHistory: [{ status: 'NEW', at }],
        createdAt: at,
        updatedAt: at,
        version: '0',
      };
    }
    case 'ticket.reply': {
      if (!ticket) return null;
      const step = transition(
        ticket.status,
        actor === 'staff' ? 'staff_public_reply' : 'customer_reply',
        {
          actor,
          resolvedAt: ticket.resolvedAt,
          now: new Date(at),
        },
      );
      return step.ok ? moved(ticket, step.to, at) : ticket;
    }
    case 'ticket.note':
      return ticket && ticket.status !== 'CLOSED' ? { ...ticket, updatedAt: at } : ticket;
    case 'ticket.setStatus': {
      const a = parsed('ticket.setStatus', mutation.args);
      if (!ticket || !a) return ticket;
      const event = eventForStatusChange(ticket.status, a.status);
      if (!event) return ticket;
      const step = transition(ticket.status, event, {
        actor,
        resolvedAt: ticket.resolvedAt,
        now: new Date(at),
      });
      if (!step.ok) return ticket;
      return {
        ...moved(ticket, step.to, at),
        resolvedAt: step.to === 'RESOLVED' ? at : ticket.resolvedAt,
      };
    }
    case 'ticket.reopen': {
      if (!ticket) return ticket;
      const step = transition(
        ticket.status,
        actor === 'staff' ? 'staff_reopen' : 'customer_reopen',
        {
          actor,
          resolvedAt: ticket.resolvedAt,
          now: new Date(at),
        },
      );
      return step.ok ? moved(ticket, step.to, at) : ticket;
    }
    case 'ticket.setPriority': {
      const a = parsed('ticket.setPriority', mutation.args);
      if (!ticket || !a || ticket.status === 'CLOSED') return ticket;
      return { ...ticket, priority: a.priority, updatedAt: at };
    }
    case 'ticket.assign': {
      const a = parsed('ticket.assign', mutation.args);
      if (!ticket || !a || ticket.status === 'CLOSED') return ticket;
      return { ...ticket, assigneeId: a.assigneeId, updatedAt: at };
    }
    // A request is activity on the ticket; booking schedules it; closing the callback moves a
    // SCHEDULED ticket back to OPEN. Refusals (no preferred support, a taken slot) come back
    // from the server and undo these on rebase.
    case 'callback.request':
      return ticket && ticket.status !== 'CLOSED' && ticket.status !== 'RESOLVED'
        ? { ...ticket, updatedAt: at }
        : ticket;
    case 'callback.book': {
      if (!ticket || actor !== 'staff') return ticket;
      if (ticket.status === 'SCHEDULED') return { ...ticket, updatedAt: at };
      const step = transition(ticket.status, 'callback_booked', { actor });
      return step.ok ? moved(ticket, step.to, at) : ticket;
    }
    // Support marks a call done or missed; a customer may cancel theirs. Either way the ticket
    // moves as the server moves it (another booked callback, which keeps it SCHEDULED, is the
    // server's to see: the rebase after the push corrects that rare case).
    case 'callback.complete': {
      const a = parsed('callback.complete', mutation.args);
      if (!ticket || !a || !mayCloseCallback(actor, a.outcome) || ticket.status === 'CLOSED')
        return ticket;
      const next = statusAfterCallbackClosed(ticket.status, false);
      return next ? moved(ticket, next, at) : { ...ticket, updatedAt: at };
    }
    default:
      return ticket;
  }
}
