import { useState, type FormEvent } from 'react';
import type { PtiRental } from '../../../../src-shared/domain/pti-client';
import { unitNameProblem } from '../../../../src-shared/pti/unit-name';
import { errorMessage } from '../../api/client';
import {
  useMoveIn,
  usePtiRentals,
  useRentalAction,
  useRevealCode,
  useSiteUnits,
} from '../../api/site-queries';
import { KeypadTester } from './KeypadTester';
import { UnitTicketsButton } from './UnitTickets';

/**
 * Rentals and access at PTI for one site: who is in which unit, their masked code and access,
 * and the actions a site manager takes. Every action is queued; the row says where it stands.
 */
export function RentalsPanel({ siteCode, siteId }: { siteCode: string; siteId: string }) {
  const rentals = usePtiRentals(siteCode);
  // rentals name units by their PTI name; "Tickets" needs the unit behind it
  const units = useSiteUnits(siteId);
  const unitByPtiName = new Map(
    (units.data ?? []).flatMap((unit) => (unit.ptiUnitName ? [[unit.ptiUnitName, unit]] : [])),
  );
  const action = useRentalAction(siteCode);
  const reveal = useRevealCode(siteCode);

  if (rentals.isPending) return <p className="sites__note">Loading rentals…</p>;
  if (rentals.isError)
    return (
      <p role="alert" className="sites__error" data-testid="rentals-unavailable">
        Rentals are not available for this site here. {errorMessage(rentals.error)}
      </p>
    );

  return (
    <div className="rentals" data-testid="rentals">
      <MoveInForm siteCode={siteCode} />
      {action.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(action.error)}
        </p>
      ) : null}
      {reveal.data ? (
        <p role="status" className="pin__issued">
          Access code of {reveal.data.customerName ?? reveal.data.customerRef}:{' '}
          <output className="pin__digits">{reveal.data.accessCode}</output>
          <button
            type="button"
            onClick={() => void navigator.clipboard?.writeText(reveal.data.accessCode)}
          >
            Copy
          </button>
          <button type="button" onClick={() => reveal.reset()}>
            Hide
          </button>
        </p>
      ) : null}
      <table className="rentals__table">
        <thead>
          <tr>
            <th>Unit</th>
            <th>Tenant</th>
            <th>Code</th>
            <th>Access level</th>
            <th>Zone</th>
            <th>Overlocked</th>
            <th>PTI</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rentals.data.map((rental) => (
            <tr key={rental.rentalId} data-testid="rental-row" data-unit={rental.unit}>
              <td>
                {rental.unit}{' '}
                {unitByPtiName.has(rental.unit) ? (
                  <UnitTicketsButton
                    unitId={unitByPtiName.get(rental.unit)!.id}
                    label={unitByPtiName.get(rental.unit)!.label}
                  />
                ) : null}
              </td>
              <td>{rental.vacant ? 'Vacant' : (rental.customerName ?? rental.customerRef)}</td>
              <td>
                {rental.codePending ? 'on its way' : (rental.accessCodeMasked ?? '—')}
                {rental.newCode ? ' (new)' : ''}
              </td>
              <td>
                {rental.accessLevel ?? '—'}
                {rental.accessLevelFrom === 'site' ? ' (site default)' : ''}
              </td>
              <td>{rental.schedule ?? '—'}</td>
              <td>{rental.overlocked ? 'Yes' : 'No'}</td>
              <td>
                <RentalState rental={rental} />
              </td>
              <td className="rentals__actions">
                {rental.vacant ? null : (
                  <>
                    <button
                      type="button"
                      onClick={() =>
                        action.mutate({
                          action: rental.overlocked ? 'pti.rentals.unlock' : 'pti.rentals.overlock',
                          unit: rental.unit,
                        })
                      }
                    >
                      {rental.overlocked ? 'Unlock' : 'Overlock'}
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        action.mutate({ action: 'pti.rentals.regenerateCode', unit: rental.unit })
                      }
                    >
                      New code
                    </button>
                    {rental.newCode ? (
                      <button type="button" onClick={() => reveal.mutate(rental.unit)}>
                        Show code
                      </button>
                    ) : null}
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(`Move the tenant out of ${rental.unit}?`))
                          action.mutate({ action: 'pti.rentals.moveOut', unit: rental.unit });
                      }}
                    >
                      Move out
                    </button>
                  </>
                )}
                <button
                  type="button"
                  onClick={() => action.mutate({ action: 'pti.rentals.resync', unit: rental.unit })}
                >
                  Resync
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <KeypadTester siteCode={siteCode} units={rentals.data.map((rental) => rental.unit)} />
    </div>
  );
}

function RentalState({ rental }: { rental: PtiRental }) {
  if (rental.problem)
    return (
      <span className="mapping__state--failed" title={`PTI ${rental.problem.code}`}>
        Refused: {rental.problem.message}
      </span>
    );
  if (rental.state === 'queued' || rental.queued > 0)
    return <span className="mapping__state--pending">Queued ({rental.queued})</span>;
  return <span>Applied</span>;
}

function MoveInForm({ siteCode }: { siteCode: string }) {
  const moveIn = useMoveIn(siteCode);
  const [units, setUnits] = useState('');
  const [name, setName] = useState('');
  const names = units
    .split(/[,;\s]+/)
    .map((unit) => unit.trim())
    .filter(Boolean);
  const problem = names.map(unitNameProblem).find((found) => found !== null) ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (names.length === 0 || problem) return;
    moveIn.mutate(
      { units: names, ...(name.trim() ? { customerName: name.trim() } : {}) },
      {
        onSuccess: () => {
          setUnits('');
          setName('');
        },
      },
    );
  };
  return (
    <form className="rentals__form" onSubmit={submit} aria-label="Move in">
      <label>
        Units (PTI names, comma separated){' '}
        <input value={units} onChange={(event) => setUnits(event.target.value)} />
      </label>
      <label>
        Customer name <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit" disabled={names.length === 0 || problem !== null || moveIn.isPending}>
        Move in
      </button>
      {problem ? <span className="sites__error">{problem}</span> : null}
      {moveIn.isError ? (
        <span role="alert" className="sites__error">
          {errorMessage(moveIn.error)}
        </span>
      ) : null}
    </form>
  );
}
