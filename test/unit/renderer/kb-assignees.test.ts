import { describe, expect, it } from 'vitest';
import type { KbHit } from '../../../src-shared/domain/kb';
import { assigneeOptions } from '../../../src-renderer/src/state/assignees';
import { kbQueriesFor, mergeKbHits } from '../../../src-renderer/src/state/kb-suggestions';

const hit = (id: string): KbHit => ({
  article: { id, sectionId: 's', title: id, summary: '', viewCount: 0, updatedAt: '' },
  snippet: id,
});

describe('knowledge-base suggestions for a subject', () => {
  it('asks with the whole subject and its most telling words', () => {
    expect(kbQueriesFor('StorLogix offline since this morning')).toEqual([
      'StorLogix offline since this morning',
      'storlogix',
      'offline',
      'morning',
    ]);
    expect(kbQueriesFor('  gate  ')).toEqual(['gate']);
    expect(kbQueriesFor('ab')).toEqual([]);
    expect(kbQueriesFor('Keypad keeps beeping after the storm')).toEqual([
      'Keypad keeps beeping after the storm',
      'beeping',
      'keypad',
      'storm',
    ]);
  });

  it('puts whole-subject matches first, then articles matching most words, each once', () => {
    const merged = mergeKbHits([[hit('a')], [hit('b'), hit('a')], [hit('c'), hit('b')], undefined]);
    expect(merged.map((h) => h.article.id)).toEqual(['a', 'b', 'c']);
    expect(mergeKbHits([[], [hit('x'), hit('y')], [hit('y')]]).map((h) => h.article.id)).toEqual([
      'y',
      'x',
    ]);
    expect(
      mergeKbHits(
        [
          [hit('1'), hit('2'), hit('3')],
          [hit('4'), hit('5'), hit('6')],
        ],
        4,
      ),
    ).toHaveLength(4);
  });
});

describe('assignee choices', () => {
  const users = [
    { id: 'u2', name: 'Priya Raman', role: 'technician' as const, organisationId: null },
    { id: 'u1', name: 'Dana Whitfield', role: 'admin' as const, organisationId: null },
    { id: 'c1', name: 'Owen McCarthy', role: 'site_manager' as const, organisationId: 'o1' },
  ];

  it('offers technicians and admins, by name, never customers', () => {
    expect(assigneeOptions(users, { assigneeId: null, assigneeName: null })).toEqual([
      { id: 'u1', name: 'Dana Whitfield' },
      { id: 'u2', name: 'Priya Raman' },
    ]);
  });

  it('keeps the current assignee even when the directory does not know them', () => {
    expect(
      assigneeOptions(users, { assigneeId: 'u9', assigneeName: 'Tom Kowalczyk' }).map((u) => u.id),
    ).toEqual(['u1', 'u2', 'u9']);
  });
});
