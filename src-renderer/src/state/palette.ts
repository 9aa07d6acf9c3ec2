/**
 * The command palette's own filter for commands (tickets come from the local full-text search):
 * every word typed must start a word of the command's label or keywords, in any order, so "new t"
 * finds "New ticket" and "sync" finds "Open the sync panel".
 */
export function commandMatches(
  query: string,
  label: string,
  keywords: readonly string[] = [],
): boolean {
  const words = normalise(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = normalise([label, ...keywords].join(' '))
    .split(' ')
    .filter(Boolean);
  return words.every((word) => haystack.some((candidate) => candidate.startsWith(word)));
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
