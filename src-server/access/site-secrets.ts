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
): Promise<boolean> {
  if (viewer.role === 'admin') return true;
  return holdsValidSupportPinNotYetImplemented(viewer, siteId, db);
}

/**
 * The support PIN flow (issue, present once, expire, renew, clear) is not built yet, so no PIN
 * is valid and nobody but an admin sees secrets. When `support_pins` exists, this checks for an
 * unexpired, unused PIN for `siteId` presented by `viewer` and uses it up.
 */
export async function holdsValidSupportPinNotYetImplemented(
  _viewer: Viewer,
  _siteId: string,
  _db: Kysely<Database>,
): Promise<boolean> {
  return false;
}
