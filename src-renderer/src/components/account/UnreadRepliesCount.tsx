import { useNotifications } from './account-api';

/** The sidebar's unread-replies count; nothing at zero. */
export function UnreadRepliesCount() {
  const unread = useNotifications().data?.unread ?? 0;
  if (unread === 0) return null;
  return (
    <span
      className="nav-item__count nav-item__count--unread"
      title={`${unread} unread ${unread === 1 ? 'reply' : 'replies'}`}
      data-testid="unread-replies"
    >
      <span className="visually-hidden">, unread: </span>
      {unread}
    </span>
  );
}
