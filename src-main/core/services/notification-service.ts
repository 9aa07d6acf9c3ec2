import type { ReplyNotification } from '../../../src-shared/domain/account-calls.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import type { CoreLogger } from '../core-types.js';
import type { EventBus } from '../events.js';
import type { StoreDb } from '../store/store-types.js';

/**
 * Replies by others on the tickets the user follows (store/queries/notifications.ts decides
 * which). Each new one is announced once with `notifications.reply`, for the desktop
 * notification, and every change of the unread count with `notifications.unread`, for the
 * badge, the tray and the window title.
 */
export interface ReplyNotifier {
  /**
   * The sync engine's hook after each applied page, with the replies the page recorded as
   * unread (in the page's own transaction). Never throws: a pull must not fail on it.
   */
  pulled(recorded: ReplyNotification[]): Promise<void>;
  /** Says the unread count as it is now (on opening a profile, after marking read). */
  announceCount(): Promise<void>;
}

export function createReplyNotifier(deps: {
  profileId: string;
  db: StoreDb;
  events: EventBus;
  logger: CoreLogger;
}): ReplyNotifier {
  const { db, events } = deps;
  const announceCount = async () => {
    events.emit('notifications.unread', { count: await db.read('notifications.unread', {}) });
  };
  return {
    announceCount,
    async pulled(recorded) {
      try {
        if (recorded.length === 0) return;
        for (const n of recorded) {
          events.emit('notifications.reply', {
            ticketId: n.ticketId,
            number: n.number,
            subject: n.subject,
            author: n.author,
            excerpt: n.excerpt,
            internal: n.internal,
          });
        }
        await announceCount();
      } catch (error) {
        deps.logger.warn('could not announce reply notifications', { error });
      }
    },
  };
}

export interface NotificationServiceDeps {
  active(): Promise<ActiveProfile>;
  events: EventBus;
  now?: () => Date;
}

export function notificationHandlers(
  deps: NotificationServiceDeps,
): Pick<Handlers, 'notifications.list' | 'notifications.markRead'> {
  const now = deps.now ?? (() => new Date());
  return {
    'notifications.list': async ({ all, limit }) => {
      const p = await deps.active();
      const [items, unread] = await Promise.all([
        p.db.read('notifications.list', { all, limit }),
        p.db.read('notifications.unread', {}),
      ]);
      return { items, unread };
    },
    'notifications.markRead': async ({ ticketId }) => {
      const p = await deps.active();
      const { tables } = await p.db.write('notifications.markRead', {
        ticketId,
        at: now().toISOString(),
      });
      const unread = await p.db.read('notifications.unread', {});
      if (tables.length > 0) {
        deps.events.emit('store.changed', { profileId: p.profile.id, tables });
        deps.events.emit('notifications.unread', { count: unread });
      }
      return { unread };
    },
  };
}
