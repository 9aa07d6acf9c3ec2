import type { KbHit } from '../../../src-shared/domain/kb';

/**
 * Knowledge-base articles that may answer a ticket before it is sent (issue "New ticket"). The
 * local search wants every word to match, which a whole subject rarely does, so the form asks
 * with the subject and with its most telling words, and merges the answers.
 */

const MIN_SUBJECT = 3;
const MIN_WORD = 4;
const MAX_WORDS = 3;

// Words that say nothing about the problem; short words are skipped anyway.
const noise = new Set([
  'about',
  'after',
  'again',
  'cannot',
  'does',
  'doesn',
  'from',
  'have',
  'into',
  'just',
  'keeps',
  'more',
  'only',
  'please',
  'still',
  'that',
  'their',
  'there',
  'this',
  'when',
  'with',
  'what',
  'will',
  'your',
]);

export function kbQueriesFor(subject: string): string[] {
  const trimmed = subject.trim().replace(/\s+/g, ' ');
  if (trimmed.length < MIN_SUBJECT) return [];
  const words = [
    ...new Set(
      trimmed
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word.length >= MIN_WORD && !noise.has(word)),
    ),
  ]
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_WORDS);
  return [trimmed, ...words.filter((word) => word !== trimmed.toLowerCase())];
}

/**
 * Articles matching the whole subject first, then those matching the most of its words; each
 * article once.
 */
export function mergeKbHits(results: readonly (readonly KbHit[] | undefined)[], max = 5): KbHit[] {
  const [whole = [], ...byWord] = results;
  const score = new Map<string, { hit: KbHit; words: number; order: number }>();
  let order = 0;
  for (const list of byWord) {
    for (const hit of list ?? []) {
      const seen = score.get(hit.article.id);
      if (seen) seen.words += 1;
      else score.set(hit.article.id, { hit, words: 1, order: order++ });
    }
  }
  const merged: KbHit[] = [...whole];
  const taken = new Set(whole.map((hit) => hit.article.id));
  const rest = [...score.values()]
    .filter((entry) => !taken.has(entry.hit.article.id))
    .sort((a, b) => b.words - a.words || a.order - b.order);
  for (const entry of rest) merged.push(entry.hit);
  return merged.slice(0, max);
}
