import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;

beforeEach(async () => {
  dir = tempDir('kb');
  store = createInlineStore();
  db = await store.open(`${dir.path}/profile.sqlite`, 'profile');
  const article = (id: string, title: string, body: string, viewCount: number) => ({
    table: 'kb_articles' as const,
    op: 'upsert' as const,
    row: {
      id,
      sectionId: 's-keypads',
      slug: id,
      title,
      summary: title,
      body,
      viewCount,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      version: '3',
    },
  });
  await db.write('sync.applyPulledPage', {
    target: 'support',
    cursor: 'c1',
    pulledAt: '2026-11-02T00:00:00.000Z',
    changes: [
      {
        table: 'kb_sections',
        op: 'upsert',
        row: {
          id: 's-keypads',
          slug: 'pti-keypads',
          title: 'PTI Keypads',
          description: 'Keypads',
          position: 1,
          version: '1',
        },
      },
      article(
        'a-reset',
        'Resetting a keypad',
        'Hold the star key for ten seconds until the display blinks.',
        40,
      ),
      article(
        'a-codes',
        'Access codes that stop working',
        'Check whether the tenant is overlocked for an unpaid invoice.',
        90,
      ),
    ],
  });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('the knowledge base offline', () => {
  it('lists sections with counts, top articles, and finds articles by a word in their body', async () => {
    expect(await db.read('kb.sections', {})).toEqual([
      expect.objectContaining({ title: 'PTI Keypads', articleCount: 2 }),
    ]);
    expect((await db.read('kb.articles', { sectionId: null, limit: 10 })).map((a) => a.id)).toEqual(
      ['a-codes', 'a-reset'],
    );
    const [hit] = await db.read('kb.search', { query: 'overlocked', limit: 5 });
    expect(hit?.article.id).toBe('a-codes');
    expect(hit?.snippet).toContain('⟦overlocked⟧');
    expect(await db.read('kb.article', { id: 'a-reset' })).toMatchObject({
      sectionTitle: 'PTI Keypads',
      body: expect.stringContaining('star key'),
    });
  });

  it('forgets a deleted article', async () => {
    await db.write('sync.applyPulledPage', {
      target: 'support',
      cursor: 'c2',
      pulledAt: '2026-11-03T00:00:00.000Z',
      changes: [{ table: 'kb_articles', op: 'delete', id: 'a-reset', version: '4' }],
    });
    expect(await db.read('kb.search', { query: 'star', limit: 5 })).toEqual([]);
  });
});
