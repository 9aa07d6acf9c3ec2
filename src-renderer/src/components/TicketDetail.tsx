import type { ReactNode, Ref } from 'react';
import type { TicketSummary } from '../../../src-shared/domain/ticket';
import { useTicket } from '../api/queries';
import { formatExact, formatRelative } from '../format/time';
import {
  categoryLabels,
  displayTicketNumber,
  priorityLabels,
  productLineLabels,
} from '../format/ticket';
import { useNow } from '../hooks/use-now';
import { useUi } from '../state/ui';
import { ErrorState } from './common/ErrorState';
import { Skeleton } from './common/Skeleton';
import { StateMessage } from './common/StateMessage';
import { StatusBadge } from './common/StatusBadge';

/** The selected ticket's summary beside the list; Enter in the list moves focus to its heading. */
export function TicketDetail({ headingRef }: { headingRef: Ref<HTMLHeadingElement> }) {
  const selectedId = useUi((state) => state.selectedTicketId);
  const ticket = useTicket(selectedId);

  return (
    <section className="detail-pane" aria-label="Ticket details" data-testid="ticket-detail">
      {selectedId === null ? (
        <StateMessage title="No ticket selected">
          Choose a ticket in the list, or move through it with <kbd>↑</kbd> <kbd>↓</kbd> and open
          one with <kbd>Enter</kbd>.
        </StateMessage>
      ) : ticket.data ? (
        <TicketSummaryView ticket={ticket.data} headingRef={headingRef} />
      ) : ticket.isError ? (
        <ErrorState
          title="This ticket could not be loaded"
          error={ticket.error}
          onRetry={() => void ticket.refetch()}
        />
      ) : ticket.isSuccess ? (
        <StateMessage title="This ticket is no longer here">
          It may have been removed on the server, or it is outside what this profile can see.
        </StateMessage>
      ) : (
        <div className="detail-pane__loading" aria-busy="true">
          <Skeleton width="short" />
          <Skeleton width="long" />
          <Skeleton width="medium" />
        </div>
      )}
    </section>
  );
}

function TicketSummaryView({
  ticket,
  headingRef,
}: {
  ticket: TicketSummary;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const now = useNow();
  const fields: [string, ReactNode][] = [
    ['Status', <StatusBadge key="status" status={ticket.status} />],
    [
      'Priority',
      <span key="priority" className={`priority priority--${ticket.priority}`}>
        {priorityLabels[ticket.priority]}
      </span>,
    ],
    ['Category', categoryLabels[ticket.category]],
    ['Product line', productLineLabels[ticket.productLine]],
    ['Site', ticket.siteName ?? 'No site'],
    ['Assignee', ticket.assigneeName ?? 'Unassigned'],
    ['Created', <Timestamp key="created" iso={ticket.createdAt} now={now} />],
    ['Updated', <Timestamp key="updated" iso={ticket.updatedAt} now={now} />],
  ];
  return (
    <article className="ticket-summary">
      <p className={`ticket-summary__number${ticket.number ? '' : ' is-pending'}`}>
        {displayTicketNumber(ticket.number)}
        {ticket.number ? null : (
          <span className="visually-hidden"> — waiting for the server to assign a number</span>
        )}
      </p>
      <h2 className="ticket-summary__subject" ref={headingRef} tabIndex={-1}>
        {ticket.subject}
      </h2>
      <dl className="field-list">
        {fields.map(([label, value]) => (
          <div key={label} className="field-list__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

function Timestamp({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatRelative(iso, now)}>
      {formatExact(iso)}
    </time>
  );
}
