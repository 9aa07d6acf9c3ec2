import { useMemo } from 'react';
import { useSavedViews } from '../api/saved-view-queries';
import { statusLabels } from '../format/ticket';
import { listViewOfSaved, savedIdOf } from '../state/saved-views';
import { useUi } from '../state/ui';
import { ALL_VIEW_ID, viewById, type ListView } from '../state/views';

const statusLabel = (status: keyof typeof statusLabels) => statusLabels[status];

/**
 * The view the queue shows now: a built-in one, a status filter or one of the user's saved
 * views. `resolving` while the saved views are still being read (the list waits rather than
 * flash every ticket); a saved view that was deleted falls back to all tickets.
 */
export function useListView(): ListView & { resolving: boolean } {
  const id = useUi((state) => state.listViewId);
  const savedId = savedIdOf(id);
  const saved = useSavedViews();
  return useMemo(() => {
    if (savedId === null) return { ...viewById(id, statusLabel), resolving: false };
    const found = saved.data?.find((view) => view.id === savedId);
    if (found) return { ...listViewOfSaved(found), resolving: false };
    if (saved.isPending) return { id, label: '', filter: {}, resolving: true };
    return { ...viewById(ALL_VIEW_ID, statusLabel), resolving: false };
  }, [id, savedId, saved.data, saved.isPending]);
}
