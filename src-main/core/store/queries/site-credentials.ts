import type { Database } from 'better-sqlite3';

/**
 * A site's PTI gateway credentials received through a support PIN, sealed by the core's secret
 * box before they reach the store. Only the core reads them back (for the PTI connector); no
 * contract call returns them.
 */
export function storeSiteCredentials(
  db: Database,
  args: { siteId: string; siteCode: string; sealed: Uint8Array; receivedAt: string },
): { tables: string[] } {
  db.prepare(
    `INSERT INTO site_credentials (site_id, site_code, sealed, received_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(site_id) DO UPDATE SET site_code = excluded.site_code, sealed = excluded.sealed,
       received_at = excluded.received_at`,
  ).run(args.siteId, args.siteCode, Buffer.from(args.sealed), args.receivedAt);
  return { tables: ['site_credentials'] };
}

export function getSiteCredentials(
  db: Database,
  args: { siteCode: string },
): { siteId: string; siteCode: string; sealed: Uint8Array; receivedAt: string } | null {
  const row = db
    .prepare(
      'SELECT site_id, site_code, sealed, received_at FROM site_credentials WHERE site_code = ?',
    )
    .get(args.siteCode) as
    { site_id: string; site_code: string; sealed: Uint8Array; received_at: string } | undefined;
  return row
    ? {
        siteId: row.site_id,
        siteCode: row.site_code,
        sealed: row.sealed,
        receivedAt: row.received_at,
      }
    : null;
}
