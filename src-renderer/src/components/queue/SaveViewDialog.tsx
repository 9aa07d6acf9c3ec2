import type { TicketFilter } from '../../api/query-keys';
import { useSaveView } from '../../api/saved-view-queries';
import { useQueueFilters } from '../../state/queue-filters';
import { savedQueryOf, savedViewId } from '../../state/saved-views';
import { useUi } from '../../state/ui';
import { ViewNameDialog } from './ViewNameDialog';

/** "Save as view": the filters shown now and the current sort, under a name, then opens it. */
export function SaveViewDialog({ filter, onClose }: { filter: TicketFilter; onClose: () => void }) {
  const sort = useUi((state) => state.sort);
  const showList = useUi((state) => state.showList);
  const clearRefinement = useQueueFilters((state) => state.clear);
  const save = useSaveView();
  return (
    <ViewNameDialog
      title="Save as view"
      description="The filters and the sort shown now, under “My views” in the sidebar."
      initialName=""
      submitLabel="Save view"
      onClose={onClose}
      onSubmit={async (name) => {
        const view = await save.mutateAsync({ name, query: savedQueryOf(filter, sort) });
        // the saved view holds the filters now: show it, with nothing on top
        clearRefinement();
        showList(savedViewId(view.id));
      }}
    />
  );
}
