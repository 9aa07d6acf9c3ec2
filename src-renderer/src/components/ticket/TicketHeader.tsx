import type { ReactNode, Ref } from 'react';
import type { TicketSummary } from '../../../../src-shared/domain/ticket';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import { useTicket } from '../../api/queries';
import { formatExact, formatRelative } from '../../format/time';
import {
  categoryLabels,
  displayTicketNumber,
  priorityLabels,
  productLineLabels,
} from '../../format/ticket';
import { useNow } from '../../hooks/use-now';
import { useUi } from '../../state/ui';
import { PendingTag } from '../common/PendingMark';
import { SlaBadge } from '../common/SlaBadge';
import { StatusBadge } from '../common/StatusBadge';
import { SiteUnitCard } from './SiteUnitCard';

/** Number (or "pending"), status, priority, subject and the facts a technician scans first. */
export function TicketHeader({
  ticket,
  headingRef,
  children,
}: {
  ticket: TicketSummary | TicketDetail;
  headingRef: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  const now = useNow();
  const selectTicket = useUi((state) => state.selectTicket);
  const detail = 'description' in ticket ? ticket : null;
  const facts: [string, ReactNode][] = [
    ...(ticket.sla
      ? ([['SLA', <SlaBadge key="sla" sla={ticket.sla} />]] as [string, ReactNode][])
      : []),
    ['Site', ticket.siteName ?? 'No site'],
    [
      'Assignee',
      <span key="assignee" className={ticket.assigneeName ? undefined : 'is-muted'}>
        {ticket.assigneeName ?? 'Unassigned'}
      </span>,
    ],
    ['Category', categoryLabels[ticket.category]],
    ['Product line', productLineLabels[ticket.productLine]],
  ];
  if (detail?.helpTopic) facts.push(['Help topic', detail.helpTopic]);
  if (detail?.internalReference) facts.push(['Your reference', detail.internalReference]);
  facts.push(['Created', <Timestamp key="created" iso={ticket.createdAt} now={now} />]);
  facts.push(['Updated', <Timestamp key="updated" iso={ticket.updatedAt} now={now} />]);
  if (detail?.followUpOfId)
    facts.push(['Follows up', <FollowUpLink key="follow" id={detail.followUpOfId} />]);

  return (
    <header className="ticket-header">
      <div className="ticket-header__topline">
        <span
          className={`ticket-header__number${ticket.number ? '' : ' is-pending'}`}
          data-testid="ticket-number"
        >
          {displayTicketNumber(ticket.number)}
          {ticket.number ? null : (
            <span className="visually-hidden"> — waiting for the server to assign a number</span>
          )}
        </span>
        <StatusBadge status={ticket.status} />
        <span className={`priority priority--${ticket.priority}`}>
          {priorityLabels[ticket.priority]} priority
        </span>
        {ticket.pending ? <PendingTag>Not yet synced</PendingTag> : null}
        <button
          type="button"
          className="button button--small button--quiet ticket-header__close"
          onClick={() => selectTicket(null)}
          aria-label="Back to the full list"
          title="Back to the full list (Esc)"
        >
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <h2 className="ticket-header__subject" ref={headingRef} tabIndex={-1} data-ticket-heading>
        {ticket.subject}
      </h2>
      <dl className="ticket-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="ticket-facts__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {detail ? <SiteUnitCard ticket={detail} /> : null}
      {children}
    </header>
  );
}

function Timestamp({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatExact(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}

function FollowUpLink({ id }: { id: string }) {
  const original = useTicket(id);
  const openTicket = useUi((state) => state.openTicket);
  const label = original.data ? displayTicketNumber(original.data.number) : 'the earlier ticket';
  return (
    <button type="button" className="link-button" onClick={() => openTicket(id)}>
      {label}
    </button>
  );
}
