import { useDeferredValue, useMemo, useState } from 'react';
import { useKbSearches } from '../../api/queries';
import { kbQueriesFor, mergeKbHits } from '../../state/kb-suggestions';
import { Dialog } from '../common/Dialog';
import { KbArticleView } from '../kb/KbArticleView';
import { Snippet } from '../search/Snippet';

/** While the subject is typed: articles that may answer it without a ticket. */
export function KbSuggestions({ subject }: { subject: string }) {
  const deferred = useDeferredValue(subject);
  const queries = useMemo(() => kbQueriesFor(deferred), [deferred]);
  const results = useKbSearches(queries, 5);
  const hits = mergeKbHits(results.map((result) => result.data));
  const [openId, setOpenId] = useState<string | null>(null);
  if (queries.length === 0 || hits.length === 0) return null;
  return (
    <section className="kb-suggestions" aria-labelledby="kb-suggestions-title" aria-live="polite">
      <h2 id="kb-suggestions-title" className="kb-suggestions__title">
        These articles may answer it
      </h2>
      <ul className="kb-suggestions__list" data-testid="kb-suggestions">
        {hits.map((hit) => (
          <li key={hit.article.id}>
            <button
              type="button"
              className="link-button kb-suggestions__link"
              onClick={() => setOpenId(hit.article.id)}
            >
              {hit.article.title}
            </button>
            <span className="kb-suggestions__snippet">
              {' '}
              — <Snippet text={hit.snippet} />
            </span>
          </li>
        ))}
      </ul>
      <Dialog
        open={openId !== null}
        onOpenChange={(next) => (next ? undefined : setOpenId(null))}
        title="Knowledge base article"
        hideTitle
        size="large"
        testId="kb-dialog"
      >
        {openId ? <KbArticleView articleId={openId} headingLevel={3} /> : null}
      </Dialog>
    </section>
  );
}
