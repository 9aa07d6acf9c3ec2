import { createTransport } from 'nodemailer';
import type { MailTransport, RetryPolicy } from './worker.js';

/** How the server sends mail. Without an SMTP address, mail waits in the outbox. */
export interface MailOptions {
  /** smtp://user:password@host:587 or smtps://…:465; omitted keeps mail queued, unsent. */
  smtpUrl?: string;
  /** The From header, e.g. "PTI Technical Support <tickets@example.com>". */
  from?: string;
  /** Names the support desk in subjects and signatures. Defaults to "Gatedesk Support". */
  supportName?: string;
  pollIntervalMs?: number;
  retry?: RetryPolicy;
}

export const defaultSupportName = 'Gatedesk Support';

export interface MailEnvironment {
  mail: MailOptions;
  /** The address people open the links of account emails at. */
  publicUrl?: string;
}

/** Reads SMTP_URL, MAIL_FROM, SUPPORT_NAME and GATEDESK_PUBLIC_URL; a bad value comes back as a sentence. */
export function readMailEnvironment(
  env: NodeJS.ProcessEnv,
): { ok: true; value: MailEnvironment } | { ok: false; message: string } {
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  const from = env.MAIL_FROM?.trim() || undefined;
  const supportName = env.SUPPORT_NAME?.trim() || undefined;
  const publicUrl = env.GATEDESK_PUBLIC_URL?.trim() || undefined;
  if (smtpUrl !== undefined && !isUrlWithProtocol(smtpUrl, ['smtp:', 'smtps:'])) {
    return {
      ok: false,
      message:
        'SMTP_URL must look like smtp://user:password@mail.example.com:587 (or smtps://… for port 465).',
    };
  }
  if (smtpUrl !== undefined && from === undefined) {
    return {
      ok: false,
      message:
        'SMTP_URL is set but MAIL_FROM is not. Set MAIL_FROM to the sender, e.g. "Support <support@example.com>".',
    };
  }
  if (publicUrl !== undefined && !isUrlWithProtocol(publicUrl, ['http:', 'https:'])) {
    return {
      ok: false,
      message:
        'GATEDESK_PUBLIC_URL must be the address people reach this server at, e.g. https://support.example.com.',
    };
  }
  const mail: MailOptions = {};
  if (smtpUrl) mail.smtpUrl = smtpUrl;
  if (from) mail.from = from;
  if (supportName) mail.supportName = supportName;
  return { ok: true, value: publicUrl ? { mail, publicUrl } : { mail } };
}

function isUrlWithProtocol(text: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** An SMTP transport with timeouts short enough that a dead server is noticed and retried. */
export function smtpTransport(smtpUrl: string): MailTransport {
  return createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
