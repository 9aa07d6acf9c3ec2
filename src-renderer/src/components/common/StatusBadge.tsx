import type { CSSProperties } from 'react';
import type { TicketStatus } from '../../../../src-shared/domain/ticket';
import { statusBadgeColours, statusLabels } from '../../format/ticket';

/** PTI's status colours, taken from src-shared so the badge and the portal never drift apart. */
export function StatusBadge({ status }: { status: TicketStatus }) {
  const colours = statusBadgeColours(status);
  const style = { '--badge-bg': colours.background, '--badge-fg': colours.text } as CSSProperties;
  return (
    <span className="status-badge" data-status={status} style={style}>
      {statusLabels[status]}
    </span>
  );
}
