import { useState, type FormEvent } from 'react';
import type { PtiGateEvent } from '../../../../src-shared/domain/pti-keypad-calls';
import { accessCodeProblem } from '../../../../src-shared/pti/access-code';
import { errorMessage } from '../../api/client';
import { useGateEvents, useResyncSite, useTryAtGateway } from '../../api/keypad-queries';
import { useKeypadCheck } from '../../api/site-queries';
import './keypad-tester.css';

/**
 * What a keypad answers to a unit's tenant (or a code typed in) at a time, and why: Gatedesk's
 * prediction from its copy of the site, and on request the gateway's own answer next to it, with
 * the site's gate event log below. A disagreement means Gatedesk's copy is out of date.
 */
export function KeypadTester({ siteCode, units }: { siteCode: string; units: readonly string[] }) {
  const check = useKeypadCheck(siteCode);
  const gateway = useTryAtGateway(siteCode);
  const resync = useResyncSite(siteCode);
  const [unit, setUnit] = useState(units[0] ?? '');
  const [keypad, setKeypad] = useState('1');
  const [at, setAt] = useState('');
  // A code typed in is tried instead of the unit's tenant (e.g. a code nobody has).
  const [code, setCode] = useState('');
  const typed = code.trim();
  const codeProblem = typed ? accessCodeProblem(typed) : null;
  const ready = (typed ? codeProblem === null : Boolean(unit)) && /^\d+$/.test(keypad);

  const input = () => ({
    ...(typed ? { code: typed } : { unit }),
    keypadId: Number(keypad),
    // One instant for both questions, so "now" means the same moment to each.
    at: at ? new Date(at).toISOString() : new Date().toISOString(),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    gateway.reset();
    check.mutate(input());
  };
  const tryAtGateway = () => {
    const asked = input();
    check.mutate(asked);
    gateway.mutate(asked);
  };

  const answered = gateway.data?.ok ? gateway.data : null;
  const disagree = Boolean(check.data && answered && check.data.answer !== answered.answer);

  return (
    <section className="keypad-tester">
      <form className="rentals__form" onSubmit={submit} aria-label="Keypad access tester">
        <h3>Keypad access tester</h3>
        <label>
          Unit{' '}
          <select value={unit} onChange={(event) => setUnit(event.target.value)}>
            {units.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Or a code{' '}
          <input
            inputMode="numeric"
            autoComplete="off"
            value={code}
            size={10}
            placeholder="instead of the tenant"
            onChange={(event) => setCode(event.target.value)}
          />
        </label>
        <label>
          Keypad{' '}
          <input
            inputMode="numeric"
            value={keypad}
            size={4}
            onChange={(event) => setKeypad(event.target.value)}
          />
        </label>
        <label>
          At (empty: now){' '}
          <input type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} />
        </label>
        <button type="submit" disabled={!ready || check.isPending}>
          Check
        </button>
        <button
          type="button"
          disabled={!ready || gateway.isPending}
          onClick={tryAtGateway}
          title="Types the tenant’s code at the keypad through the site’s gateway; the entry is logged there"
        >
          Try at the gateway
        </button>
      </form>
      {codeProblem ? <p className="sites__error">{codeProblem}</p> : null}
      {check.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(check.error)}
        </p>
      ) : null}
      <div className="keypad-tester__answers">
        {check.data ? (
          <p role="status" className="keypad-tester__answer">
            <span className="keypad-tester__source">Gatedesk predicts</span>{' '}
            <span data-testid="keypad-answer">
              <strong>{check.data.answer}</strong> at {check.data.localTime}:{' '}
              {check.data.reasonText}
              {check.data.pending
                ? ' Operations are still queued, so the gateway may answer otherwise.'
                : ''}
            </span>
          </p>
        ) : null}
        {gateway.isPending ? <p className="sites__note">Asking the gateway…</p> : null}
        {gateway.isError ? (
          <p role="alert" className="sites__error" data-testid="gateway-answer">
            {errorMessage(gateway.error)}
          </p>
        ) : null}
        {gateway.data && !gateway.data.ok ? (
          <p role="alert" className="sites__error" data-testid="gateway-answer">
            {gateway.data.message} Gatedesk’s prediction still stands.
          </p>
        ) : null}
        {answered ? (
          <p role="status" className="keypad-tester__answer">
            <span className="keypad-tester__source">The gateway answered</span>{' '}
            <span data-testid="gateway-answer">
              <strong>{answered.answer}</strong> at {answered.localTime}: {answered.reasonText}
            </span>
          </p>
        ) : null}
      </div>
      {disagree ? (
        <p role="alert" className="keypad-tester__disagree" data-testid="keypad-disagreement">
          Gatedesk and the gateway disagree: Gatedesk’s copy of the site is out of date, or the site
          was changed outside Gatedesk. Resync the site to push Gatedesk’s rentals to it, then test
          again.{' '}
          <button type="button" disabled={resync.isPending} onClick={() => resync.mutate()}>
            Resync the site
          </button>
          {resync.isSuccess ? ' Resync queued.' : ''}
          {resync.isError ? ` ${errorMessage(resync.error)}` : ''}
        </p>
      ) : null}
      <GateEventLog siteCode={siteCode} />
    </section>
  );
}

/** The site's time as a person there reads it; the gateway's weekday and time if no zone is known. */
function siteTime(event: PtiGateEvent, timeZone: string | null): string {
  if (!timeZone) return event.localTime;
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(event.at));
  } catch {
    return event.localTime;
  }
}

function GateEventLog({ siteCode }: { siteCode: string }) {
  const log = useGateEvents(siteCode);
  return (
    <section className="keypad-tester__log" aria-label="Gate event log">
      <h3>
        Gate event log{' '}
        <button type="button" disabled={log.isFetching} onClick={() => void log.refetch()}>
          Refresh
        </button>
      </h3>
      {log.isPending ? <p className="sites__note">Reading the gateway’s log…</p> : null}
      {log.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(log.error)}
        </p>
      ) : null}
      {log.data && !log.data.ok ? (
        <p role="alert" className="sites__error" data-testid="gate-log-unavailable">
          {log.data.message}
        </p>
      ) : null}
      {log.data?.ok && log.data.events.length === 0 ? (
        <p className="sites__note">No keypad entries at this site yet.</p>
      ) : null}
      {log.data?.ok && log.data.events.length > 0 ? (
        <table className="rentals__table">
          <thead>
            <tr>
              <th>Time (site)</th>
              <th>Keypad</th>
              <th>Unit / tenant</th>
              <th>Code</th>
              <th>Answer</th>
            </tr>
          </thead>
          <tbody>
            {log.data.events.map((event) => (
              <tr key={event.seq} data-testid="gate-event" data-seq={event.seq}>
                <td>{siteTime(event, log.data.timeZone)}</td>
                <td>
                  {event.keypadName ? `${event.keypadName} (${event.keypadId})` : event.keypadId}
                </td>
                <td>
                  {event.units.length ? event.units.join(', ') : '—'}
                  {event.customerName ? ` · ${event.customerName}` : ''}
                </td>
                <td className="keypad-tester__code">{event.codeHint}</td>
                <td title={event.reasonText}>{event.answer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
