import type { Kysely, Transaction } from 'kysely';
import { PtiSiteSecrets } from '../../src-shared/domain/units.js';
import type { Database } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { SealedWithAnotherKeyError } from '../secrets/server-key.js';
import type { ServerSecretBox } from '../secrets/server-key.js';
import { siteSecretsVisibleTo } from '../access/site-secrets.js';
import type { Viewer } from '../viewer.js';
import { recordSiteEvent } from './audit.js';
import { isOwnSite, visibleSite } from './site-access.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SiteSecretsContext {
  db: Kysely<Database>;
  now: () => Date;
  box: ServerSecretBox;
}

/**
 * A site's PTI gateway credentials, sealed at rest with the server key and bound to the site.
 * They are written by the site's own installers and managers (or an admin) and read back only
 * by an admin or through a redeemed support PIN; no pull, log line or error message holds them.
 */
export async function storeSiteSecrets(
  ctx: SiteSecretsContext,
  viewer: Viewer,
  siteId: string,
  secrets: PtiSiteSecrets,
): Promise<Outcome<{ updatedAt: string }>> {
  const site = await visibleSite(ctx.db, viewer, siteId);
  if (!site.ok) return site;
  if (viewer.role !== 'admin' && !isOwnSite(viewer, site.value, ['installer', 'site_manager'])) {
    return failure(
      'forbidden',
      "Only the site's installers and managers, or an admin, can change its PTI connection details.",
    );
  }
  const now = ctx.now();
  const sealed = ctx.box.seal(JSON.stringify(secrets), siteId);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('site_secrets')
      .values({ site_id: siteId, sealed, updated_by: viewer.userId, updated_at: now })
      .onConflict((oc) =>
        oc.column('site_id').doUpdateSet({ sealed, updated_by: viewer.userId, updated_at: now }),
      )
      .execute();
    await recordSiteEvent(trx, {
      siteId,
      kind: 'pti_secrets_changed',
      actorId: viewer.userId,
      detail: "Changed the site's PTI connection details (site key, username, password).",
      at: now,
    });
  });
  return success({ updatedAt: now.toISOString() });
}

/** Whether the site has secrets stored, and since when; says nothing about their values. */
export async function siteSecretsStoredAt(db: Db, siteId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('site_secrets')
    .select('updated_at')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.updated_at ?? null;
}

/** Opens the stored secrets; the caller has already decided the viewer may have them. */
export async function openSiteSecrets(
  db: Db,
  box: ServerSecretBox,
  siteId: string,
): Promise<Outcome<PtiSiteSecrets>> {
  const row = await db
    .selectFrom('site_secrets')
    .select('sealed')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  if (!row) return noSecrets();
  try {
    return success(PtiSiteSecrets.parse(JSON.parse(box.open(row.sealed, siteId))));
  } catch (error) {
    if (error instanceof SealedWithAnotherKeyError) {
      return failure(
        'unavailable',
        "This site's PTI connection details were stored under a different server key, so the " +
          'server cannot open them. The operator restores the key they were stored with, or the ' +
          "site's installer enters them again.",
      );
    }
    throw new Error(`the stored PTI secrets of site ${siteId} could not be opened`);
  }
}

export const noSecrets = () =>
  failure(
    'not_found',
    "This site has no PTI connection details on the server yet. The site's installer or manager enters them first.",
  );

/** `GET /sites/v1/:siteId/pti-secrets`: for whoever `siteSecretsVisibleTo` allows. */
export async function readSiteSecrets(
  ctx: SiteSecretsContext,
  viewer: Viewer,
  siteId: string,
): Promise<Outcome<PtiSiteSecrets>> {
  const site = await visibleSite(ctx.db, viewer, siteId);
  if (!site.ok) return site;
  return ctx.db.transaction().execute(async (trx): Promise<Outcome<PtiSiteSecrets>> => {
    const now = ctx.now();
    if (!(await siteSecretsVisibleTo(viewer, siteId, trx, now))) {
      return failure(
        'forbidden',
        "A site's PTI secrets are shown only to an admin, or once to a technician who enters the support PIN the site's manager issued.",
      );
    }
    const secrets = await openSiteSecrets(trx, ctx.box, siteId);
    if (secrets.ok) {
      await recordSiteEvent(trx, {
        siteId,
        kind: 'pti_secrets_read',
        actorId: viewer.userId,
        detail: "Viewed the site's PTI connection details.",
        at: now,
      });
    }
    return secrets;
  });
}
