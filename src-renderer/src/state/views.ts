import { ticketStatuses, type TicketStatus } from '../../../src-shared/domain/ticket';
import type { Role } from '../../../src-shared/sync-protocol';
import type { TicketFilter } from '../api/query-keys';
import type { TicketSort } from '../api/ticket-pages';

/**
 * The queue's built-in views: named filters chosen per role (issue "Queues"). The user's own
 * saved views (state/saved-views.ts) are listed after them under "My views".
 */
export interface ListView {
  id: string;
  label: string;
  filter: TicketFilter;
  /** For the status quick filters: the badge colour beside the name. */
  status?: TicketStatus;
  /** A user-defined view: opening it restores the sort it was saved with. */
  sort?: TicketSort;
}

export type ViewAudience = 'staff' | 'customer';

export function audienceFor(role: Role | null | undefined): ViewAudience {
  return role === 'technician' || role === 'admin' ? 'staff' : 'customer';
}

export const ALL_VIEW_ID = 'all';

const allTickets: ListView = { id: ALL_VIEW_ID, label: 'All tickets', filter: {} };

const openStatuses: TicketFilter['status'] = ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'];

/** The viewer's day around `now` (in this computer's time zone), as instants [start, end). */
export function dayRange(now: Date): { from: string; to: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

function staffViews(now: Date): ListView[] {
  return [
    { id: 'my-open', label: 'My open', filter: { status: openStatuses, assigneeId: 'me' } },
    { id: 'unassigned', label: 'Unassigned', filter: { status: openStatuses, assigneeId: null } },
    { id: 'waiting-on-customer', label: 'Waiting on customer', filter: { status: ['ANSWERED'] } },
    {
      id: 'scheduled-today',
      label: 'Scheduled today',
      // my calls booked for today, in my time zone
      filter: { callbackBetween: { ...dayRange(now), technicianId: 'me' } },
    },
    {
      id: 'breaching-sla',
      label: 'Breaching SLA',
      // Open work only: a closed ticket that missed its target is history, not a queue.
      filter: { status: openStatuses, slaStates: ['breached', 'at_risk'] },
    },
    allTickets,
  ];
}

const customerViews: readonly ListView[] = [
  { id: 'open', label: "My organisation's open", filter: { status: openStatuses } },
  { id: 'waiting-for-me', label: 'Waiting for me', filter: { status: ['ANSWERED'] } },
  { id: 'resolved', label: 'Resolved', filter: { status: ['RESOLVED'] } },
  { id: 'closed', label: 'Closed', filter: { status: ['CLOSED'] } },
  allTickets,
];

/** `now` places the views that depend on the day ("Scheduled today"). */
export function savedViewsFor(audience: ViewAudience, now = new Date()): readonly ListView[] {
  return audience === 'staff' ? staffViews(now) : customerViews;
}

export const statusViewId = (status: TicketStatus) => `status:${status}`;

export function statusView(status: TicketStatus, label: string): ListView {
  return { id: statusViewId(status), label, filter: { status: [status] }, status };
}

/**
 * The view an id names, for either audience (a view picked before the role was known stays
 * valid); an unknown id falls back to all tickets.
 */
export function viewById(
  id: string,
  statusLabel: (status: TicketStatus) => string,
  now = new Date(),
): ListView {
  const status = ticketStatuses.find((s) => statusViewId(s) === id);
  if (status) return statusView(status, statusLabel(status));
  return [...staffViews(now), ...customerViews].find((view) => view.id === id) ?? allTickets;
}
