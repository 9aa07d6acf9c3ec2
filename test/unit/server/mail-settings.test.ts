import { describe, expect, it } from 'vitest';
import { readMailEnvironment } from '../../../src-server/mail/settings.js';

describe('mail settings from the environment', () => {
  it('reads SMTP_URL, MAIL_FROM, SUPPORT_NAME and GATEDESK_PUBLIC_URL', () => {
    expect(
      readMailEnvironment({
        SMTP_URL: 'smtp://user:secret@mail.example.com:587',
        MAIL_FROM: 'PTI Technical Support <tickets@example.com>',
        SUPPORT_NAME: 'PTI Support',
        GATEDESK_PUBLIC_URL: 'https://support.example.com',
      }),
    ).toEqual({
      ok: true,
      value: {
        mail: {
          smtpUrl: 'smtp://user:secret@mail.example.com:587',
          from: 'PTI Technical Support <tickets@example.com>',
          supportName: 'PTI Support',
        },
        publicUrl: 'https://support.example.com',
      },
    });
  });

  it('runs without SMTP: mail then waits in the outbox', () => {
    expect(readMailEnvironment({})).toEqual({ ok: true, value: { mail: {} } });
  });

  it('explains a wrong SMTP_URL, a missing MAIL_FROM and a wrong public address', () => {
    const wrongUrl = readMailEnvironment({ SMTP_URL: 'mail.example.com', MAIL_FROM: 'a@b.c' });
    expect(wrongUrl).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^SMTP_URL must look like smtp:\/\//),
    });
    const noFrom = readMailEnvironment({ SMTP_URL: 'smtp://mail.example.com' });
    expect(noFrom).toMatchObject({ ok: false, message: expect.stringContaining('Set MAIL_FROM') });
    const wrongPublic = readMailEnvironment({ GATEDESK_PUBLIC_URL: 'support.example.com' });
    expect(wrongPublic).toMatchObject({
      ok: false,
      message: expect.stringContaining('GATEDESK_PUBLIC_URL'),
    });
  });
});
