import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { displayTicketNumber } from '../../format/ticket';
import { useUi } from '../../state/ui';
import { Dialog } from '../common/Dialog';
import { StatusBadge } from '../common/StatusBadge';
import './unit-tickets.css';

/** "Tickets" on a unit: the unit's tickets, newest first, from the local store (offline too). */
export function UnitTicketsButton({ unitId, label }: { unitId: string; label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button unit-tickets__button"
        onClick={() => setOpen(true)}
        aria-label={`Tickets of unit ${label}`}
        data-testid="unit-tickets"
      >
        Tickets
      </button>
      {open ? (
        <UnitTicketsDialog unitId={unitId} label={label} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}

function UnitTicketsDialog({
  unitId,
  label,
  onClose,
}: {
  unitId: string;
  label: string;
  onClose(): void;
}) {
  const openTicket = useUi((state) => state.openTicket);
  // keyed by the tickets table, so a sync or a local change refreshes it
  const tickets = useQuery({
    queryKey: ['tickets', 'unit', unitId],
    queryFn: () => call('tickets.list', { unitId, limit: 200 }),
  });
  return (
    <Dialog
      open
      onOpenChange={(next) => (next ? undefined : onClose())}
      title={`Tickets of unit ${label}`}
      testId="unit-tickets-dialog"
    >
      {tickets.isPending ? <p>Loading tickets…</p> : null}
      {tickets.isError ? <p role="alert">{errorMessage(tickets.error)}</p> : null}
      {tickets.data && tickets.data.rows.length === 0 ? <p>No tickets name this unit.</p> : null}
      {tickets.data && tickets.data.rows.length > 0 ? (
        <ul className="unit-tickets__list">
          {tickets.data.rows.map((ticket) => (
            <li key={ticket.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  onClose();
                  openTicket(ticket.id);
                  useUi.getState().showView('tickets');
                }}
              >
                {displayTicketNumber(ticket.number)} — {ticket.subject}
              </button>{' '}
              <StatusBadge status={ticket.status} />
            </li>
          ))}
        </ul>
      ) : null}
      {tickets.data && tickets.data.total > tickets.data.rows.length ? (
        <p className="is-muted">
          The {tickets.data.rows.length} most recently updated of {tickets.data.total} are shown.
        </p>
      ) : null}
    </Dialog>
  );
}
