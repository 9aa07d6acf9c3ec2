import { describe, expect, it } from 'vitest';
import type { MySettings } from '../../../src-shared/accounts';
import { ApiError } from '../../../src-shared/result';
import {
  browserReplyNotification,
  ticketOnScreen,
  titleWithUnread,
} from '../../../src-renderer/src/components/account/browser-notifications';
import { serverFieldErrors } from '../../../src-renderer/src/components/account/server-errors';
import {
  PasswordForm,
  SettingsForm,
  settingsFormValues,
  settingsPatch,
} from '../../../src-renderer/src/components/account/settings-form';

const saved: MySettings = {
  name: 'Jordan Ellis',
  email: 'jordan@harbor-point.test',
  role: 'site_manager',
  phones: [{ type: 'mobile', number: '+1 617-555-0123' }],
  timezone: 'America/New_York',
  organisation: {
    id: 'o1',
    company: 'Harbor Point Self Storage',
    contactName: 'Jordan Ellis',
    contactPhone: '617-555-0100',
    address: '1 Storage Drive',
    city: 'Boston',
    state: 'MA',
    zip: '02110',
    country: 'US',
    supportTier: 'preferred',
    tierExpiresAt: null,
    editable: true,
  },
};

const parsed = (values: ReturnType<typeof settingsFormValues>) => SettingsForm.parse(values);

describe('My settings form', () => {
  it('sends nothing when nothing changed', () => {
    expect(settingsPatch(saved, parsed(settingsFormValues(saved)))).toEqual({
      ok: true,
      patch: {},
    });
  });

  it('sends only the changed fields: a new phone list and one organisation field', () => {
    const values = settingsFormValues(saved);
    values.phones = [{ type: 'work', number: '+1 617-555-0142' }];
    values.organisation.city = 'Cambridge';
    expect(settingsPatch(saved, parsed(values))).toEqual({
      ok: true,
      patch: {
        phones: [{ type: 'work', number: '+1 617-555-0142' }],
        organisation: { city: 'Cambridge' },
      },
    });
  });

  it('asks for the current password before changing the email', () => {
    const values = { ...settingsFormValues(saved), email: 'jordan@new.test' };
    expect(settingsPatch(saved, parsed(values))).toMatchObject({
      ok: false,
      field: 'currentPassword',
    });
    expect(settingsPatch(saved, parsed({ ...values, currentPassword: 'secret-pass' }))).toEqual({
      ok: true,
      patch: { email: 'jordan@new.test', currentPassword: 'secret-pass' },
    });
  });

  it('never sends organisation details the person may not edit', () => {
    const readOnly = { ...saved, organisation: { ...saved.organisation!, editable: false } };
    const values = settingsFormValues(readOnly);
    values.organisation.company = 'Something else';
    expect(settingsPatch(readOnly, parsed(values))).toEqual({ ok: true, patch: {} });
  });

  it('checks a phone number and a time zone before sending', () => {
    const values = settingsFormValues(saved);
    values.phones = [{ type: 'mobile', number: 'call me' }];
    values.timezone = 'Mars/Olympus';
    const result = SettingsForm.safeParse(values);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['phones.0.number', 'timezone']));
  });

  it('wants the new password twice, and long enough', () => {
    const short = PasswordForm.safeParse({
      currentPassword: 'x',
      newPassword: 'short',
      confirmPassword: 'short',
    });
    expect(short.error?.issues[0]?.message).toMatch(/at least 10 characters/);
    const mismatch = PasswordForm.safeParse({
      currentPassword: 'x',
      newPassword: 'long-enough-1',
      confirmPassword: 'long-enough-2',
    });
    expect(mismatch.error?.issues[0]?.path).toEqual(['confirmPassword']);
  });
});

describe('server refusals in a form', () => {
  it('puts each issue at its field and the rest on the form', () => {
    const error = new ApiError({
      code: 'invalid_input',
      message: 'Invalid input — currentPassword: is not correct.',
      issues: [
        { path: 'currentPassword', message: 'is not correct' },
        { path: 'organisation', message: 'only site managers may change it' },
      ],
    });
    expect(serverFieldErrors(error, (p) => p === 'currentPassword')).toEqual({
      fields: [{ path: 'currentPassword', message: 'is not correct' }],
      form: ['organisation: only site managers may change it'],
    });
  });

  it('an offline refusal is one sentence for the whole form', () => {
    const error = new ApiError({ code: 'unavailable', message: 'You are offline.' });
    expect(serverFieldErrors(error, () => true)).toEqual({
      fields: [],
      form: ['You are offline.'],
    });
  });
});

describe('browser notifications for replies', () => {
  const notice = {
    ticketId: 't1',
    number: 'HW00000094',
    subject: 'Gate keypad offline',
    author: 'Dana Whitfield',
    excerpt: 'Try the keypad again.',
    internal: false,
  };
  const web = { shell: 'web' as const, permission: 'granted' as const, viewingTicket: false };

  it('are shown in the web host once allowed, one per ticket', () => {
    expect(browserReplyNotification(notice, web)).toEqual({
      title: 'Dana Whitfield replied on HW00000094',
      body: 'Gate keypad offline\nTry the keypad again.',
      tag: 'gatedesk-ticket-t1',
    });
  });

  it('are left to the desktop shell in Electron, and never shown without permission', () => {
    expect(browserReplyNotification(notice, { ...web, shell: 'electron' })).toBeNull();
    expect(browserReplyNotification(notice, { ...web, permission: 'default' })).toBeNull();
    expect(browserReplyNotification(notice, { ...web, viewingTicket: true })).toBeNull();
  });

  it('count a ticket as being looked at only while its detail is on screen', () => {
    expect(ticketOnScreen('tickets', 't1', 't1')).toBe(true);
    expect(ticketOnScreen('search', 't1', 't1')).toBe(true);
    expect(ticketOnScreen('tickets', 't2', 't1')).toBe(false);
    // still selected, but the person is on another screen: the reply is news
    expect(ticketOnScreen('profiles', 't1', 't1')).toBe(false);
    expect(ticketOnScreen('replies', 't1', 't1')).toBe(false);
  });

  it('put the unread count in the window title', () => {
    expect(titleWithUnread('Gatedesk', 0)).toBe('Gatedesk');
    expect(titleWithUnread('Gatedesk', 3)).toBe('(3) Gatedesk');
    expect(titleWithUnread('Gatedesk', 250)).toBe('(99+) Gatedesk');
  });
});
