import { useState } from 'react';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import {
  browserStorage,
  clearMessageDraft,
  loadMessageDraft,
  saveNewTicketDraft,
} from '../../state/drafts';
import { followUpValues, textFields } from '../../state/new-ticket-form';
import { useUi } from '../../state/ui';

/**
 * Where the composer would be on a ticket that takes no more replies: the way forward instead.
 * A draft begun before the ticket closed is shown, and carried into the follow-up, not lost.
 */
export function ClosedNotice({
  ticket,
  reason,
  profileId,
}: {
  ticket: TicketDetail;
  reason: string | null;
  profileId: string | null;
}) {
  const startNewTicket = useUi((state) => state.startNewTicket);
  const [draft] = useState(() => {
    const store = browserStorage();
    const found = store && profileId ? loadMessageDraft(store, profileId, ticket.id) : null;
    return found && found.body.trim() !== '' ? found : null;
  });

  function followUp() {
    const store = browserStorage();
    if (draft && store && profileId) {
      saveNewTicketDraft(
        store,
        profileId,
        {
          values: { ...followUpValues(ticket), description: draft.body },
          followUpOfId: ticket.id,
        },
        textFields,
      );
      clearMessageDraft(store, profileId, ticket.id);
    }
    startNewTicket(ticket.id);
  }

  return (
    <div className="closed-notice" data-testid="closed-notice">
      <div className="closed-notice__text">
        <p>
          {ticket.status === 'CLOSED'
            ? 'This ticket is closed: it takes no more replies or changes. If the problem is back, open a follow-up ticket that links to it.'
            : (reason ?? 'This ticket takes no more replies.')}
        </p>
        {draft ? (
          <>
            <p>Your unsent draft goes into the follow-up:</p>
            <blockquote className="closed-notice__draft" tabIndex={0}>
              {draft.body}
            </blockquote>
          </>
        ) : null}
      </div>
      <button type="button" className="button button--primary" onClick={followUp}>
        Open a follow-up ticket
      </button>
    </div>
  );
}
