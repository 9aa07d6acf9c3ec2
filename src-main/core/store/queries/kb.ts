import type { Database } from 'better-sqlite3';
import type {
  KbArticle,
  KbArticleSummary,
  KbHit,
  KbSection,
} from '../../../../src-shared/domain/kb.js';
import { ftsQuery } from './tickets.js';

const summaryColumns = `a.id, a.section_id AS sectionId, a.title, a.summary, a.view_count AS viewCount, a.updated_at AS updatedAt`;

/** The knowledge base as synced: readable offline. */
export function listSections(db: Database): KbSection[] {
  return db
    .prepare(
      `SELECT s.id, s.slug, s.title, s.description, COUNT(a.id) AS articleCount
       FROM kb_sections s LEFT JOIN kb_articles a ON a.section_id = s.id
       GROUP BY s.id ORDER BY s.position, s.title`,
    )
    .all() as KbSection[];
}

export function listArticles(
  db: Database,
  args: { sectionId: string | null; limit: number },
): KbArticleSummary[] {
  return db
    .prepare(
      `SELECT ${summaryColumns} FROM kb_articles a
       WHERE (? IS NULL OR a.section_id = ?)
       ORDER BY ${args.sectionId ? 'a.title COLLATE NOCASE' : 'a.view_count DESC, a.title'} LIMIT ?`,
    )
    .all(args.sectionId, args.sectionId, args.limit) as KbArticleSummary[];
}

export function getArticle(db: Database, args: { id: string }): KbArticle | null {
  const row = db
    .prepare(
      `SELECT ${summaryColumns}, a.body, s.title AS sectionTitle
       FROM kb_articles a LEFT JOIN kb_sections s ON s.id = a.section_id WHERE a.id = ?`,
    )
    .get(args.id) as KbArticle | undefined;
  return row ?? null;
}

export function searchArticles(db: Database, args: { query: string; limit: number }): KbHit[] {
  const match = ftsQuery(args.query);
  if (!match) return [];
  const rows = db
    .prepare(
      `SELECT ${summaryColumns}, snippet(kb_articles_fts, -1, '⟦', '⟧', '…', 12) AS snippet
       FROM kb_articles_fts JOIN kb_articles a ON a.rowid = kb_articles_fts.rowid
       WHERE kb_articles_fts MATCH ? ORDER BY rank LIMIT ?`,
    )
    .all(match, args.limit) as (KbArticleSummary & { snippet: string })[];
  return rows.map(({ snippet, ...article }) => ({ article, snippet }));
}
