import type { CSSProperties, ReactNode } from 'react';
import { ticketStatuses } from '../../../src-shared/domain/ticket';
import type { TicketFilter } from '../api/query-keys';
import { useAppInfo, useTicketCount } from '../api/queries';
import { formatCompactCount, formatCount } from '../format/number';
import { statusBadgeColours, statusLabels } from '../format/ticket';
import { useViewer } from '../hooks/use-viewer';
import { useUi } from '../state/ui';
import { ALL_VIEW_ID, savedViewsFor, statusView, viewById, type ListView } from '../state/views';
import { MyViews } from './queue/MyViews';
import { UnreadRepliesCount } from './account/UnreadRepliesCount';
import { TodayCallbackCount } from './callbacks/TodayCallbacks';
import { SyncIndicator } from './SyncIndicator';
import { ThemeToggle } from './ThemeToggle';

const statusViews = ticketStatuses.map((status) => statusView(status, statusLabels[status]));

export function Sidebar() {
  const view = useUi((state) => state.view);
  const listViewId = useUi((state) => state.listViewId);
  const showList = useUi((state) => state.showList);
  const showView = useUi((state) => state.showView);
  const showKb = useUi((state) => state.showKb);
  const info = useAppInfo();
  const viewer = useViewer();
  // Until the role is known (before the first sign-in) only the view every role has.
  const savedViews = viewer.actor ? savedViewsFor(viewer.actor) : [viewById(ALL_VIEW_ID, () => '')];
  const isCurrent = (list: ListView) => view === 'tickets' && listViewId === list.id;

  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="sidebar__name">Gatedesk</span>
        {info.data?.demo ? <span className="tag">Demo</span> : null}
      </div>
      <nav className="sidebar__nav" aria-label="Views">
        <h2 className="sidebar__heading" id="saved-views-heading">
          {viewer.actor === 'staff' ? 'Queues' : 'My tickets'}
        </h2>
        <ul className="nav-list" aria-labelledby="saved-views-heading">
          {savedViews.map((list) => (
            <li key={list.id}>
              <NavItem
                label={list.label}
                current={isCurrent(list)}
                count={<TicketCount filter={list.filter} />}
                onClick={() => showList(list.id)}
              />
            </li>
          ))}
        </ul>
        <MyViews />
        <h2 className="sidebar__heading" id="status-filters-heading">
          By status
        </h2>
        <ul className="nav-list" aria-labelledby="status-filters-heading">
          {statusViews.map((list) => (
            <li key={list.id}>
              <NavItem
                label={list.label}
                marker={list.status ? statusBadgeColours(list.status).background : undefined}
                current={isCurrent(list)}
                count={<TicketCount filter={list.filter} />}
                onClick={() => showList(list.id)}
              />
            </li>
          ))}
        </ul>
        <h2 className="sidebar__heading" id="settings-heading">
          More
        </h2>
        <ul className="nav-list" aria-labelledby="settings-heading">
          <li>
            <NavItem label="Knowledge base" current={view === 'kb'} onClick={() => showKb({})} />
          </li>
          <li>
            <NavItem label="Sites" current={view === 'sites'} onClick={() => showView('sites')} />
          </li>
          {viewer.actor === 'staff' ? (
            <li>
              <NavItem
                label="Callbacks"
                current={view === 'callbacks'}
                count={<TodayCallbackCount />}
                onClick={() => showView('callbacks')}
              />
            </li>
          ) : null}
          {viewer.actor === 'staff' ? (
            <li>
              <NavItem
                label="SLA policy"
                current={view === 'sla-policy'}
                onClick={() => showView('sla-policy')}
              />
            </li>
          ) : null}
          <li>
            <NavItem
              label="Replies"
              current={view === 'replies'}
              count={<UnreadRepliesCount />}
              onClick={() => showView('replies')}
            />
          </li>
          <li>
            <NavItem
              label="My settings"
              current={view === 'account'}
              onClick={() => showView('account')}
            />
          </li>
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
  marker?: string | undefined;
  onClick: () => void;
}) {
  const markerStyle = marker ? ({ '--badge-bg': marker } as CSSProperties) : undefined;
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
function TicketCount({ filter }: { filter: TicketFilter }) {
  const count = useTicketCount(filter);
  if (count.data === undefined) return null;
  return (
    <span className="nav-item__count" title={`${formatCount(count.data)} tickets`}>
      {formatCompactCount(count.data)}
    </span>
  );
}
