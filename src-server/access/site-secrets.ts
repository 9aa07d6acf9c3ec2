import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Viewer } from '../viewer.js';

/**
 * Whether a viewer may see a site's PTI secrets (site key, gateway username and password).
 * Only admins may, and whoever presents a valid support PIN that the site's manager issued
 * (DESIGN.md, "Support PIN"). Every route that could return a secret asks this first; the
 * synced site rows never carry secrets at all.
 */
export async function siteSecretsVisibleTo(
  viewer: Viewer,
  siteId: string,
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<boolean> {
  if (viewer.role === 'admin') return true;
  return holdsValidSupportPin(viewer, siteId, db, now);
}

/**
 * True once, for the viewer who has just redeemed a support PIN of this site
 * (sites/support-pins.ts): the PIN's release of the secrets is used up here, in the caller's
 * transaction, so a PIN never shows the secrets twice and nobody else benefits from it.
 */
export async function holdsValidSupportPin(
  viewer: Viewer,
  siteId: string,
  db: Kysely<Database>,
  now: Date,
): Promise<boolean> {
  const released = await db
    .updateTable('support_pins')
    .set({ secrets_released_at: now })
    .where('site_id', '=', siteId)
    .where('redeemed_by', '=', viewer.userId)
    .where('redeemed_at', 'is not', null)
    .where('secrets_released_at', 'is', null)
    .returning('id')
    .execute();
  return released.length > 0;
}
