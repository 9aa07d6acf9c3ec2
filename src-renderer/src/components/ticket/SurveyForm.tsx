import { useId, useState, type FormEvent } from 'react';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import { errorMessage } from '../../api/client';
import { useSurvey } from '../../api/mutations';
import { browserStorage, markSurveySent, surveySent } from '../../state/drafts';

type Rating = 'very_satisfied' | 'somewhat_satisfied' | 'unsatisfied';

const ratings: { value: Rating; label: string }[] = [
  { value: 'very_satisfied', label: 'Very satisfied' },
  { value: 'somewhat_satisfied', label: 'Somewhat satisfied' },
  { value: 'unsatisfied', label: 'Unsatisfied' },
];

/** PTI's survey after a ticket is resolved or closed: three answers and a comment. */
export function SurveyForm({
  ticket,
  profileId,
}: {
  ticket: TicketDetail;
  profileId: string | null;
}) {
  const survey = useSurvey();
  const idPrefix = useId();
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(() => {
    const store = browserStorage();
    return store && profileId ? surveySent(store, profileId, ticket.id) : false;
  });

  if (sent) {
    return (
      <p className="survey survey--done" role="status">
        Thank you — your rating of this ticket is sent.
      </p>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!rating) return;
    survey.mutate(
      { ticketId: ticket.id, rating, comment },
      {
        onSuccess: () => {
          const store = browserStorage();
          if (store && profileId) markSurveySent(store, profileId, ticket.id);
          setSent(true);
        },
      },
    );
  }

  return (
    <form className="survey" onSubmit={onSubmit} aria-labelledby={`${idPrefix}-title`}>
      <h3 id={`${idPrefix}-title`} className="survey__title">
        How did we do on this ticket?
      </h3>
      <fieldset className="survey__ratings">
        <legend className="visually-hidden">Your rating</legend>
        {ratings.map((option) => (
          <label key={option.value} className="survey__rating">
            <input
              type="radio"
              name={`${idPrefix}-rating`}
              value={option.value}
              checked={rating === option.value}
              onChange={() => setRating(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${idPrefix}-comment`} className="survey__label">
        Comment (optional)
      </label>
      <textarea
        id={`${idPrefix}-comment`}
        rows={2}
        maxLength={2000}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      {survey.isError ? (
        <p className="form-field__error" role="alert">
          {errorMessage(survey.error)}
        </p>
      ) : null}
      <button type="submit" className="button button--small" disabled={!rating || survey.isPending}>
        Send rating
      </button>
    </form>
  );
}
