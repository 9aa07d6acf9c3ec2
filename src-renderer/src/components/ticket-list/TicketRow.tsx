import { Fragment, memo, type CSSProperties, type MouseEvent, type ReactNode } from 'react';
import type { TicketSortColumn, TicketSummary } from '../../../../src-shared/domain/ticket';
import { formatExact, formatRelative } from '../../format/time';
import {
  categoryLabels,
  displayTicketNumber,
  priorityLabels,
  productLineLabels,
  productLineShortLabels,
} from '../../format/ticket';
import { PendingMark } from '../common/PendingMark';
import { SlaBadge } from '../common/SlaBadge';
import { Skeleton } from '../common/Skeleton';
import { StatusBadge } from '../common/StatusBadge';
import { visibleColumns } from './columns';

export const rowDomId = (id: string) => `ticket-row-${id}`;

interface RowFrameProps {
  index: number;
  start: number;
}

function rowStyle(start: number): CSSProperties {
  return { transform: `translateY(${start}px)` };
}

function cell(column: TicketSortColumn, ticket: TicketSummary, now: number): ReactNode {
  switch (column) {
    case 'number':
      return (
        <div
          role="gridcell"
          className={`ticket-cell ticket-cell--number${ticket.number ? '' : ' is-pending'}`}
        >
          {displayTicketNumber(ticket.number)}
          {ticket.pending && ticket.number ? <PendingMark /> : null}
        </div>
      );
    case 'subject':
      return (
        <div role="gridcell" className="ticket-cell ticket-cell--subject" title={ticket.subject}>
          {ticket.subject}
        </div>
      );
    case 'status':
      return (
        <div role="gridcell" className="ticket-cell">
          <StatusBadge status={ticket.status} />
        </div>
      );
    case 'priority':
      return (
        <div role="gridcell" className={`ticket-cell priority priority--${ticket.priority}`}>
          {priorityLabels[ticket.priority]}
        </div>
      );
    case 'category':
      return (
        <div role="gridcell" className="ticket-cell">
          {categoryLabels[ticket.category]}
        </div>
      );
    case 'productLine':
      return (
        <div role="gridcell" className="ticket-cell" title={productLineLabels[ticket.productLine]}>
          {productLineShortLabels[ticket.productLine]}
        </div>
      );
    case 'siteName':
      return (
        <div role="gridcell" className="ticket-cell" title={ticket.siteName ?? undefined}>
          {ticket.siteName ?? '—'}
        </div>
      );
    case 'assigneeName':
      return (
        <div
          role="gridcell"
          className={`ticket-cell${ticket.assigneeName ? '' : ' is-muted'}`}
          title={ticket.assigneeName ?? undefined}
        >
          {ticket.assigneeName ?? 'Unassigned'}
        </div>
      );
    case 'slaDueAt':
      return (
        <div
          role="gridcell"
          className="ticket-cell"
          title={ticket.sla?.dueAt ? `Due ${formatExact(ticket.sla.dueAt)}` : undefined}
        >
          {ticket.sla ? <SlaBadge sla={ticket.sla} /> : <span className="is-muted">—</span>}
        </div>
      );
    case 'createdAt':
    case 'updatedAt': {
      const iso = column === 'createdAt' ? ticket.createdAt : ticket.updatedAt;
      return (
        <div role="gridcell" className="ticket-cell ticket-cell--time">
          <time dateTime={iso} title={formatExact(iso)}>
            {formatRelative(iso, now)}
          </time>
        </div>
      );
    }
  }
}

export const TicketRow = memo(function TicketRow({
  ticket,
  index,
  start,
  selected,
  checked,
  checkable,
  compact,
  now,
  onSelect,
  onOpen,
  onToggleCheck,
}: RowFrameProps & {
  ticket: TicketSummary;
  selected: boolean;
  checked: boolean;
  checkable: boolean;
  compact: boolean;
  now: number;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  onToggleCheck: (id: string) => void;
}) {
  const onClick = (event: MouseEvent) => {
    // Ctrl/⌘-click ticks a row for a bulk change, as in a file manager.
    if (checkable && (event.ctrlKey || event.metaKey)) onToggleCheck(ticket.id);
    else onSelect(ticket.id);
  };
  return (
    <div
      id={rowDomId(ticket.id)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`ticket-row ticket-row--body${checked ? ' is-checked' : ''}`}
      data-testid="ticket-row"
      data-ticket-id={ticket.id}
      data-pending={ticket.pending ? 'true' : undefined}
      style={rowStyle(start)}
      onClick={onClick}
      onDoubleClick={() => onOpen(ticket.id)}
    >
      {checkable ? (
        <div role="gridcell" className="ticket-cell ticket-cell--check">
          <input
            type="checkbox"
            // The grid is one tab stop; rows are ticked with x, a click, or Ctrl/⌘-click.
            tabIndex={-1}
            checked={checked}
            aria-label={`Select ${displayTicketNumber(ticket.number)} ${ticket.subject}`}
            onClick={(event) => event.stopPropagation()}
            onChange={() => onToggleCheck(ticket.id)}
          />
        </div>
      ) : null}
      {visibleColumns(compact).map((column) => (
        <Fragment key={column.sortKey}>{cell(column.sortKey, ticket, now)}</Fragment>
      ))}
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
      <div role="gridcell" className="ticket-cell ticket-cell--span">
        <Skeleton width="long" />
      </div>
    </div>
  );
});
