import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { SavedView } from '../../../../src-shared/domain/saved-views';
import { errorMessage } from '../../api/client';
import { useTicketCount } from '../../api/queries';
import type { TicketFilter } from '../../api/query-keys';
import { useRemoveView, useSaveView, useSavedViews } from '../../api/saved-view-queries';
import { formatCompactCount, formatCount } from '../../format/number';
import { listViewOfSaved } from '../../state/saved-views';
import { useUi } from '../../state/ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ViewNameDialog } from './ViewNameDialog';
import './queue.css';

/**
 * "My views" in the sidebar: the user's saved filters with live counts; each opens with the
 * sort it was saved with, and can be renamed or deleted from its menu.
 */
export function MyViews() {
  const saved = useSavedViews();
  const view = useUi((state) => state.view);
  const listViewId = useUi((state) => state.listViewId);
  const showList = useUi((state) => state.showList);
  const [renaming, setRenaming] = useState<SavedView | null>(null);
  const [removing, setRemoving] = useState<SavedView | null>(null);
  const save = useSaveView();
  const remove = useRemoveView();
  const views = saved.data ?? [];
  if (views.length === 0) return null;

  return (
    <>
      <h2 className="sidebar__heading" id="my-views-heading">
        My views
      </h2>
      <ul className="nav-list" aria-labelledby="my-views-heading">
        {views.map((saved) => {
          const list = listViewOfSaved(saved);
          return (
            <li key={saved.id} className="my-view">
              <button
                type="button"
                className="nav-item"
                aria-current={view === 'tickets' && listViewId === list.id ? 'page' : undefined}
                onClick={() => {
                  showList(list.id);
                  if (list.sort) useUi.setState({ sort: list.sort });
                }}
              >
                <span className="nav-item__label">{list.label}</span>
                <SavedViewCount filter={list.filter} />
              </button>
              <DropdownMenu.Root modal={false}>
                <DropdownMenu.Trigger
                  className="my-view__menu button button--small button--quiet"
                  aria-label={`More for the view ${saved.name}`}
                >
                  <span aria-hidden="true">⋯</span>
                </DropdownMenu.Trigger>
                <DropdownMenu.Portal>
                  <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
                    <DropdownMenu.Item className="menu__item" onSelect={() => setRenaming(saved)}>
                      Rename…
                    </DropdownMenu.Item>
                    <DropdownMenu.Item className="menu__item" onSelect={() => setRemoving(saved)}>
                      Delete…
                    </DropdownMenu.Item>
                  </DropdownMenu.Content>
                </DropdownMenu.Portal>
              </DropdownMenu.Root>
            </li>
          );
        })}
      </ul>
      {renaming ? (
        <ViewNameDialog
          title="Rename the view"
          description={`A new name for “${renaming.name}”; its filters stay as they are.`}
          initialName={renaming.name}
          submitLabel="Rename"
          onClose={() => setRenaming(null)}
          onSubmit={(name) => save.mutateAsync({ id: renaming.id, name })}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title="Delete the view?"
          message={`“${removing.name}” goes from My views. No ticket changes.`}
          confirmLabel="Delete view"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const id = removing.id;
            setRemoving(null);
            remove.mutate(id);
          }}
        />
      ) : null}
      {remove.isError ? (
        <p className="inline-alert" role="alert">
          The view could not be deleted: {errorMessage(remove.error)}
        </p>
      ) : null}
    </>
  );
}

function SavedViewCount({ filter }: { filter: TicketFilter }) {
  const count = useTicketCount(filter);
  if (count.data === undefined) return null;
  return (
    <span className="nav-item__count" title={`${formatCount(count.data)} tickets`}>
      {formatCompactCount(count.data)}
    </span>
  );
}
