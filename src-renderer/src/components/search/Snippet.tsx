import { snippetParts } from '../../format/snippet';

/** A search snippet with its matched words as <mark>; the text is never parsed as markup. */
export function Snippet({ text }: { text: string }) {
  return (
    <>
      {snippetParts(text).map((part, index) =>
        part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}
