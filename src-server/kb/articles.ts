import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { KbSearchResponse, KbTopResponse } from '../../src-shared/sync-protocol.js';
import { toSeq } from '../db/schema.js';
import type { Database } from '../db/schema.js';
import { lockWriters } from '../sync/clock.js';
import type { RowChange } from '../sync/clock.js';
import { ChangeWriter } from '../sync/writer.js';

// The same expression as the kb_articles_search index (migration 2), so the index is used.
const document = sql`to_tsvector('english', title || ' ' || summary || ' ' || body)`;

/**
 * Full-text search over the knowledge base (PostgreSQL text search, which PGlite has too):
 * English stemming, so "rebooting" finds "reboots"; best match first, then the most viewed.
 */
export async function searchKnowledgeBase(
  db: Kysely<Database>,
  query: string,
  limit = 20,
): Promise<KbSearchResponse> {
  const text = query.trim();
  if (text === '') return { hits: [] };
  const tsquery = sql`plainto_tsquery('english', ${text})`;
  const rows = await db
    .selectFrom('kb_articles')
    .select(['id', 'section_id', 'title', 'summary', 'body'])
    .select(sql<number>`ts_rank(${document}, ${tsquery})`.as('rank'))
    .where(sql<boolean>`${document} @@ ${tsquery}`)
    .orderBy('rank', 'desc')
    .orderBy('view_count', 'desc')
    .limit(limit)
    .execute();
  const words = text.toLowerCase().split(/\W+/).filter(Boolean);
  return {
    hits: rows.map((row) => ({
      id: row.id,
      sectionId: row.section_id,
      title: row.title,
      summary: row.summary,
      snippet: snippetAround(row.body, words),
      rank: Number(row.rank),
    })),
  };
}

/** About 160 characters of the body around the first word of the query it contains. */
export function snippetAround(body: string, words: readonly string[]): string {
  const lower = body.toLowerCase();
  const hits = words
    .map((w) => lower.indexOf(w.slice(0, Math.max(4, w.length - 2))))
    .filter((i) => i >= 0);
  const at = hits.length > 0 ? Math.min(...hits) : 0;
  const start = Math.max(0, at - 60);
  const end = Math.min(body.length, start + 160);
  return `${start > 0 ? '…' : ''}${body.slice(start, end).replace(/\s+/g, ' ').trim()}${end < body.length ? '…' : ''}`;
}

/** The most viewed articles, for the "top articles" list. */
export async function topArticles(db: Kysely<Database>, limit = 10): Promise<KbTopResponse> {
  const rows = await db
    .selectFrom('kb_articles')
    .select(['id', 'section_id', 'title', 'view_count'])
    .orderBy('view_count', 'desc')
    .orderBy('title')
    .limit(limit)
    .execute();
  return {
    articles: rows.map((r) => ({
      id: r.id,
      sectionId: r.section_id,
      title: r.title,
      viewCount: toSeq(r.view_count),
    })),
  };
}

/**
 * Counts one view. Views do not make a new version of the article: a counter that every reader
 * moves would otherwise send the article to every client again each time it is read.
 */
export async function countArticleView(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('kb_articles')
    .set({ view_count: sql`view_count + 1` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Withdraws an article: clients remove it on their next pull (a tombstone). */
export async function removeArticle(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<RowChange[] | null> {
  return db.transaction().execute(async (trx) => {
    await lockWriters(trx);
    const removed = await trx.deleteFrom('kb_articles').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return null;
    const writer = new ChangeWriter(trx, now);
    await writer.record({
      table: 'kb_articles',
      rowId: id,
      seq: await writer.nextSeq(),
      op: 'delete',
      organisationId: null,
    });
    return writer.changes;
  });
}
