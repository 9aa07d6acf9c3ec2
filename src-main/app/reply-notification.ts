import type { ReplyNotice } from '../../src-shared/domain/account-calls.js';
import type { NavigationTarget } from '../../src-shared/domain/desktop.js';

export interface ReplyNotificationContext {
  /** The Gatedesk window has the focus: the person sees the unread count already. */
  windowFocused: boolean;
  /** Notifications shown in the last minute; a burst (a long offline spell) is summed up. */
  shownLastMinute: number;
}

/** At most this many separate notifications a minute; the rest are one summary. */
export const MAX_REPLY_NOTIFICATIONS_PER_MINUTE = 3;

export interface ShownNotification {
  title: string;
  body: string;
  /** Where a click takes the person; null: just bring the window forward. */
  open: NavigationTarget | null;
}

/**
 * What the desktop shows for a `notifications.reply` event: nothing while the window has the
 * focus (the count in the sidebar and title says it), one notification per reply naming who
 * replied and on which ticket, and a single "more replies" notice once a burst passes the
 * limit, so coming back online after a day does not bury the screen.
 */
export function replyNotification(
  notice: ReplyNotice,
  context: ReplyNotificationContext,
): ShownNotification | null {
  if (context.windowFocused) return null;
  if (context.shownLastMinute > MAX_REPLY_NOTIFICATIONS_PER_MINUTE) return null;
  if (context.shownLastMinute === MAX_REPLY_NOTIFICATIONS_PER_MINUTE) {
    return {
      title: 'More replies in Gatedesk',
      body: 'Several tickets you follow have new replies. Open Gatedesk to read them.',
      open: null,
    };
  }
  const ticket = notice.number ?? 'a pending ticket';
  return {
    title: `${notice.author} ${notice.internal ? 'added a note on' : 'replied on'} ${ticket}`,
    body: notice.excerpt ? `${notice.subject}\n${notice.excerpt}` : notice.subject,
    open: notice.number ? { to: 'ticket', number: notice.number } : null,
  };
}
