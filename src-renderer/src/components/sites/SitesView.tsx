import { useState } from 'react';
import type { DirectorySite } from '../../../../src-shared/domain/directory';
import { errorMessage } from '../../api/client';
import { useDirectorySites } from '../../api/queries';
import { useNow } from '../../hooks/use-now';
import { useSiteFocus, type SiteFocus } from '../../state/site-focus';
import { MappingGrid } from './MappingGrid';
import { PtiConnectionPanel } from './PtiConnectionPanel';
import { RentalsPanel } from './RentalsPanel';
import { SupportPinPanel } from './SupportPinPanel';
import './sites.css';

type SiteTab = 'units' | 'rentals' | 'pin' | 'pti';

/** The installer's and site manager's workspace: sites, their unit mapping and support PIN. */
export function SitesView() {
  const sites = useDirectorySites();
  const focus = useSiteFocus((state) => state.focus);
  const [siteId, setSiteId] = useState<string | null>(focus?.siteId ?? null);
  // a unit card in a ticket asked for this site (adjusted while rendering, once per request)
  const [focusSeen, setFocusSeen] = useState(focus?.nonce ?? null);
  if (focus && focus.nonce !== focusSeen) {
    setFocusSeen(focus.nonce);
    setSiteId(focus.siteId);
  }
  const list = sites.data ?? [];
  const site = list.find((candidate) => candidate.id === siteId) ?? list[0] ?? null;

  return (
    <section className="sites" aria-label="Sites" data-testid="sites-view">
      <nav className="sites__list" aria-label="Site list">
        <h2 className="sites__heading">Sites</h2>
        {sites.isPending ? <p className="sites__note">Loading sites…</p> : null}
        {sites.isError ? (
          <p role="alert" className="sites__error">
            {errorMessage(sites.error)}
          </p>
        ) : null}
        {sites.isSuccess && list.length === 0 ? (
          <p className="sites__note" data-testid="sites-empty">
            No sites yet. Sites appear here once your organisation has one and this profile has
            synced.
          </p>
        ) : null}
        <ul>
          {list.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                className="sites__item"
                aria-current={candidate.id === site?.id ? 'true' : undefined}
                data-testid="site-row"
                onClick={() => setSiteId(candidate.id)}
              >
                <span className="sites__name">{candidate.name}</span>
                <span className="sites__code">{candidate.code}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {site ? (
        <SiteDetail key={site.id} site={site} focus={focus?.siteId === site.id ? focus : null} />
      ) : null}
    </section>
  );
}

function SiteDetail({ site, focus }: { site: DirectorySite; focus: SiteFocus | null }) {
  const [tab, setTab] = useState<SiteTab>('units');
  const [focusSeen, setFocusSeen] = useState(focus?.nonce ?? null);
  if (focus && focus.nonce !== focusSeen) {
    setFocusSeen(focus.nonce);
    setTab('units');
  }
  return (
    <div className="sites__detail" data-testid="site-detail">
      <header className="sites__header">
        <h2>{site.name}</h2>
        <dl className="sites__facts">
          <dt>Code</dt>
          <dd>{site.code}</dd>
          <dt>Time zone</dt>
          <dd>{site.timezone}</dd>
          <dt>Local time</dt>
          <dd>
            <SiteClock timeZone={site.timezone} />
          </dd>
        </dl>
      </header>
      <div role="tablist" aria-label="Site sections" className="sites__tabs">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'units'}
          onClick={() => setTab('units')}
        >
          Unit mapping
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'pin'}
          onClick={() => setTab('pin')}
        >
          Support PIN
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'rentals'}
          onClick={() => setTab('rentals')}
        >
          Rentals and access
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'pti'}
          onClick={() => setTab('pti')}
        >
          PTI connection
        </button>
      </div>
      {tab === 'units' ? (
        <MappingGrid siteId={site.id} siteCode={site.code} focus={focus} />
      ) : tab === 'rentals' ? (
        <RentalsPanel siteCode={site.code} siteId={site.id} />
      ) : tab === 'pti' ? (
        <PtiConnectionPanel siteCode={site.code} />
      ) : (
        <SupportPinPanel siteId={site.id} />
      )}
    </div>
  );
}

/** The time at the site, which is what its schedules and keypads go by. */
function SiteClock({ timeZone }: { timeZone: string }) {
  const now = useNow();
  let text: string;
  try {
    text = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(now);
  } catch {
    text = 'unknown time zone';
  }
  return <span data-testid="site-local-time">{text}</span>;
}
