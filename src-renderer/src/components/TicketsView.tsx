import { useCallback, useMemo, useRef } from 'react';
import { useTicketCount } from '../api/queries';
import { pluralise } from '../format/number';
import { useListView } from '../hooks/use-list-view';
import { useViewer } from '../hooks/use-viewer';
import { effectiveFilter, useQueueFilters, useRefinement } from '../state/queue-filters';
import { useUi } from '../state/ui';
import { FilterBar } from './queue/FilterBar';
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
  const refinement = useRefinement(view.id);
  const setRefinement = useQueueFilters((state) => state.setRefinement);
  // one object per change, so the list starts from the top only when the filter changes
  const filter = useMemo(() => effectiveFilter(view.filter, refinement), [view.filter, refinement]);
  const count = useTicketCount(filter);
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
        {/* beside an open ticket the list is narrow: its filters stay, their controls wait */}
        {selectedId ? null : (
          <FilterBar
            key={view.id}
            viewFilter={view.filter}
            refinement={refinement}
            filter={filter}
            onChange={(next) => setRefinement(view.id, next)}
          />
        )}
        {checkable ? <BulkBar /> : null}
        {view.resolving ? null : (
          <TicketList
            filter={filter}
            compact={selectedId !== null}
            checkable={checkable}
            onOpen={open}
          />
        )}
      </section>
      {selectedId ? <TicketView ticketId={selectedId} headingRef={ticketHeading} /> : null}
    </div>
  );
}
