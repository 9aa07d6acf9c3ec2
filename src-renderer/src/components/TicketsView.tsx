import { useCallback, useRef } from 'react';
import { useTicketCount } from '../api/queries';
import { pluralise } from '../format/number';
import { useListView } from '../hooks/use-list-view';
import { useViewer } from '../hooks/use-viewer';
import { useUi } from '../state/ui';
import { BulkBar } from './ticket-list/BulkBar';
import { TicketList } from './ticket-list/TicketList';
import { TicketView } from './ticket/TicketView';

/**
 * The queue, and the selected ticket beside it. With a ticket open the list keeps only the
 * columns that fit beside it (number, subject, status, updated); Esc closes the ticket.
 */
export function TicketsView() {
  const view = useListView();
  const selectedId = useUi((state) => state.selectedTicketId);
  const viewer = useViewer();
  const count = useTicketCount(view.filter);
  const ticketHeading = useRef<HTMLHeadingElement>(null);
  const open = useCallback(() => ticketHeading.current?.focus(), []);
  const checkable = viewer.actor === 'staff';

  return (
    <div className={`tickets-view${selectedId ? ' tickets-view--split' : ''}`}>
      <section className="tickets-view__list" aria-labelledby="queue-title">
        <header className="view-header view-header--compact">
          <h1 id="queue-title" className="view-title">
            {view.label}
          </h1>
          {count.data !== undefined ? (
            <span className="view-count">{pluralise(count.data, 'ticket', 'tickets')}</span>
          ) : null}
        </header>
        {checkable ? <BulkBar /> : null}
        <TicketList
          filter={view.filter}
          compact={selectedId !== null}
          checkable={checkable}
          onOpen={open}
        />
      </section>
      {selectedId ? <TicketView ticketId={selectedId} headingRef={ticketHeading} /> : null}
    </div>
  );
}
