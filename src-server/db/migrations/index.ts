import { initial } from './0001_initial.js';
import { ticketLifecycle } from './0002_ticket_lifecycle.js';
import { accountsEmailBlobs } from './0003_accounts_email_blobs.js';
import type { Migration } from './migration.js';

/** Every migration this server knows, in order. Append only. */
export const migrations: readonly Migration[] = [initial, ticketLifecycle, accountsEmailBlobs];
