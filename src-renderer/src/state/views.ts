import { ticketStatuses, type TicketStatus } from '../../../src-shared/domain/ticket';
import type { Role } from '../../../src-shared/sync-protocol';
import type { TicketFilter } from '../api/query-keys';

/**
 * Saved views: named filters over the queue, chosen per role (issue "Queues"). They use only the
 * list filters the contract has today (status, priority, category, product line, SLA state);
 * views that need an assignee filter ("my open", "unassigned") wait for that filter field.
 */
export interface ListView {
  id: string;
  label: string;
  filter: TicketFilter;
  /** For the status quick filters: the badge colour beside the name. */
  status?: TicketStatus;
}

export type ViewAudience = 'staff' | 'customer';

export function audienceFor(role: Role | null | undefined): ViewAudience {
  return role === 'technician' || role === 'admin' ? 'staff' : 'customer';
}

export const ALL_VIEW_ID = 'all';

const allTickets: ListView = { id: ALL_VIEW_ID, label: 'All tickets', filter: {} };

const staffViews: readonly ListView[] = [
  { id: 'needs-action', label: 'Needs action', filter: { status: ['NEW', 'OPEN'] } },
  { id: 'waiting-on-customer', label: 'Waiting on customer', filter: { status: ['ANSWERED'] } },
  { id: 'scheduled', label: 'Scheduled', filter: { status: ['SCHEDULED'] } },
  {
    id: 'breaching-sla',
    label: 'Breaching SLA',
    // Open work only: a closed ticket that missed its target is history, not a queue.
    filter: { ...openWith(undefined), slaStates: ['breached', 'at_risk'] },
  },
  { id: 'critical-open', label: 'Critical and high', filter: openWith(['critical', 'high']) },
  allTickets,
];

const customerViews: readonly ListView[] = [
  {
    id: 'open',
    label: 'Open',
    filter: { status: ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'] },
  },
  { id: 'waiting-for-me', label: 'Waiting for me', filter: { status: ['ANSWERED'] } },
  { id: 'resolved', label: 'Resolved', filter: { status: ['RESOLVED'] } },
  { id: 'closed', label: 'Closed', filter: { status: ['CLOSED'] } },
  allTickets,
];

function openWith(priority: TicketFilter['priority']): TicketFilter {
  const status: TicketFilter['status'] = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'];
  return priority ? { status, priority } : { status };
}

export function savedViewsFor(audience: ViewAudience): readonly ListView[] {
  return audience === 'staff' ? staffViews : customerViews;
}

export const statusViewId = (status: TicketStatus) => `status:${status}`;

export function statusView(status: TicketStatus, label: string): ListView {
  return { id: statusViewId(status), label, filter: { status: [status] }, status };
}

/**
 * The view an id names, for either audience (a view picked before the role was known stays
 * valid); an unknown id falls back to all tickets.
 */
export function viewById(id: string, statusLabel: (status: TicketStatus) => string): ListView {
  const status = ticketStatuses.find((s) => statusViewId(s) === id);
  if (status) return statusView(status, statusLabel(status));
  return [...staffViews, ...customerViews].find((view) => view.id === id) ?? allTickets;
}
