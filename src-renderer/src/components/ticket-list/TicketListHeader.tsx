import { ariaSort } from '../../state/sort';
import { useUi } from '../../state/ui';
import { ticketColumns } from './columns';

export function TicketListHeader() {
  const sort = useUi((state) => state.sort);
  const sortBy = useUi((state) => state.sortBy);
  return (
    <div role="rowgroup" className="ticket-grid__head">
      <div role="row" aria-rowindex={1} className="ticket-row ticket-row--head">
        {ticketColumns.map((column) => {
          const direction = ariaSort(sort, column.sortKey);
          return (
            <div
              key={column.sortKey}
              role="columnheader"
              aria-sort={direction}
              className="ticket-cell"
            >
              <button type="button" className="sort-button" onClick={() => sortBy(column.sortKey)}>
                {column.label}
                <span className="sort-button__arrow" aria-hidden="true">
                  {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
