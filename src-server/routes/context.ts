import type { Kysely } from 'kysely';
import type { AccountTokenPolicy } from '../accounts/account-tokens.js';
import type { SessionPolicy } from '../auth/sessions.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/schema.js';
import type { RateLimiters } from '../http/attempt-limiter.js';
import type { MailContext } from '../mail/ticket-notifications.js';
import type { ServerSecretBox } from '../secrets/server-key.js';
import type { SyncNotifier } from '../sync/notifier.js';
import type { TicketHooks } from '../tickets/activity.js';

/** What every route module needs from the running server. */
export interface RouteContext {
  db: Kysely<Database>;
  now: () => Date;
  schemaVersion: number;
  sessions: SessionPolicy;
  /** Commits announced to live channels (the SSE poke stream). */
  notifier: SyncNotifier;
  /** What ticket changes tell the rest of the server (email, blob references). */
  ticketHooks: TicketHooks;
  /** How often the poke stream sends a heartbeat and re-checks the viewer's session. */
  pokeHeartbeatMs: number;
  /** Email: the brand and links of messages, and a way to wake the outbox worker. */
  mail: MailContext;
  /** How long emailed activation and reset links work. */
  accountTokens: AccountTokenPolicy;
  /** Sign-in and email-link attempt counters. */
  limits: RateLimiters;
  /** Attachment files on disk. */
  blobs: BlobStore;
  /** Seals sites' PTI secrets at rest with the server key. */
  siteSecrets: ServerSecretBox;
}
