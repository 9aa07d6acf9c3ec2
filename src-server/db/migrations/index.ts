import { initial } from './0001_initial.js';
import { ticketLifecycle } from './0002_ticket_lifecycle.js';
import { accountsEmailBlobs } from './0003_accounts_email_blobs.js';
import { calendarsSlaCallbacks } from './0004_calendars_sla_callbacks.js';
import { unitsMappingsSupportPins } from './0005_units_mappings_support_pins.js';
import { slaPolicy } from './0006_sla_policy.js';
import { blobContentHeads } from './0007_blob_content_heads.js';
import type { Migration } from './migration.js';

/** Every migration this server knows, in order. Append only. */
export const migrations: readonly Migration[] = [
  initial,
  ticketLifecycle,
  accountsEmailBlobs,
  calendarsSlaCallbacks,
  unitsMappingsSupportPins,
  slaPolicy,
  blobContentHeads,
];
