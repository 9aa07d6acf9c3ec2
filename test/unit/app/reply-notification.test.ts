import { describe, expect, it } from 'vitest';
import {
  MAX_REPLY_NOTIFICATIONS_PER_MINUTE,
  replyNotification,
} from '../../../src-main/app/reply-notification.js';

describe('the reply notification', () => {
  const notice = {
    ticketId: 't1',
    number: 'HW00000094',
    subject: 'Gate keypad offline',
    author: 'Dana Whitfield',
    excerpt: 'We have pushed a fix to your gate controller.',
    internal: false,
  };
  const away = { windowFocused: false, shownLastMinute: 0 };

  it('says who replied on which ticket, and opens it when clicked', () => {
    expect(replyNotification(notice, away)).toEqual({
      title: 'Dana Whitfield replied on HW00000094',
      body: 'Gate keypad offline\nWe have pushed a fix to your gate controller.',
      open: { to: 'ticket', number: 'HW00000094' },
    });
  });

  it('says when it is a colleague’s internal note', () => {
    expect(replyNotification({ ...notice, internal: true }, away)?.title).toBe(
      'Dana Whitfield added a note on HW00000094',
    );
  });

  it('shows nothing while the window has the focus', () => {
    expect(replyNotification(notice, { ...away, windowFocused: true })).toBeNull();
  });

  it('still tells about a ticket with no number yet, without a link', () => {
    expect(replyNotification({ ...notice, number: null }, away)).toMatchObject({
      title: 'Dana Whitfield replied on a pending ticket',
      open: null,
    });
  });

  it('sums up a burst in one notice, then stays quiet for the rest of the minute', () => {
    const n = MAX_REPLY_NOTIFICATIONS_PER_MINUTE;
    expect(replyNotification(notice, { ...away, shownLastMinute: n - 1 })?.title).toContain(
      'Dana Whitfield',
    );
    expect(replyNotification(notice, { ...away, shownLastMinute: n })).toMatchObject({
      title: 'More replies in Gatedesk',
      open: null,
    });
    expect(replyNotification(notice, { ...away, shownLastMinute: n + 1 })).toBeNull();
  });
});
