import { formatExact } from '../../format/time';
import { useUi } from '../../state/ui';
import { ErrorState } from '../common/ErrorState';
import { Skeleton } from '../common/Skeleton';
import { StateMessage } from '../common/StateMessage';
import { useMarkRead, useNotifications } from './account-api';
import './account.css';

/** Replies by others on the tickets the person follows, newest first; one click opens the ticket. */
export function RepliesView() {
  const replies = useNotifications(true);
  const markRead = useMarkRead();
  const openTicket = useUi((state) => state.openTicket);
  const unread = replies.data?.unread ?? 0;

  return (
    <div className="account-view">
      <header className="view-header">
        <h1 className="view-title">Replies</h1>
        <p className="view-subtitle">
          Replies to tickets you raised, are assigned to or have written on. Opening a ticket marks
          its replies read.
        </p>
      </header>
      {unread > 0 ? (
        <div className="replies-actions">
          <button type="button" className="button" onClick={() => markRead.mutate(undefined)}>
            Mark all read
          </button>
        </div>
      ) : null}
      {replies.isError ? (
        <ErrorState
          title="Replies could not be loaded"
          error={replies.error}
          onRetry={() => void replies.refetch()}
        />
      ) : !replies.data ? (
        <div aria-busy="true" className="replies-list">
          <Skeleton width="long" />
        </div>
      ) : replies.data.items.length === 0 ? (
        <StateMessage title="No replies yet">
          When someone replies to a ticket you follow, it shows here and in a desktop notification.
        </StateMessage>
      ) : (
        <ul className="replies-list" aria-label="Replies">
          {replies.data.items.map((reply) => (
            <li key={reply.id}>
              <button
                type="button"
                className="replies-item"
                data-unread={reply.readAt === null}
                data-testid="reply-notification"
                onClick={() => openTicket(reply.ticketId)}
              >
                {reply.readAt === null ? <span className="visually-hidden">Unread: </span> : null}
                {reply.author} {reply.internal ? 'added a note on' : 'replied on'}{' '}
                {reply.number ?? 'a pending ticket'} · {reply.subject}
                <span className="replies-item__excerpt">
                  {reply.excerpt} · {formatExact(reply.createdAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
