import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { SiteAuditEvent, SiteAuditKind } from '../../src-shared/domain/units.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A site's audit history: every support PIN issued, cleared, redeemed or refused and every
 * change or read of the site's PTI secrets, for its site managers to see. Details are sentences
 * for people and never carry a PIN or a secret.
 */
export async function recordSiteEvent(
  db: Db,
  event: { siteId: string; kind: SiteAuditKind; actorId: string | null; detail: string; at: Date },
): Promise<void> {
  await db
    .insertInto('site_audit_events')
    .values({
      id: randomUUID(),
      site_id: event.siteId,
      kind: event.kind,
      actor_id: event.actorId,
      detail: event.detail,
      at: event.at,
    })
    .execute();
}

/** Newest first. */
export async function listSiteEvents(
  db: Db,
  siteId: string,
  limit = 100,
): Promise<SiteAuditEvent[]> {
  const rows = await db
    .selectFrom('site_audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.actor_id', 'u.name as actor_name', 'e.at', 'e.detail'])
    .where('e.site_id', '=', siteId)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as SiteAuditKind,
    actorId: row.actor_id,
    actorName: row.actor_name ?? null,
    at: row.at.toISOString(),
    detail: row.detail,
  }));
}
