/** One run of a search snippet: plain text, or a word the search matched. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

const OPEN = '⟦';
const CLOSE = '⟧';

/**
 * Splits a snippet from the local search (matches between ⟦ and ⟧) into runs to render, so a
 * match becomes a <mark> element and the text itself is never parsed as markup. An unclosed
 * marker highlights to the end; stray closing markers are dropped.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  let rest = snippet;
  while (rest.length > 0) {
    const open = rest.indexOf(OPEN);
    if (open < 0) {
      push(rest.replaceAll(CLOSE, ''), false);
      break;
    }
    push(rest.slice(0, open).replaceAll(CLOSE, ''), false);
    rest = rest.slice(open + OPEN.length);
    const close = rest.indexOf(CLOSE);
    const matched = close < 0 ? rest : rest.slice(0, close);
    push(matched.replaceAll(OPEN, ''), true);
    rest = close < 0 ? '' : rest.slice(close + CLOSE.length);
  }
  return parts;
}

/** The snippet as plain text, for titles and accessible names. */
export function snippetText(snippet: string): string {
  return snippetParts(snippet)
    .map((part) => part.text)
    .join('');
}
