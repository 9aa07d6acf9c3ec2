import { z } from 'zod';

export const KbSection = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  articleCount: z.number().int().min(0),
});
export type KbSection = z.infer<typeof KbSection>;

export const KbArticleSummary = z.object({
  id: z.string(),
  sectionId: z.string(),
  title: z.string(),
  summary: z.string(),
  viewCount: z.number().int().min(0),
  updatedAt: z.string(),
});
export type KbArticleSummary = z.infer<typeof KbArticleSummary>;

export const KbArticle = KbArticleSummary.extend({
  body: z.string(),
  sectionTitle: z.string().nullable(),
});
export type KbArticle = z.infer<typeof KbArticle>;

export const KbHit = z.object({
  article: KbArticleSummary,
  /** Where the words were found, with the matches between ⟦ and ⟧. */
  snippet: z.string(),
});
export type KbHit = z.infer<typeof KbHit>;
