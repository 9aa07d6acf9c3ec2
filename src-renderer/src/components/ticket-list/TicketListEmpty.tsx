import { errorMessage } from '../../api/client';
import { useSyncNow } from '../../api/queries';
import { statusLabels } from '../../format/ticket';
import { useUi } from '../../state/ui';
import { StateMessage } from '../common/StateMessage';

export function TicketListEmpty() {
  const status = useUi((state) => state.statusFilter);
  const setStatusFilter = useUi((state) => state.setStatusFilter);
  const syncNow = useSyncNow();

  if (status) {
    return (
      <StateMessage
        title={`No ${statusLabels[status].toLowerCase()} tickets`}
        action={
          <button type="button" className="button" onClick={() => setStatusFilter(null)}>
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
