import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { seesAllOrganisations } from '../viewer.js';
import type { Viewer } from '../viewer.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SiteRecord {
  id: string;
  organisation_id: string;
  code: string;
  name: string;
  timezone: string;
}

/**
 * The site if this viewer may see it at all (staff: every site; customers: their
 * organisation's). Another organisation's site answers exactly like one that does not exist.
 */
export async function visibleSite(
  db: Db,
  viewer: Viewer,
  siteId: string,
): Promise<Outcome<SiteRecord>> {
  const site = await db
    .selectFrom('sites')
    .select(['id', 'organisation_id', 'code', 'name', 'timezone'])
    .where('id', '=', siteId)
    .executeTakeFirst();
  if (!site || !(seesAllOrganisations(viewer) || viewer.organisationId === site.organisation_id)) {
    return failure('not_found', 'There is no site with this id that you can see.');
  }
  return success(site);
}

/** A member of the site's own organisation in one of the given roles. */
export function isOwnSite(viewer: Viewer, site: SiteRecord, roles: readonly string[]): boolean {
  return roles.includes(viewer.role) && viewer.organisationId === site.organisation_id;
}
