import type { Database } from 'better-sqlite3';
import type { PtiSite, PtiSiteStatus } from '../../../../src-shared/domain/pti-client.js';
import type { SiteDefaults } from '../../../../src-shared/pti/protocol.js';
import { ptiTarget, type PlannedOp } from '../../pti/operations.js';
import { planAction } from '../../pti/plan-actions.js';
import type { ActionOutcome, Refusal } from './pti-rentals.js';
import {
  dropOrphanRequests,
  insertOps,
  loadSiteView,
  planContext,
  siteExists,
} from './pti-view.js';

/**
 * The PTI sites of a profile. The site key and password arrive sealed by the core's secret box
 * and leave only sealed, to the sync engine; the site list says whether they are set, never
 * what they are.
 */

interface SiteRow {
  site_code: string;
  gateway_url: string;
  username: string;
  site_key_sealed: Uint8Array;
  password_sealed: Uint8Array;
  created_at: string;
  updated_at: string;
  status: PtiSiteStatus;
  last_contact_at: string | null;
  last_error: string | null;
  name: string | null;
  time_zone: string | null;
  last_pull_at: string | null;
}

export const SITE_TABLES = ['pti_sites'];

function toSite(db: Database, row: SiteRow): PtiSite {
  const { view } = loadSiteView(db, row.site_code);
  const count = (sql: string) => (db.prepare(sql).get(ptiTarget(row.site_code)) as { n: number }).n;
  return {
    siteCode: row.site_code,
    gatewayUrl: row.gateway_url,
    username: row.username,
    hasSiteKey: row.site_key_sealed.length > 0,
    hasPassword: row.password_sealed.length > 0,
    name: row.name,
    timeZone: row.time_zone,
    defaults: view.defaults,
    status: row.status,
    lastContactAt: row.last_contact_at,
    lastPullAt: row.last_pull_at,
    lastError: row.last_error,
    queued: count("SELECT COUNT(*) AS n FROM outbox WHERE target = ? AND state = 'pending'"),
    needsAttention: count('SELECT COUNT(*) AS n FROM needs_attention WHERE target = ?'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listSites(db: Database): PtiSite[] {
  return (
    db.prepare('SELECT * FROM pti_sites ORDER BY site_code COLLATE NOCASE').all() as SiteRow[]
  ).map((row) => toSite(db, row));
}

export function getSite(db: Database, args: { siteCode: string }): PtiSite | null {
  const row = db.prepare('SELECT * FROM pti_sites WHERE site_code = ?').get(args.siteCode) as
    SiteRow | undefined;
  return row ? toSite(db, row) : null;
}

export interface PtiSiteConfig {
  siteCode: string;
  gatewayUrl: string;
  username: string;
  siteKeySealed: Uint8Array;
  passwordSealed: Uint8Array;
  updatedAt: string;
}

/** What the sync engine needs to reach the site; the secrets still sealed. */
export function getSiteConfig(db: Database, args: { siteCode: string }): PtiSiteConfig | null {
  const row = db.prepare('SELECT * FROM pti_sites WHERE site_code = ?').get(args.siteCode) as
    SiteRow | undefined;
  if (!row) return null;
  return {
    siteCode: row.site_code,
    gatewayUrl: row.gateway_url,
    username: row.username,
    siteKeySealed: row.site_key_sealed,
    passwordSealed: row.password_sealed,
    updatedAt: row.updated_at,
  };
}

export function listSiteCodes(db: Database): string[] {
  return (
    db.prepare('SELECT site_code FROM pti_sites ORDER BY site_code').all() as {
      site_code: string;
    }[]
  ).map((r) => r.site_code);
}

/**
 * Creates or updates a site. Secrets not given keep their stored value. Defaults, when given,
 * are queued as an operation in the same transaction, checked like any other.
 */
export function saveSite(
  db: Database,
  args: {
    siteCode: string;
    gatewayUrl: string;
    username: string;
    siteKeySealed?: Uint8Array;
    passwordSealed?: Uint8Array;
    defaults?: Partial<SiteDefaults>;
    at: string;
  },
): ActionOutcome & { created: boolean } {
  const created = !siteExists(db, args.siteCode);
  const refuse = (refused: Refusal) => ({ tables: [], refused, operationIds: [], created });
  if (created && (!args.siteKeySealed || !args.passwordSealed))
    return refuse({
      code: 'invalid_input',
      message: 'A new site needs its PTI site key and password.',
    });
  // The defaults are checked before anything is written, so a refused save changes nothing.
  const ctx = planContext(db, args.siteCode);
  const given = args.defaults ?? {};
  let defaultOps: PlannedOp[] = [];
  if (given.accessLevel !== undefined || given.zone !== undefined) {
    if (ctx.access === null && (given.accessLevel === undefined || given.zone === undefined))
      return refuse({
        code: 'invalid_input',
        message:
          'Until Gatedesk has reached this site once, give both the default access level and the default zone (or neither).',
      });
    const defaults: SiteDefaults = {
      accessLevel:
        given.accessLevel !== undefined ? given.accessLevel : ctx.view.defaults.accessLevel,
      zone: given.zone !== undefined ? given.zone : ctx.view.defaults.zone,
    };
    const unchanged =
      ctx.access !== null &&
      defaults.accessLevel === ctx.view.defaults.accessLevel &&
      defaults.zone === ctx.view.defaults.zone;
    if (!unchanged) {
      const plan = planAction(ctx, { kind: 'setDefaults', defaults });
      if (!plan.ok) return refuse({ code: plan.code, message: plan.message });
      defaultOps = plan.ops;
    }
  }
  if (created) {
    db.prepare(
      `INSERT INTO pti_sites (site_code, gateway_url, username, site_key_sealed, password_sealed, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      args.siteCode,
      args.gatewayUrl,
      args.username,
      Buffer.from(args.siteKeySealed!),
      Buffer.from(args.passwordSealed!),
      args.at,
      args.at,
    );
  } else {
    db.prepare(
      `UPDATE pti_sites SET gateway_url = ?, username = ?,
         site_key_sealed = COALESCE(?, site_key_sealed), password_sealed = COALESCE(?, password_sealed),
         updated_at = ?, status = CASE WHEN status = 'unauthorized' THEN 'unknown' ELSE status END
       WHERE site_code = ?`,
    ).run(
      args.gatewayUrl,
      args.username,
      args.siteKeySealed ? Buffer.from(args.siteKeySealed) : null,
      args.passwordSealed ? Buffer.from(args.passwordSealed) : null,
      args.at,
      args.siteCode,
    );
  }
  const operationIds = insertOps(db, args.siteCode, defaultOps, args.at);
  return {
    tables: [...SITE_TABLES, ...(operationIds.length ? ['outbox', 'pti_rentals'] : [])],
    refused: null,
    operationIds,
    created,
  };
}

/**
 * Removes a site and everything pulled from it. Queued operations would be lost, so unless the
 * person asked to discard them, a site with any is kept.
 */
export function removeSite(
  db: Database,
  args: { siteCode: string; discardQueued: boolean },
): { tables: string[]; refused: Refusal | null } {
  if (!siteExists(db, args.siteCode))
    return {
      tables: [],
      refused: { code: 'not_found', message: `Site ${args.siteCode} is not set up for PTI.` },
    };
  const target = ptiTarget(args.siteCode);
  const waiting =
    (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE target = ?').get(target) as { n: number })
      .n +
    (
      db.prepare('SELECT COUNT(*) AS n FROM needs_attention WHERE target = ?').get(target) as {
        n: number;
      }
    ).n;
  if (waiting > 0 && !args.discardQueued)
    return {
      tables: [],
      refused: {
        code: 'conflict',
        message: `${waiting} PTI operation(s) for site ${args.siteCode} are queued or need attention. Let them apply, or remove the site and discard them.`,
      },
    };
  db.prepare('DELETE FROM outbox WHERE target = ?').run(target);
  db.prepare('DELETE FROM needs_attention WHERE target = ?').run(target);
  dropOrphanRequests(db);
  // Pulled state, rentals and new-code marks go with the site (ON DELETE CASCADE).
  db.prepare('DELETE FROM pti_sites WHERE site_code = ?').run(args.siteCode);
  return { tables: [...SITE_TABLES, 'pti_rentals', 'outbox', 'needs_attention'], refused: null };
}

/** The gateway's last answer: whether it was reachable, when, and why not. */
export function setSiteStatus(
  db: Database,
  args: {
    siteCode: string;
    status: PtiSiteStatus;
    lastError: string | null;
    contactAt: string | null;
  },
): { tables: string[] } {
  const changed = db
    .prepare(
      `UPDATE pti_sites SET status = ?, last_error = ?, last_contact_at = COALESCE(?, last_contact_at)
       WHERE site_code = ?`,
    )
    .run(args.status, args.lastError, args.contactAt, args.siteCode).changes;
  return { tables: changed ? SITE_TABLES : [] };
}
