import type { Ref } from 'react';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import { isTicketDetail, useTicket, useTimeline } from '../../api/queries';
import { useViewer } from '../../hooks/use-viewer';
import { useNow } from '../../hooks/use-now';
import { ticketAbilities } from '../../state/ticket-actions';
import { useUi } from '../../state/ui';
import { ErrorState } from '../common/ErrorState';
import { Skeleton } from '../common/Skeleton';
import { StateMessage } from '../common/StateMessage';
import { CallbackPanel } from '../callbacks/CallbackPanel';
import { Composer } from './Composer';
import { ClosedNotice } from './ClosedNotice';
import { SurveyForm } from './SurveyForm';
import { TicketActions } from './TicketActions';
import { TicketHeader } from './TicketHeader';
import { Timeline } from './Timeline';

/**
 * One ticket: its header and the actions its status allows, the timeline, and the composer.
 * Everything comes from the local store, so it shows at once, offline too.
 */
export function TicketView({
  ticketId,
  headingRef,
}: {
  ticketId: string;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const ticket = useTicket(ticketId);
  const selectTicket = useUi((state) => state.selectTicket);

  return (
    <section className="detail-pane ticket-view" aria-label="Ticket" data-testid="ticket-detail">
      {ticket.data ? (
        isTicketDetail(ticket.data) ? (
          <LoadedTicket ticket={ticket.data} headingRef={headingRef} />
        ) : (
          // A row from the list while the full ticket loads: the header at once, the rest in a moment.
          <TicketHeader ticket={ticket.data} headingRef={headingRef} />
        )
      ) : ticket.isError ? (
        <ErrorState
          title="This ticket could not be loaded"
          error={ticket.error}
          onRetry={() => void ticket.refetch()}
        />
      ) : ticket.isSuccess ? (
        <StateMessage
          title="This ticket is no longer here"
          action={
            <button type="button" className="button" onClick={() => selectTicket(null)}>
              Back to the list
            </button>
          }
        >
          It may have been removed on the server, or it is outside what this profile can see.
        </StateMessage>
      ) : (
        <div className="detail-pane__loading" aria-busy="true">
          <Skeleton width="short" />
          <Skeleton width="long" />
          <Skeleton width="medium" />
        </div>
      )}
    </section>
  );
}

function LoadedTicket({
  ticket,
  headingRef,
}: {
  ticket: TicketDetail;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const viewer = useViewer();
  const timeline = useTimeline(ticket.id);
  const now = useNow();
  const abilities = viewer.actor ? ticketAbilities(ticket, viewer.actor, new Date(now)) : null;

  return (
    <>
      <div className="ticket-view__scroll">
        <TicketHeader ticket={ticket} headingRef={headingRef}>
          {abilities && viewer.actor ? (
            <TicketActions ticket={ticket} abilities={abilities} viewer={viewer} />
          ) : (
            <p className="ticket-view__hint">
              Sign in to this profile to change tickets; you can read everything offline.
            </p>
          )}
        </TicketHeader>
        <CallbackPanel ticket={ticket} viewer={viewer} />
        <Timeline
          ticket={ticket}
          entries={timeline.data}
          error={timeline.isError ? timeline.error : null}
          onRetry={() => void timeline.refetch()}
          canQuote={abilities?.reply.allowed ?? false}
          staff={viewer.actor === 'staff'}
        />
        {abilities?.survey ? <SurveyForm ticket={ticket} profileId={viewer.profileId} /> : null}
      </div>
      {abilities && viewer.profileId && (abilities.reply.allowed || abilities.note.allowed) ? (
        <Composer
          key={`${viewer.profileId}:${ticket.id}`}
          ticket={ticket}
          abilities={abilities}
          viewer={viewer}
          profileId={viewer.profileId}
          timeline={timeline.data ?? []}
        />
      ) : abilities?.followUp ? (
        <ClosedNotice
          key={ticket.id}
          ticket={ticket}
          reason={abilities.reply.reason}
          profileId={viewer.profileId}
        />
      ) : null}
    </>
  );
}
