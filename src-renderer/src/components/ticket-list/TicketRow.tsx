import { memo, type CSSProperties } from 'react';
import type { TicketSummary } from '../../../../src-shared/domain/ticket';
import { formatExact, formatRelative } from '../../format/time';
import {
  categoryLabels,
  displayTicketNumber,
  priorityLabels,
  productLineLabels,
  productLineShortLabels,
} from '../../format/ticket';
import { StatusBadge } from '../common/StatusBadge';
import { Skeleton } from '../common/Skeleton';

export const rowDomId = (id: string) => `ticket-row-${id}`;

interface RowFrameProps {
  index: number;
  start: number;
}

function rowStyle(start: number): CSSProperties {
  return { transform: `translateY(${start}px)` };
}

export const TicketRow = memo(function TicketRow({
  ticket,
  index,
  start,
  selected,
  now,
  onSelect,
  onOpen,
}: RowFrameProps & {
  ticket: TicketSummary;
  selected: boolean;
  now: number;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  return (
    <div
      id={rowDomId(ticket.id)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className="ticket-row ticket-row--body"
      data-testid="ticket-row"
      data-ticket-id={ticket.id}
      style={rowStyle(start)}
      onClick={() => onSelect(ticket.id)}
      onDoubleClick={() => onOpen(ticket.id)}
    >
      <div
        role="gridcell"
        className={`ticket-cell ticket-cell--number${ticket.number ? '' : ' is-pending'}`}
      >
        {displayTicketNumber(ticket.number)}
      </div>
      <div role="gridcell" className="ticket-cell ticket-cell--subject" title={ticket.subject}>
        {ticket.subject}
      </div>
      <div role="gridcell" className="ticket-cell">
        <StatusBadge status={ticket.status} />
      </div>
      <div role="gridcell" className={`ticket-cell priority priority--${ticket.priority}`}>
        {priorityLabels[ticket.priority]}
      </div>
      <div role="gridcell" className="ticket-cell">
        {categoryLabels[ticket.category]}
      </div>
      <div role="gridcell" className="ticket-cell" title={productLineLabels[ticket.productLine]}>
        {productLineShortLabels[ticket.productLine]}
      </div>
      <div role="gridcell" className="ticket-cell" title={ticket.siteName ?? undefined}>
        {ticket.siteName ?? '—'}
      </div>
      <div
        role="gridcell"
        className={`ticket-cell${ticket.assigneeName ? '' : ' is-muted'}`}
        title={ticket.assigneeName ?? undefined}
      >
        {ticket.assigneeName ?? 'Unassigned'}
      </div>
      <div role="gridcell" className="ticket-cell ticket-cell--time">
        <time dateTime={ticket.updatedAt} title={formatExact(ticket.updatedAt)}>
          {formatRelative(ticket.updatedAt, now)}
        </time>
      </div>
    </div>
  );
});

/** A row whose page has not arrived yet: same height, so scrolling never jumps. */
export const LoadingRow = memo(function LoadingRow({ index, start }: RowFrameProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-busy="true"
      className="ticket-row ticket-row--body"
      style={rowStyle(start)}
    >
      <div role="gridcell" className="ticket-cell">
        <Skeleton width="short" />
      </div>
      <div role="gridcell" className="ticket-cell">
        <Skeleton width="long" />
      </div>
    </div>
  );
});
