import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { useSearch, useSyncState } from '../../api/queries';
import { formatCount, pluralise } from '../../format/number';
import { displayTicketNumber } from '../../format/ticket';
import { useListNavigator, type ListNavigator } from '../../hooks/list-navigator';
import { useUi } from '../../state/ui';
import { ErrorState } from '../common/ErrorState';
import { PendingMark } from '../common/PendingMark';
import { StateMessage } from '../common/StateMessage';
import { StatusBadge } from '../common/StatusBadge';
import { TicketView } from '../ticket/TicketView';
import { Snippet } from './Snippet';

const RESULT_LIMIT = 100;

/** Results of the search box, best first, with the ticket beside them once one is chosen. */
export function SearchView() {
  const query = useUi((state) => state.searchQuery);
  const deferredQuery = useDeferredValue(query);
  const results = useSearch(deferredQuery, RESULT_LIMIT);
  const backlog = useSyncState().data?.searchBacklog ?? 0;
  const selectedId = useUi((state) => state.selectedTicketId);
  const selectTicket = useUi((state) => state.selectTicket);
  const ticketHeading = useRef<HTMLHeadingElement>(null);
  const hits = useMemo(() => results.data ?? [], [results.data]);
  const trimmed = deferredQuery.trim();

  const latest = useRef({ hits, selectedId });
  useEffect(() => {
    latest.current = { hits, selectedId };
  });
  const navigator = useMemo<ListNavigator>(
    () => ({
      step(delta) {
        const { hits: list, selectedId: current } = latest.current;
        if (list.length === 0) return;
        const index = list.findIndex((hit) => hit.ticket.id === current);
        const next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + delta));
        const id = list[next]?.ticket.id;
        if (id) {
          selectTicket(id);
          document.getElementById(`search-result-${id}`)?.scrollIntoView({ block: 'nearest' });
        }
      },
    }),
    [selectTicket],
  );
  useListNavigator(navigator);

  return (
    <div className={`tickets-view${selectedId ? ' tickets-view--split' : ''}`}>
      <section className="tickets-view__list search-view" aria-labelledby="search-title">
        <header className="view-header view-header--compact">
          <h1 id="search-title" className="view-title">
            Search
          </h1>
          {trimmed && results.data ? (
            <span className="view-count" role="status">
              {pluralise(hits.length, 'ticket', 'tickets')}
              {hits.length === RESULT_LIMIT ? ' (the newest matches)' : ''} for “{trimmed}”
            </span>
          ) : null}
        </header>
        {backlog > 0 ? (
          <p className="search-view__backlog" role="status" data-testid="search-backlog">
            Search is still reading the messages of your first sync ({formatCount(backlog)} to go):
            tickets and their subjects are all there, older messages may not be found yet.
          </p>
        ) : null}
        {trimmed === '' ? (
          <StateMessage title="Search your tickets">
            Type a ticket number (like HW00000094), or words from a subject or any message. Search
            runs on this computer, so it works offline.
          </StateMessage>
        ) : results.isError ? (
          <ErrorState
            title="Search failed"
            error={results.error}
            onRetry={() => void results.refetch()}
          />
        ) : results.isSuccess && hits.length === 0 ? (
          <StateMessage title={`No tickets match “${trimmed}”`}>
            Try fewer words, or the start of a word: every word you type must appear.
          </StateMessage>
        ) : (
          <ol className="search-results" aria-label="Search results" data-testid="search-results">
            {hits.map((hit) => (
              <li key={hit.ticket.id}>
                <button
                  type="button"
                  id={`search-result-${hit.ticket.id}`}
                  className="search-result"
                  aria-current={hit.ticket.id === selectedId ? 'true' : undefined}
                  data-testid="search-result"
                  data-ticket-id={hit.ticket.id}
                  onClick={() => selectTicket(hit.ticket.id)}
                  onDoubleClick={() => ticketHeading.current?.focus()}
                >
                  <span className="search-result__line">
                    <span
                      className={`search-result__number${hit.ticket.number ? '' : ' is-pending'}`}
                    >
                      {displayTicketNumber(hit.ticket.number)}
                      {hit.ticket.pending && hit.ticket.number ? <PendingMark /> : null}
                    </span>
                    <StatusBadge status={hit.ticket.status} />
                    <span className="search-result__subject">{hit.ticket.subject}</span>
                  </span>
                  <span className="search-result__snippet">
                    <Snippet text={hit.snippet} />
                  </span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      {selectedId ? <TicketView ticketId={selectedId} headingRef={ticketHeading} /> : null}
    </div>
  );
}
