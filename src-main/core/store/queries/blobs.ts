import type { Database } from 'better-sqlite3';

export type BlobState = 'staged' | 'uploaded' | 'cached';

export function recordBlob(
  db: Database,
  args: { sha256: string; size: number; state: BlobState; at: string },
): { tables: string[] } {
  // a blob we staged stays staged until uploaded; a cached download never downgrades an upload
  db.prepare(
    `INSERT INTO blobs (sha256, size, state, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(sha256) DO UPDATE SET state = CASE
       WHEN blobs.state = 'staged' AND excluded.state = 'uploaded' THEN 'uploaded'
       WHEN blobs.state = 'cached' AND excluded.state = 'staged' THEN 'staged'
       ELSE blobs.state END`,
  ).run(args.sha256, args.size, args.state, args.at);
  return { tables: [] };
}

export function blobState(db: Database, args: { sha256: string }): BlobState | null {
  const row = db.prepare('SELECT state FROM blobs WHERE sha256 = ?').get(args.sha256) as
    { state: BlobState } | undefined;
  return row?.state ?? null;
}

export function markBlobFailed(
  db: Database,
  args: { sha256: string; error: string },
): { tables: string[] } {
  db.prepare('UPDATE blobs SET last_error = ? WHERE sha256 = ?').run(args.error, args.sha256);
  return { tables: [] };
}
