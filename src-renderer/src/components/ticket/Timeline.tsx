import type { TicketDetail, TimelineEntry } from '../../../../src-shared/domain/timeline';
import { errorMessage } from '../../api/client';
import { formatExact, formatRelative } from '../../format/time';
import { useNow } from '../../hooks/use-now';
import { useUi } from '../../state/ui';
import { PendingTag } from '../common/PendingMark';
import { Skeleton } from '../common/Skeleton';
import { AttachmentList } from './AttachmentList';
import { excerpt } from '../../format/text';

/**
 * The ticket's story, oldest first: the description, public replies, internal notes (shaded and
 * labelled, only ever delivered to technicians) and system events. Entries not yet confirmed by
 * the server carry a "Pending" tag.
 */
export function Timeline({
  ticket,
  entries,
  error,
  onRetry,
  canQuote,
  staff,
}: {
  ticket: TicketDetail;
  entries: TimelineEntry[] | undefined;
  error: unknown;
  onRetry: () => void;
  canQuote: boolean;
  staff: boolean;
}) {
  const now = useNow();
  const byId = new Map((entries ?? []).map((entry) => [entry.id, entry]));
  return (
    <section className="timeline" aria-label="Conversation">
      <article className="timeline__description" aria-label="Description">
        <p className="timeline__meta">
          <span className="timeline__label">Description</span>
          <time dateTime={ticket.createdAt} title={formatExact(ticket.createdAt)}>
            {formatRelative(ticket.createdAt, now)}
          </time>
        </p>
        <div className="timeline__body">{ticket.description}</div>
      </article>
      {error ? (
        <p className="inline-alert" role="alert">
          The conversation could not be loaded: {errorMessage(error)}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      ) : entries === undefined ? (
        <div aria-busy="true" className="timeline__loading">
          <Skeleton width="long" />
          <Skeleton width="medium" />
        </div>
      ) : (
        <ol className="timeline__entries">
          {entries.map((entry) => (
            <TimelineItem
              key={entry.id}
              entry={entry}
              quoted={entry.quotedMessageId ? byId.get(entry.quotedMessageId) : undefined}
              now={now}
              canQuote={canQuote && entry.kind !== 'system' && (staff || entry.kind === 'public')}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function TimelineItem({
  entry,
  quoted,
  now,
  canQuote,
}: {
  entry: TimelineEntry;
  quoted: TimelineEntry | undefined;
  now: number;
  canQuote: boolean;
}) {
  const requestComposer = useUi((state) => state.requestComposer);
  const time = (
    <time dateTime={entry.createdAt} title={formatExact(entry.createdAt)}>
      {formatRelative(entry.createdAt, now)}
    </time>
  );
  const common = {
    'data-testid': 'timeline-entry',
    'data-kind': entry.kind,
    'data-pending': entry.pending ? 'true' : 'false',
  };

  if (entry.kind === 'system') {
    return (
      <li className="timeline__system" {...common}>
        <span>{entry.body}</span> · {time}
        {entry.pending ? <PendingTag /> : null}
      </li>
    );
  }

  const internal = entry.kind === 'internal';
  const author = entry.authorName ?? (internal ? 'A technician' : 'Someone');
  return (
    <li
      className={`timeline__entry${internal ? ' timeline__entry--internal' : ''}${
        entry.pending ? ' is-unconfirmed' : ''
      }`}
      {...common}
    >
      <article aria-label={internal ? `Internal note by ${author}` : `Reply by ${author}`}>
        <p className="timeline__meta">
          {internal ? (
            <span className="timeline__label timeline__label--internal">
              Internal note · only technicians see this
            </span>
          ) : null}
          <span className="timeline__author">{author}</span>
          {time}
          {entry.pending ? <PendingTag /> : null}
          {canQuote ? (
            <button
              type="button"
              className="link-button timeline__quote"
              onClick={() => requestComposer(internal ? 'note' : 'reply', entry.id)}
              aria-label={`Quote the ${internal ? 'note' : 'reply'} by ${author}`}
            >
              Quote
            </button>
          ) : null}
        </p>
        {entry.quotedMessageId ? (
          <blockquote className="timeline__quoted">
            {quoted ? (
              <>
                <span className="timeline__quoted-author">{quoted.authorName ?? 'Earlier'}:</span>{' '}
                {excerpt(quoted.body, 240)}
              </>
            ) : (
              'Quoting an earlier message'
            )}
          </blockquote>
        ) : null}
        <div className="timeline__body">{entry.body}</div>
        {entry.attachments.length > 0 ? <AttachmentList attachments={entry.attachments} /> : null}
      </article>
    </li>
  );
}
