import { useDeferredValue, useId, useRef } from 'react';
import type { KbArticleSummary } from '../../../../src-shared/domain/kb';
import { useKbArticles, useKbSearches, useKbSections } from '../../api/queries';
import { useUi } from '../../state/ui';
import { ErrorState } from '../common/ErrorState';
import { StateMessage } from '../common/StateMessage';
import { Snippet } from '../search/Snippet';
import { KbArticleView } from './KbArticleView';

const TOP_ARTICLES = 12;

/** The knowledge base: sections, the most read articles, search; all from the local copy. */
export function KbView() {
  const sectionId = useUi((state) => state.kbSectionId);
  const articleId = useUi((state) => state.kbArticleId);
  const query = useUi((state) => state.kbQuery);
  const showKb = useUi((state) => state.showKb);
  const deferredQuery = useDeferredValue(query.trim());
  const sections = useKbSections();
  const articles = useKbArticles(sectionId, sectionId ? 200 : TOP_ARTICLES);
  const [search] = useKbSearches(deferredQuery ? [deferredQuery] : [], 30);
  const searchId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const section = sections.data?.find((s) => s.id === sectionId);

  const open = (id: string) => showKb({ articleId: id });
  const list: { article: KbArticleSummary; snippet: string | null }[] = deferredQuery
    ? (search?.data ?? []).map((hit) => ({ article: hit.article, snippet: hit.snippet }))
    : (articles.data ?? []).map((article) => ({ article, snippet: null }));

  return (
    <div className="kb-view">
      <section className="kb-view__sections" aria-labelledby="kb-title">
        <header className="view-header view-header--compact">
          <h1 id="kb-title" className="view-title">
            Knowledge base
          </h1>
        </header>
        <div className="kb-view__search" role="search">
          <label htmlFor={searchId} className="visually-hidden">
            Search the knowledge base
          </label>
          <input
            id={searchId}
            type="search"
            className="search-box__input"
            placeholder="Search articles"
            value={query}
            onChange={(event) => showKb({ query: event.target.value })}
          />
        </div>
        {sections.isError ? (
          <ErrorState
            title="The knowledge base could not be loaded"
            error={sections.error}
            onRetry={() => void sections.refetch()}
          />
        ) : sections.data?.length === 0 ? (
          <StateMessage title="No articles yet">
            The knowledge base arrives with the next sync from your support server.
          </StateMessage>
        ) : (
          <nav aria-label="Knowledge base sections">
            <ul className="kb-sections">
              <li>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={sectionId === null && !deferredQuery ? 'page' : undefined}
                  onClick={() => showKb({ sectionId: null, query: '' })}
                >
                  <span className="nav-item__label">Most read</span>
                </button>
              </li>
              {sections.data?.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="nav-item"
                    aria-current={sectionId === s.id && !deferredQuery ? 'page' : undefined}
                    onClick={() => showKb({ sectionId: s.id, query: '' })}
                    title={s.description}
                  >
                    <span className="nav-item__label">{s.title}</span>
                    <span className="nav-item__count">{s.articleCount}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
      <section className="kb-view__list" aria-labelledby="kb-list-title">
        <h2 id="kb-list-title" className="sidebar__heading">
          {deferredQuery
            ? `Articles matching “${deferredQuery}”`
            : section
              ? section.title
              : 'Most read articles'}
        </h2>
        {deferredQuery && search?.isSuccess && list.length === 0 ? (
          <p className="kb-view__empty">No article matches every word; try fewer words.</p>
        ) : (
          <ul className="kb-list" data-testid="kb-list">
            {list.map(({ article, snippet }) => (
              <li key={article.id}>
                <button
                  type="button"
                  className="kb-list__item"
                  aria-current={article.id === articleId ? 'true' : undefined}
                  onClick={() => open(article.id)}
                  onDoubleClick={() => heading.current?.focus()}
                >
                  <span className="kb-list__title">{article.title}</span>
                  <span className="kb-list__summary">
                    {snippet ? <Snippet text={snippet} /> : article.summary}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="kb-view__article" aria-label="Article">
        {articleId ? (
          <KbArticleView articleId={articleId} headingRef={heading} />
        ) : (
          <StateMessage title="Choose an article">
            Articles are kept on this computer, so they open offline too.
          </StateMessage>
        )}
      </section>
    </div>
  );
}
