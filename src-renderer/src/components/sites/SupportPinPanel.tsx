import { useState, type FormEvent } from 'react';
import type { SupportPinIssued } from '../../../../src-shared/domain/units';
import { errorMessage } from '../../api/client';
import {
  useClearSupportPin,
  useIssueSupportPin,
  useRedeemSupportPin,
  useSupportPinStatus,
} from '../../api/site-queries';
import { useNow } from '../../hooks/use-now';
import { useViewer } from '../../hooks/use-viewer';
import { countdown } from './pin-countdown';

/** Site managers and admins issue and clear the PIN; technicians and installers redeem it. */
export function SupportPinPanel({ siteId }: { siteId: string }) {
  const { user } = useViewer();
  const manages = user?.role === 'site_manager' || user?.role === 'admin';
  return (
    <div className="pin" data-testid="support-pin">
      {manages ? <PinManager siteId={siteId} /> : <PinRedeemForm siteId={siteId} />}
    </div>
  );
}

function PinManager({ siteId }: { siteId: string }) {
  const status = useSupportPinStatus(siteId, true);
  const issue = useIssueSupportPin(siteId);
  const clear = useClearSupportPin(siteId);
  const [issued, setIssued] = useState<SupportPinIssued | null>(null);
  const [ttl, setTtl] = useState(30);
  const [copied, setCopied] = useState(false);
  const now = useNow();
  const active = status.data?.active ?? null;

  return (
    <section aria-label="Support PIN">
      <p className="sites__note">
        A support PIN lets a technician open this site&apos;s PTI configuration once. It works a
        single time and stops working when it expires or you clear it.
      </p>
      <div className="pin__actions">
        <label>
          Works for{' '}
          <select value={ttl} onChange={(event) => setTtl(Number(event.target.value))}>
            {[15, 30, 60, 240, 1440].map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes < 60 ? `${minutes} minutes` : `${minutes / 60} hours`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={issue.isPending}
          onClick={() =>
            issue.mutate(ttl, {
              onSuccess: (result) => {
                setIssued(result);
                setCopied(false);
              },
            })
          }
        >
          {active ? 'Renew PIN' : 'Issue PIN'}
        </button>
        <button
          type="button"
          disabled={clear.isPending || (!active && !issued)}
          onClick={() => clear.mutate(undefined, { onSuccess: () => setIssued(null) })}
        >
          Clear PIN
        </button>
      </div>
      {issue.isError || clear.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(issue.error ?? clear.error)}
        </p>
      ) : null}
      {issued ? (
        <div className="pin__issued" data-testid="issued-pin">
          <p>Give this PIN to the technician. It is shown only now.</p>
          <output className="pin__digits">{issued.pin}</output>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard
                ?.writeText(issued.pin)
                .then(() => setCopied(true))
                .catch(() => setCopied(false));
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" onClick={() => setIssued(null)}>
            Hide
          </button>
        </div>
      ) : null}
      {status.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(status.error)}
        </p>
      ) : null}
      {active ? (
        <p data-testid="pin-expiry">
          A PIN works now; it expires in {countdown(Date.parse(active.expiresAt) - now)}
          {active.wrongAttempts > 0 ? ` (${active.wrongAttempts} wrong tries so far)` : ''}.
        </p>
      ) : status.isSuccess ? (
        <p>
          No PIN works now
          {status.data.lockedAt ? ' (the last one was locked after too many wrong tries)' : ''}.
        </p>
      ) : null}
      {status.data && status.data.events.length > 0 ? (
        <section aria-label="Audit history">
          <h3>Audit history</h3>
          <ul className="pin__audit">
            {status.data.events.map((event) => (
              <li key={event.id}>
                <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time> —{' '}
                {event.detail}
                {event.actorName ? ` (${event.actorName})` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

function PinRedeemForm({ siteId }: { siteId: string }) {
  const redeem = useRedeemSupportPin(siteId);
  const [pin, setPin] = useState('');
  const problem = pin === '' || /^\d{6}$/.test(pin) ? null : 'A support PIN is 6 digits.';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || pin === '') return;
    redeem.mutate(pin, { onSuccess: () => setPin('') });
  };
  return (
    <form onSubmit={submit} aria-label="Enter a support PIN">
      <p className="sites__note">
        Enter the PIN the site manager gave you to receive this site&apos;s PTI configuration.
      </p>
      <label>
        Support PIN{' '}
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          value={pin}
          maxLength={6}
          aria-invalid={problem !== null}
          onChange={(event) => setPin(event.target.value.trim())}
        />
      </label>
      <button type="submit" disabled={redeem.isPending || pin === '' || problem !== null}>
        Open configuration
      </button>
      {problem ? <p className="sites__error">{problem}</p> : null}
      {redeem.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(redeem.error)}
        </p>
      ) : null}
      {redeem.data ? (
        <p role="status">
          The PTI configuration of {redeem.data.siteName} ({redeem.data.siteCode}) was received
          {redeem.data.storedAs === 'pti_site'
            ? ' and saved as its PTI connection.'
            : '; it is kept sealed until the gateway address is entered in its PTI settings.'}
        </p>
      ) : null}
    </form>
  );
}
