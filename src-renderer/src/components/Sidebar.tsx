import type { CSSProperties, ReactNode } from 'react';
import { ticketStatuses, type TicketStatus } from '../../../src-shared/domain/ticket';
import { useAppInfo, useTicketCount } from '../api/queries';
import { statusFilter } from '../api/ticket-pages';
import { formatCompactCount, formatCount } from '../format/number';
import { statusBadgeColours, statusLabels } from '../format/ticket';
import { useUi } from '../state/ui';
import { SyncIndicator } from './SyncIndicator';
import { ThemeToggle } from './ThemeToggle';

export function Sidebar() {
  const view = useUi((state) => state.view);
  const status = useUi((state) => state.statusFilter);
  const setStatusFilter = useUi((state) => state.setStatusFilter);
  const showView = useUi((state) => state.showView);
  const info = useAppInfo();

  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="sidebar__name">Gatedesk</span>
        {info.data?.demo ? <span className="tag">Demo</span> : null}
      </div>
      <nav className="sidebar__nav" aria-label="Views">
        <ul className="nav-list">
          <li>
            <NavItem
              label="All tickets"
              current={view === 'tickets' && status === null}
              count={<TicketCount status={null} />}
              onClick={() => setStatusFilter(null)}
            />
          </li>
        </ul>
        <h2 className="sidebar__heading" id="status-filters-heading">
          By status
        </h2>
        <ul className="nav-list" aria-labelledby="status-filters-heading">
          {ticketStatuses.map((s) => (
            <li key={s}>
              <NavItem
                label={statusLabels[s]}
                marker={s}
                current={view === 'tickets' && status === s}
                count={<TicketCount status={s} />}
                onClick={() => setStatusFilter(s)}
              />
            </li>
          ))}
        </ul>
        <h2 className="sidebar__heading">Settings</h2>
        <ul className="nav-list">
          <li>
            <NavItem
              label="Profiles"
              current={view === 'profiles'}
              onClick={() => showView('profiles')}
            />
          </li>
        </ul>
      </nav>
      <div className="sidebar__footer">
        <SyncIndicator />
        <div className="sidebar__meta">
          <ThemeToggle />
          {info.data ? <span className="sidebar__version">v{info.data.version}</span> : null}
        </div>
      </div>
    </aside>
  );
}

function NavItem({
  label,
  current,
  count,
  marker,
  onClick,
}: {
  label: string;
  current: boolean;
  count?: ReactNode;
  marker?: TicketStatus;
  onClick: () => void;
}) {
  const markerStyle = marker
    ? ({ '--badge-bg': statusBadgeColours(marker).background } as CSSProperties)
    : undefined;
  return (
    <button
      type="button"
      className="nav-item"
      aria-current={current ? 'page' : undefined}
      onClick={onClick}
    >
      {marker ? <span className="nav-item__marker" style={markerStyle} aria-hidden="true" /> : null}
      <span className="nav-item__label">{label}</span>
      {count}
    </button>
  );
}

/** A live count: it refetches whenever the tickets table changes (cache-events.ts). */
function TicketCount({ status }: { status: TicketStatus | null }) {
  const count = useTicketCount(statusFilter(status));
  if (count.data === undefined) return null;
  return (
    <span className="nav-item__count" title={`${formatCount(count.data)} tickets`}>
      {formatCompactCount(count.data)}
    </span>
  );
}
