import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { defaultAccountTokenPolicy } from './accounts/account-tokens.js';
import type { AccountTokenPolicy } from './accounts/account-tokens.js';
import { attachmentContentProblems, blobReferenceHook, missingBlobs } from './blobs/blob-hooks.js';
import { BlobStore } from './blobs/blob-store.js';
import type { Database } from './db/schema.js';
import { createRateLimiters, defaultRateLimitPolicy } from './http/attempt-limiter.js';
import type { RateLimitPolicy, RateLimiters } from './http/attempt-limiter.js';
import { defaultSupportName, smtpTransport } from './mail/settings.js';
import type { MailOptions } from './mail/settings.js';
import { ticketEmailHook } from './mail/ticket-mail-hook.js';
import type { MailContext } from './mail/ticket-notifications.js';
import { startMailWorker } from './mail/worker.js';
import type { MailWorker, MailWorkerOptions } from './mail/worker.js';
import type { TicketHooks } from './tickets/activity.js';

/** Settings of accounts, email and attachments. */
export interface AccountServiceOptions {
  /** How mail is sent; without `mail.smtpUrl`, mail waits in the outbox. */
  mail?: MailOptions;
  /** The address people reach the server at, for links in emails. Defaults to its own URL. */
  publicUrl?: string;
  /**
   * Where attachments are stored. Defaults to `<dataDir>/blobs`; with neither (an in-memory or
   * DATABASE_URL server in tests), a temporary folder removed on close.
   */
  blobDir?: string;
  rateLimits?: Partial<RateLimitPolicy>;
  accountTokens?: Partial<AccountTokenPolicy>;
}

export interface AccountServices {
  mail: MailContext;
  accountTokens: AccountTokenPolicy;
  limits: RateLimiters;
  blobs: BlobStore;
  /** Ticket changes record their attachments and queue their customer emails through these. */
  ticketHooks: TicketHooks;
  /** Sets the links' address once the server knows its own, unless one was configured. */
  listening(serverUrl: string): void;
  /** Starts sending mail (when SMTP is configured); failed attempts are reported, never bodies. */
  startMail(onAttemptFailed: MailWorkerOptions['onAttemptFailed']): void;
  stop(): Promise<void>;
}

export async function openAccountServices(
  db: Kysely<Database>,
  now: () => Date,
  options: AccountServiceOptions & { dataDir?: string },
): Promise<AccountServices> {
  const temporaryBlobDir =
    options.blobDir === undefined && options.dataDir === undefined
      ? await mkdtemp(join(tmpdir(), 'gatedesk-blobs-'))
      : undefined;
  const blobs = new BlobStore(
    options.blobDir ?? temporaryBlobDir ?? join(options.dataDir!, 'blobs'),
  );
  await blobs.open();

  let worker: MailWorker | undefined;
  const brand = {
    supportName: options.mail?.supportName ?? defaultSupportName,
    publicUrl: options.publicUrl ?? '',
  };
  const mail: MailContext = { brand, now, wake: () => worker?.wake() };

  return {
    mail,
    accountTokens: { ...defaultAccountTokenPolicy, ...options.accountTokens },
    limits: createRateLimiters({ ...defaultRateLimitPolicy, ...options.rateLimits }, now),
    blobs,
    ticketHooks: {
      activity: [blobReferenceHook, ticketEmailHook(mail)],
      missingBlobs,
      attachmentContentProblems: attachmentContentProblems(blobs),
    },
    listening(serverUrl) {
      if (!brand.publicUrl) brand.publicUrl = serverUrl;
    },
    startMail(onAttemptFailed) {
      const smtpUrl = options.mail?.smtpUrl;
      if (!smtpUrl || worker) return;
      worker = startMailWorker({
        db,
        transport: smtpTransport(smtpUrl),
        from: options.mail?.from ?? `${brand.supportName} <support@localhost>`,
        now,
        pollIntervalMs: options.mail?.pollIntervalMs,
        retry: options.mail?.retry,
        onAttemptFailed,
      });
    },
    async stop() {
      await worker?.stop();
      if (temporaryBlobDir) await rm(temporaryBlobDir, { recursive: true, force: true });
    },
  };
}
