import type { ReplyNotice } from '../../../../src-shared/domain/account-calls';

/**
 * The browser's Notification API for the web host (in Electron the shell shows system
 * notifications itself). Permission is asked only from a click in My settings, never on load.
 */

export type DesktopPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function desktopPermission(): DesktopPermission {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Must run inside a click handler: browsers ignore a request that no gesture started. */
export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export interface ReplyDisplayContext {
  shell: 'electron' | 'web' | null;
  permission: DesktopPermission;
  /** The person is looking at this ticket in a focused window: nothing to tell them. */
  viewingTicket: boolean;
}

/** What a browser notification for a reply says, or null when none is shown. */
export function browserReplyNotification(
  notice: ReplyNotice,
  context: ReplyDisplayContext,
): { title: string; body: string; tag: string } | null {
  if (context.shell !== 'web' || context.permission !== 'granted' || context.viewingTicket)
    return null;
  return {
    title: `${notice.author} ${notice.internal ? 'added a note on' : 'replied on'} ${notice.number ?? 'a pending ticket'}`,
    body: notice.excerpt ? `${notice.subject}\n${notice.excerpt}` : notice.subject,
    // one notification per ticket on screen: a newer reply replaces the older one
    tag: `gatedesk-ticket-${notice.ticketId}`,
  };
}

/**
 * Whether a ticket's detail is what the window shows: the selection alone is not enough, as it
 * stays while the person is on the profiles, replies or any other screen.
 */
export function ticketOnScreen(
  view: string,
  selectedTicketId: string | null,
  ticketId: string,
): boolean {
  return (view === 'tickets' || view === 'search') && selectedTicketId === ticketId;
}

/** The window title with the unread count in front, as mail clients do. */
export function titleWithUnread(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
