import { useCallback, useMemo, useRef } from 'react';
import { useTicketCount } from '../api/queries';
import { statusFilter } from '../api/ticket-pages';
import { pluralise } from '../format/number';
import { statusLabels } from '../format/ticket';
import { useUi } from '../state/ui';
import { TicketDetail } from './TicketDetail';
import { TicketList } from './ticket-list/TicketList';

/** The list and, beside it, the selected ticket. */
export function TicketsView() {
  const status = useUi((state) => state.statusFilter);
  const count = useTicketCount(useMemo(() => statusFilter(status), [status]));
  const detailHeading = useRef<HTMLHeadingElement>(null);
  // "Open" moves focus to the summary; the full ticket view and its own window come in a later issue.
  const open = useCallback(() => detailHeading.current?.focus(), []);
  return (
    <div className="tickets-view">
      <div className="tickets-view__list">
        <header className="view-header view-header--compact">
          <h1 className="view-title">
            {status ? `${statusLabels[status]} tickets` : 'All tickets'}
          </h1>
          {count.data !== undefined ? (
            <span className="view-count">{pluralise(count.data, 'ticket', 'tickets')}</span>
          ) : null}
        </header>
        <TicketList onOpen={open} />
      </div>
      <TicketDetail headingRef={detailHeading} />
    </div>
  );
}
