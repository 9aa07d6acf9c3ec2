import type { Ref } from 'react';
import { useKbArticle } from '../../api/queries';
import { formatCount } from '../../format/number';
import { formatExact } from '../../format/time';
import { ErrorState } from '../common/ErrorState';
import { Skeleton } from '../common/Skeleton';
import { StateMessage } from '../common/StateMessage';

/** One article, from the local copy: readable offline. Paragraphs are separated by blank lines. */
export function KbArticleView({
  articleId,
  headingRef,
  headingLevel = 2,
}: {
  articleId: string;
  headingRef?: Ref<HTMLHeadingElement>;
  headingLevel?: 2 | 3;
}) {
  const article = useKbArticle(articleId);
  if (article.isError)
    return (
      <ErrorState
        title="This article could not be loaded"
        error={article.error}
        onRetry={() => void article.refetch()}
      />
    );
  if (article.isSuccess && article.data === null)
    return (
      <StateMessage title="This article is no longer here">
        It may have been removed from the knowledge base.
      </StateMessage>
    );
  if (!article.data)
    return (
      <div aria-busy="true" className="kb-article">
        <Skeleton width="medium" />
        <Skeleton width="long" />
      </div>
    );
  const { title, sectionTitle, body, viewCount, updatedAt } = article.data;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="kb-article" data-testid="kb-article">
      {sectionTitle ? <p className="kb-article__section">{sectionTitle}</p> : null}
      <Heading className="kb-article__title" ref={headingRef} tabIndex={-1}>
        {title}
      </Heading>
      {body.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index} className="kb-article__paragraph">
          {paragraph}
        </p>
      ))}
      <p className="kb-article__meta">
        Read {formatCount(viewCount)} times · updated {formatExact(updatedAt)}
      </p>
    </article>
  );
}
