import { useMemo } from 'react';
import { statusLabels } from '../format/ticket';
import { useUi } from '../state/ui';
import { viewById, type ListView } from '../state/views';

const statusLabel = (status: keyof typeof statusLabels) => statusLabels[status];

/** The saved view or status filter the queue shows now. */
export function useListView(): ListView {
  const id = useUi((state) => state.listViewId);
  return useMemo(() => viewById(id, statusLabel), [id]);
}
