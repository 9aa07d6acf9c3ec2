import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { TicketSummary } from '../../../../src-shared/domain/ticket';
import type { TicketFilter } from '../../api/query-keys';
import { useTicketCount, useTicketPages } from '../../api/queries';
import { pageOf, pagesForRange, TICKET_PAGE_SIZE } from '../../api/ticket-pages';
import { useListNavigator, type ListNavigator } from '../../hooks/list-navigator';
import { useNow } from '../../hooks/use-now';
import { useUi } from '../../state/ui';
import { ErrorState } from '../common/ErrorState';
import { HEADER_HEIGHT, ROW_HEIGHT, visibleColumns } from './columns';
import { TicketListEmpty } from './TicketListEmpty';
import { TicketListHeader } from './TicketListHeader';
import { LoadingRow, rowDomId, TicketRow } from './TicketRow';
import { targetIndex } from './navigation';

/**
 * The queue: a virtual grid over however many tickets match, fetching pages of
 * TICKET_PAGE_SIZE rows only for the rows on screen, so 100k tickets scroll like 100.
 * `compact` keeps the columns that fit beside an open ticket; `checkable` adds the tick boxes
 * for bulk changes (technicians).
 */
export function TicketList({
  filter,
  compact,
  checkable,
  onOpen,
}: {
  filter: TicketFilter;
  compact: boolean;
  checkable: boolean;
  onOpen: (id: string) => void;
}) {
  const sort = useUi((state) => state.sort);
  const selectedId = useUi((state) => state.selectedTicketId);
  const selectTicket = useUi((state) => state.selectTicket);
  const checkedIds = useUi((state) => state.checkedIds);
  const toggleChecked = useUi((state) => state.toggleChecked);
  const checked = useMemo(() => new Set(checkedIds), [checkedIds]);
  const now = useNow();

  const count = useTicketCount(filter);
  const total = count.data ?? 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  // Gatedesk does not use the React Compiler, so the warning about memoising this hook's functions does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    // Keeps scrollToIndex clear of the sticky header.
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const pages = pagesForRange(items[0]?.index ?? 0, items.at(-1)?.index ?? -1, total);
  const pageResults = useTicketPages(filter, sort, pages);

  const rowsByPage = new Map<number, TicketSummary[]>();
  pages.forEach((page, i) => {
    const rows = pageResults[i]?.data?.rows;
    if (rows) rowsByPage.set(page, rows);
  });
  const rowAt = (index: number): TicketSummary | undefined => {
    const { page, offsetInPage } = pageOf(index);
    return rowsByPage.get(page)?.[offsetInPage];
  };
  const failedPage = pageResults.find((result) => result.isError && !result.data);

  // A new sort or filter is a new list: start it from the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [sort, filter]);

  // Keyboard moves into rows whose page is still loading complete once it arrives.
  const pendingIndex = useRef<number | null>(null);
  useEffect(() => {
    if (pendingIndex.current === null) return;
    const row = rowAt(pendingIndex.current);
    if (row) {
      pendingIndex.current = null;
      selectTicket(row.id);
    }
  });

  /** The selected row's index, or -1 when it is not among the loaded rows (none, or scrolled far away). */
  function currentIndex(): number {
    if (pendingIndex.current !== null) return pendingIndex.current;
    if (!selectedId) return -1;
    for (const [page, rows] of rowsByPage) {
      const offset = rows.findIndex((row) => row.id === selectedId);
      if (offset >= 0) return page * TICKET_PAGE_SIZE + offset;
    }
    return -1;
  }

  /** Moves the selection as a list key would; false when the key is not one. */
  function moveByKey(key: string): boolean {
    const visibleRows = Math.floor(
      ((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT,
    );
    // With no selection on screen, the keyboard starts from the first row in view, not the top of the list.
    const scrollTop = scrollRef.current?.scrollTop ?? 0;
    const firstInView = items.find((item) => item.end > scrollTop + HEADER_HEIGHT)?.index ?? 0;
    const target = targetIndex(key, currentIndex(), total, visibleRows - 1, firstInView);
    if (target === null) return false;
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const row = rowAt(target);
    if (row) {
      pendingIndex.current = null;
      selectTicket(row.id);
    } else {
      pendingIndex.current = target;
    }
    return true;
  }

  // j/k from anywhere move like ↓/↑ here; the latest render's rows answer them.
  const moveRef = useRef(moveByKey);
  useEffect(() => {
    moveRef.current = moveByKey;
  });
  const navigator = useMemo<ListNavigator>(
    () => ({ step: (delta) => void moveRef.current(delta > 0 ? 'ArrowDown' : 'ArrowUp') }),
    [],
  );
  useListNavigator(navigator);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Keys on the header's sort buttons belong to those buttons.
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') {
      if (selectedId) {
        event.preventDefault();
        onOpen(selectedId);
      }
      return;
    }
    if (event.key === ' ' && checkable && selectedId) {
      event.preventDefault();
      toggleChecked(selectedId);
      return;
    }
    if (moveByKey(event.key)) event.preventDefault();
  }

  if (count.isError) {
    return (
      <ErrorState
        title="The ticket list could not be loaded"
        error={count.error}
        onRetry={() => void count.refetch()}
      />
    );
  }
  if (count.isSuccess && total === 0) return <TicketListEmpty />;

  const selectedInView =
    selectedId !== null && items.some((item) => rowAt(item.index)?.id === selectedId);
  const className = `ticket-grid${compact ? ' ticket-grid--compact' : ''}${
    checkable ? ' ticket-grid--checkable' : ''
  }`;

  return (
    <div className="ticket-list">
      {failedPage ? (
        <div className="inline-alert" role="alert">
          Some tickets could not be loaded: {failedPage.error?.message}{' '}
          <button type="button" className="link-button" onClick={() => void failedPage.refetch()}>
            Try again
          </button>
        </div>
      ) : null}
      <div
        ref={scrollRef}
        className={className}
        role="grid"
        aria-label="Tickets"
        aria-rowcount={total + 1}
        aria-colcount={visibleColumns(compact).length + (checkable ? 1 : 0)}
        aria-busy={count.isPending}
        aria-activedescendant={selectedInView && selectedId ? rowDomId(selectedId) : undefined}
        tabIndex={0}
        data-testid="ticket-list"
        onKeyDown={onKeyDown}
      >
        <TicketListHeader compact={compact} checkable={checkable} />
        <div
          role="rowgroup"
          className="ticket-grid__body"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const ticket = rowAt(item.index);
            // Item positions count from the top of the scroller; rows sit in the body below the header.
            const start = item.start - HEADER_HEIGHT;
            return ticket ? (
              <TicketRow
                key={item.key}
                ticket={ticket}
                index={item.index}
                start={start}
                selected={ticket.id === selectedId}
                checked={checked.has(ticket.id)}
                checkable={checkable}
                compact={compact}
                now={now}
                onSelect={selectTicket}
                onOpen={onOpen}
                onToggleCheck={toggleChecked}
              />
            ) : (
              <LoadingRow key={item.key} index={item.index} start={start} />
            );
          })}
        </div>
      </div>
    </div>
  );
}
