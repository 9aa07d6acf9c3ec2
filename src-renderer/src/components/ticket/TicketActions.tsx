import { useId } from 'react';
import { priorities, type Priority } from '../../../../src-shared/domain/ticket';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import { errorMessage } from '../../api/client';
import { useAssign, useReopen, useSetPriority, useSetStatus } from '../../api/mutations';
import { useDirectoryUsers } from '../../api/queries';
import { assigneeOptions } from '../../state/assignees';
import { priorityLabels } from '../../format/ticket';
import type { Viewer } from '../../hooks/use-viewer';
import type { StatusAction, TicketAbilities } from '../../state/ticket-actions';

/**
 * The actions the status machine allows this viewer now, and nothing else. Each is queued like
 * any change: the ticket updates at once and is marked pending until the server confirms.
 */
export function TicketActions({
  ticket,
  abilities,
  viewer,
}: {
  ticket: TicketDetail;
  abilities: TicketAbilities;
  viewer: Viewer;
}) {
  const setStatus = useSetStatus();
  const reopen = useReopen();
  const setPriority = useSetPriority();
  const assign = useAssign();
  const priorityId = useId();
  const assigneeId = useId();
  const users = useDirectoryUsers();
  const assignees = assigneeOptions(users.data ?? [], ticket);
  const error = setStatus.error ?? reopen.error ?? setPriority.error ?? assign.error;
  const busy = setStatus.isPending || reopen.isPending || setPriority.isPending || assign.isPending;
  const me = viewer.user?.id ?? null;

  function run(action: StatusAction) {
    resetErrors();
    if (action.kind === 'reopen') reopen.mutate({ ticketId: ticket.id });
    else if (action.to === 'OPEN' || action.to === 'RESOLVED' || action.to === 'CLOSED')
      setStatus.mutate({ ticketId: ticket.id, status: action.to });
  }
  function resetErrors() {
    setStatus.reset();
    reopen.reset();
    setPriority.reset();
    assign.reset();
  }

  if (abilities.statusActions.length === 0 && !abilities.editFields) return null;

  return (
    <div className="ticket-actions" role="group" aria-label="Ticket actions">
      {abilities.statusActions.map((action) => (
        <button
          key={action.kind}
          type="button"
          className={`button button--small${action.kind === 'resolve' ? ' button--primary' : ''}`}
          disabled={busy}
          onClick={() => run(action)}
        >
          {action.label}
        </button>
      ))}
      {abilities.editFields ? (
        <>
          <span className="ticket-actions__field">
            <label htmlFor={priorityId}>Priority</label>
            <select
              id={priorityId}
              className="select select--small"
              value={ticket.priority}
              disabled={busy}
              onChange={(event) => {
                resetErrors();
                setPriority.mutate({
                  ticketId: ticket.id,
                  priority: event.target.value as Priority,
                });
              }}
            >
              {priorities.map((priority) => (
                <option key={priority} value={priority}>
                  {priorityLabels[priority]}
                </option>
              ))}
            </select>
          </span>
          {me && ticket.assigneeId !== me ? (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => {
                resetErrors();
                assign.mutate({ ticketId: ticket.id, assigneeId: me });
              }}
            >
              Assign to me
            </button>
          ) : null}
          <span className="ticket-actions__field">
            <label htmlFor={assigneeId}>Assignee</label>
            <select
              id={assigneeId}
              className="select select--small"
              value={ticket.assigneeId ?? ''}
              disabled={busy}
              onChange={(event) => {
                resetErrors();
                assign.mutate({ ticketId: ticket.id, assigneeId: event.target.value || null });
              }}
            >
              <option value="">Unassigned</option>
              {assignees.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.id === me ? `${user.name} (me)` : user.name}
                </option>
              ))}
            </select>
          </span>
        </>
      ) : null}
      {error ? (
        <p className="ticket-actions__error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </div>
  );
}
