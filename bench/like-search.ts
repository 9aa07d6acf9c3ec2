import type { Database } from 'better-sqlite3';

/**
 * The search a cache without a full-text index would run: every word as a LIKE pattern over
 * ticket numbers, subjects, descriptions and message bodies, first matches first (LIKE cannot
 * rank). It returns what searchTickets returns in shape, so the two are timed for the same job.
 */
export function likeSearch(
  db: Database,
  args: { query: string; limit: number },
): { ticketId: string; messageId: string | null }[] {
  const words = args.query
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return [];
  const patterns = words.map((w) => `%${w.replace(/[%_\\]/g, '\\$&')}%`);
  const all = (column: string) => patterns.map(() => `${column} LIKE ? ESCAPE '\\'`).join(' AND ');
  const inTickets = db
    .prepare(
      `SELECT t.id, t.number, t.subject, s.name AS site_name, u.name AS assignee_name
       FROM tickets t LEFT JOIN sites s ON s.id = t.site_id LEFT JOIN users u ON u.id = t.assignee_id
       WHERE (${all('t.number')}) OR (${all('t.subject')}) OR (${all('t.description')}) LIMIT ?`,
    )
    .all(...patterns, ...patterns, ...patterns, args.limit) as { id: string }[];
  const inMessages = db
    .prepare(
      `SELECT t.id, m.id AS message_id, t.number, t.subject, s.name AS site_name, u.name AS assignee_name
       FROM messages m JOIN tickets t ON t.id = m.ticket_id
       LEFT JOIN sites s ON s.id = t.site_id LEFT JOIN users u ON u.id = t.assignee_id
       WHERE ${all('m.body')} LIMIT ?`,
    )
    .all(...patterns, args.limit * 2) as { id: string; message_id: string }[];
  const seen = new Set<string>();
  const hits: { ticketId: string; messageId: string | null }[] = [];
  for (const r of inTickets) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    hits.push({ ticketId: r.id, messageId: null });
  }
  for (const r of inMessages) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    hits.push({ ticketId: r.id, messageId: r.message_id });
  }
  return hits.slice(0, args.limit);
}
