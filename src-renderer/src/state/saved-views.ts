import type { SavedView, SavedViewQuery } from '../../../src-shared/domain/saved-views';
import type { TicketFilter } from '../api/query-keys';
import type { TicketSort } from '../api/ticket-pages';
import type { ListView } from './views';

/** A saved view's id in the queue's view ids, apart from the built-in ones. */
export const savedViewId = (id: string) => `saved:${id}`;

export function savedIdOf(listViewId: string): string | null {
  return listViewId.startsWith('saved:') ? listViewId.slice('saved:'.length) : null;
}

/** A saved view as the queue shows it: its filters, and the sort it was saved with. */
export function listViewOfSaved(view: SavedView): ListView {
  const { sort, ...filter } = view.query;
  return { id: savedViewId(view.id), label: view.name, filter, sort };
}

/** What "Save as view" keeps: the filters shown now and the current sort. */
export function savedQueryOf(filter: TicketFilter, sort: TicketSort): SavedViewQuery {
  return { ...filter, sort };
}
