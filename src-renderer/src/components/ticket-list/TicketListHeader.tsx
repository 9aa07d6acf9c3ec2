import { ariaSort } from '../../state/sort';
import { useUi } from '../../state/ui';
import { visibleColumns } from './columns';

export function TicketListHeader({ compact, checkable }: { compact: boolean; checkable: boolean }) {
  const sort = useUi((state) => state.sort);
  const sortBy = useUi((state) => state.sortBy);
  return (
    <div role="rowgroup" className="ticket-grid__head">
      <div role="row" aria-rowindex={1} className="ticket-row ticket-row--head">
        {checkable ? (
          <div role="columnheader" className="ticket-cell ticket-cell--check">
            <span className="visually-hidden">Selected for a bulk change</span>
          </div>
        ) : null}
        {visibleColumns(compact).map((column) => {
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
