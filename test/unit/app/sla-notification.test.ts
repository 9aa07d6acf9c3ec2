import { describe, expect, it } from 'vitest';
import { slaNotification } from '../../../src-main/app/sla-notification.js';

describe('the SLA notification', () => {
  const warning = {
    profileId: 'p1',
    ticketId: 't1',
    number: 'HW00000094',
    subject: 'Gate keypad offline',
    dueAt: '2026-11-20T21:00:00.000Z',
    text: 'HW00000094 breaches its first-response target in 25m',
  };

  it('names the ticket and opens it when clicked', () => {
    expect(slaNotification(warning)).toEqual({
      title: 'SLA: HW00000094 is about to breach',
      body: 'HW00000094 breaches its first-response target in 25m. Gate keypad offline',
      open: { to: 'ticket', number: 'HW00000094' },
    });
  });

  it('still warns about a ticket that has no number yet, without a link', () => {
    expect(slaNotification({ ...warning, number: null })).toMatchObject({
      title: 'SLA: a pending ticket is about to breach',
      open: null,
    });
  });
});
