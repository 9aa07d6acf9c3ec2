import type { PtiRental } from '../../../../src-shared/domain/pti-client';
import type { UnitListItem } from '../../../../src-shared/domain/units';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import { useDirectorySites } from '../../api/queries';
import { usePtiRentals, useSiteUnits } from '../../api/site-queries';
import { openSiteUnit } from '../../state/site-focus';
import './site-unit-card.css';

/**
 * The ticket's site and unit at a glance: the unit as the site knows it, its PTI unit name, who
 * rents it and where its PTI access stands (when this computer knows); one click opens the
 * site's mapping grid on the unit's row.
 */
export function SiteUnitCard({ ticket }: { ticket: TicketDetail }) {
  return ticket.siteId ? <Card ticket={ticket} siteId={ticket.siteId} /> : null;
}

function Card({ ticket, siteId }: { ticket: TicketDetail; siteId: string }) {
  const sites = useDirectorySites();
  const units = useSiteUnits(siteId);
  const site = sites.data?.find((candidate) => candidate.id === siteId);
  const unit = ticket.unitId ? units.data?.find((u) => u.id === ticket.unitId) : undefined;
  return (
    <section className="site-unit-card" aria-label="Site and unit" data-testid="unit-card">
      <div className="site-unit-card__facts">
        <span className="site-unit-card__site">{site?.name ?? ticket.siteName ?? 'Site'}</span>
        {ticket.unitId ? (
          unit ? (
            <UnitFacts unit={unit} siteCode={site?.code ?? null} />
          ) : (
            <span className="is-muted">
              {units.isPending ? 'Loading the unit…' : 'The unit is not on this computer.'}
            </span>
          )
        ) : (
          <span className="is-muted">No unit named</span>
        )}
      </div>
      <button
        type="button"
        className="button button--small"
        onClick={() => openSiteUnit(siteId, unit?.id ?? null)}
        data-testid="open-unit-row"
      >
        {unit ? `Show unit ${unit.label} in the site` : 'Open the site'}
      </button>
    </section>
  );
}

function UnitFacts({ unit, siteCode }: { unit: UnitListItem; siteCode: string | null }) {
  return (
    <>
      <span>
        Unit <strong data-testid="unit-card-label">{unit.label}</strong>
      </span>
      <span>
        PTI name{' '}
        {unit.ptiUnitName ? (
          <code data-testid="unit-card-pti-name">{unit.ptiUnitName}</code>
        ) : (
          <span className="is-muted">not mapped</span>
        )}
      </span>
      <span className={`mapping__state--${unit.syncState}`}>
        Mapping{' '}
        {unit.syncState === 'failed'
          ? 'refused'
          : unit.syncState === 'pending'
            ? 'pending'
            : 'synced'}
      </span>
      {unit.ptiUnitName && siteCode ? (
        <RentalFacts siteCode={siteCode} ptiUnitName={unit.ptiUnitName} />
      ) : null}
    </>
  );
}

/** Rental state and PTI sync of the unit; said plainly when this computer cannot know. */
function RentalFacts({ siteCode, ptiUnitName }: { siteCode: string; ptiUnitName: string }) {
  const rentals = usePtiRentals(siteCode);
  if (rentals.isPending) return <span className="is-muted">Rental: loading…</span>;
  const rental = rentals.data?.find((r) => r.unit === ptiUnitName);
  if (!rental)
    return (
      <span className="is-muted" data-testid="unit-card-rental">
        Rental: not known here
      </span>
    );
  return (
    <>
      <span data-testid="unit-card-rental">Rental: {rentalText(rental)}</span>
      <span data-testid="unit-card-pti-state">PTI: {ptiText(rental)}</span>
    </>
  );
}

function rentalText(rental: PtiRental): string {
  if (rental.vacant) return 'vacant';
  const tenant = rental.customerName ?? rental.customerRef ?? 'a tenant';
  return `rented to ${tenant}${rental.overlocked ? ', overlocked' : ''}`;
}

function ptiText(rental: PtiRental): string {
  if (rental.problem) return `refused — ${rental.problem.message}`;
  if (rental.state === 'queued' || rental.queued > 0) return `${rental.queued} change(s) queued`;
  return 'applied';
}
