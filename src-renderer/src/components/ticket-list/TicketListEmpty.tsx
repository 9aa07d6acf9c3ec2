import { errorMessage } from '../../api/client';
import { useSyncNow } from '../../api/queries';
import { useListView } from '../../hooks/use-list-view';
import { useUi } from '../../state/ui';
import { ALL_VIEW_ID } from '../../state/views';
import { StateMessage } from '../common/StateMessage';

export function TicketListEmpty() {
  const view = useListView();
  const showList = useUi((state) => state.showList);
  const syncNow = useSyncNow();

  if (view.id !== ALL_VIEW_ID) {
    return (
      <StateMessage
        title={`Nothing in “${view.label}”`}
        action={
          <button type="button" className="button" onClick={() => showList(ALL_VIEW_ID)}>
            Show all tickets
          </button>
        }
      />
    );
  }
  return (
    <StateMessage
      title="No tickets yet — sync will bring them in"
      action={
        <button
          type="button"
          className="button button--primary"
          disabled={syncNow.isPending}
          onClick={() => syncNow.mutate()}
        >
          {syncNow.isPending ? 'Syncing…' : 'Sync now'}
        </button>
      }
    >
      {syncNow.isError ? (
        <span role="alert">{errorMessage(syncNow.error)}</span>
      ) : (
        'Tickets from your support server appear here as soon as they arrive.'
      )}
    </StateMessage>
  );
}
