import { useEffect } from 'react';
import { getAppBridge } from '../../api/bridge';
import { useAppInfo } from '../../api/queries';
import { useUi } from '../../state/ui';
import { useMarkRead, useNotifications } from './account-api';
import {
  browserReplyNotification,
  desktopPermission,
  ticketOnScreen,
  titleWithUnread,
} from './browser-notifications';

const baseTitle = 'Gatedesk';

/**
 * Replies on followed tickets, for the whole window: a browser notification in the web host
 * (clicking it opens the ticket), the unread count in the window title, and opening a ticket
 * marks its replies read. Mounted once, in the app shell.
 */
export function useReplyNotifications(): number {
  const shell = useAppInfo().data?.shell ?? null;
  const unread = useNotifications().data;
  const markRead = useMarkRead();
  const selectedTicketId = useUi((state) => state.selectedTicketId);
  const count = unread?.unread ?? 0;
  const { mutate } = markRead;

  useEffect(() => {
    document.title = titleWithUnread(baseTitle, count);
  }, [count]);

  useEffect(() => {
    if (!selectedTicketId || !unread?.items.some((n) => n.ticketId === selectedTicketId)) return;
    mutate(selectedTicketId);
  }, [selectedTicketId, unread, mutate]);

  useEffect(() => {
    const { bridge } = getAppBridge();
    return bridge.on('notifications.reply', (notice) => {
      const ui = useUi.getState();
      const shown = browserReplyNotification(notice, {
        shell,
        permission: desktopPermission(),
        viewingTicket:
          document.hasFocus() && ticketOnScreen(ui.view, ui.selectedTicketId, notice.ticketId),
      });
      if (!shown) return;
      const notification = new Notification(shown.title, { body: shown.body, tag: shown.tag });
      notification.onclick = () => {
        window.focus();
        useUi.getState().openTicket(notice.ticketId);
        notification.close();
      };
    });
  }, [shell]);

  return count;
}
