import { useState, type FormEvent } from 'react';
import type { PtiSite } from '../../../../src-shared/domain/pti-client';
import { errorMessage } from '../../api/client';
import {
  usePtiSites,
  usePtiSyncNow,
  useSavePtiSite,
  useTestPtiConnection,
} from '../../api/site-queries';

const statusWords: Record<PtiSite['status'], string> = {
  unknown: 'Not contacted yet',
  online: 'Online',
  offline: 'Offline',
  unauthorized: 'Site key or password refused',
  error: 'Error',
};

/**
 * A site's PTI connection: what PTI gave the installer, stored in this profile. The site key and
 * password are write-only: the screen only ever learns whether they are set.
 */
export function PtiConnectionPanel({ siteCode }: { siteCode: string }) {
  const sites = usePtiSites();
  if (sites.isPending) return <p className="sites__note">Loading the PTI connection…</p>;
  if (sites.isError)
    return (
      <p role="alert" className="sites__error">
        {errorMessage(sites.error)}
      </p>
    );
  const site = sites.data.find((candidate) => candidate.siteCode === siteCode) ?? null;
  return (
    <div className="pti-connection" data-testid="pti-connection">
      {site ? <ConnectionState site={site} /> : null}
      <ConnectionForm key={site?.updatedAt ?? 'new'} siteCode={siteCode} site={site} />
    </div>
  );
}

function ConnectionState({ site }: { site: PtiSite }) {
  const test = useTestPtiConnection(site.siteCode);
  const syncNow = usePtiSyncNow(site.siteCode);
  return (
    <section className="pti-connection__state" aria-label="Gateway state">
      <dl className="sites__facts">
        <dt>Gateway</dt>
        <dd data-testid="pti-status" data-status={site.status}>
          {statusWords[site.status]}
        </dd>
        <dt>Last contact</dt>
        <dd data-testid="pti-last-contact">
          {site.lastContactAt ? new Date(site.lastContactAt).toLocaleString() : 'never'}
        </dd>
        <dt>Queued</dt>
        <dd>{site.queued}</dd>
      </dl>
      {site.lastError ? <p className="sites__error">{site.lastError}</p> : null}
      <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
        {test.isPending ? 'Testing…' : 'Test connection'}
      </button>
      <button type="button" onClick={() => syncNow.mutate()} disabled={syncNow.isPending}>
        Sync now
      </button>
      {test.data ? (
        <p
          role="status"
          data-testid="pti-test-result"
          className={test.data.ok ? undefined : 'sites__error'}
        >
          {test.data.message}
        </p>
      ) : null}
      {test.isError || syncNow.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(test.error ?? syncNow.error)}
        </p>
      ) : null}
    </section>
  );
}

/** A number field's text as the call wants it: '' clears, digits are a number, else a problem. */
/** A write-only secret: never shown back, only whether one is set; typing replaces it. */
function SecretField(props: {
  label: string;
  value: string;
  isSet: boolean | undefined;
  autoComplete: string;
  testId: string;
  onChange(value: string): void;
}) {
  return (
    <label>
      {props.label}{' '}
      <input
        type="password"
        value={props.value}
        autoComplete={props.autoComplete}
        placeholder={props.isSet ? '•••• (set)' : ''}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span className="pti-connection__hint" data-testid={props.testId}>
        {props.isSet ? 'Set. Type a new one to replace it.' : 'Not set.'}
      </span>
    </label>
  );
}

function numberOrNull(text: string, what: string): { value: number | null } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  if (!/^\d+$/.test(trimmed)) return { problem: `${what} is a whole number, e.g. 1.` };
  return { value: Number(trimmed) };
}

function ConnectionForm({ siteCode, site }: { siteCode: string; site: PtiSite | null }) {
  const save = useSavePtiSite();
  const [gatewayUrl, setGatewayUrl] = useState(site?.gatewayUrl ?? '');
  const [username, setUsername] = useState(site?.username ?? '');
  const [siteKey, setSiteKey] = useState('');
  const [password, setPassword] = useState('');
  const initialLevel = site?.defaults.accessLevel?.toString() ?? '';
  const initialZone = site?.defaults.zone?.toString() ?? '';
  const [level, setLevel] = useState(initialLevel);
  const [zone, setZone] = useState(initialZone);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedLevel = numberOrNull(level, 'The default access level');
    const parsedZone = numberOrNull(zone, 'The default zone');
    if ('problem' in parsedLevel) return setProblem(parsedLevel.problem);
    if ('problem' in parsedZone) return setProblem(parsedZone.problem);
    if (!site && (!siteKey || !password))
      return setProblem('A new site needs its site key and password, as PTI gave them.');
    setProblem(null);
    save.mutate(
      {
        siteCode,
        gatewayUrl: gatewayUrl.trim(),
        username: username.trim(),
        // Empty secret fields keep what is stored; they are never filled from it.
        ...(siteKey ? { siteKey } : {}),
        ...(password ? { password } : {}),
        ...(level !== initialLevel ? { defaultAccessLevel: parsedLevel.value } : {}),
        ...(zone !== initialZone ? { defaultZone: parsedZone.value } : {}),
      },
      {
        onSuccess: () => {
          setSiteKey('');
          setPassword('');
        },
      },
    );
  };

  return (
    <form className="pti-connection__form" onSubmit={submit} aria-label="PTI connection">
      <h3>PTI connection of {siteCode}</h3>
      {site ? null : (
        <p className="sites__note" data-testid="pti-not-set-up">
          This site is not set up for PTI in this profile. Enter what PTI gave you.
        </p>
      )}
      <label>
        Site code <input value={siteCode} readOnly aria-readonly="true" />
      </label>
      <label>
        Gateway address{' '}
        <input
          value={gatewayUrl}
          placeholder="http://10.0.0.5:4100"
          onChange={(event) => setGatewayUrl(event.target.value)}
        />
      </label>
      <label>
        Username{' '}
        <input
          value={username}
          autoComplete="off"
          onChange={(event) => setUsername(event.target.value)}
        />
      </label>
      <SecretField
        label="Site key"
        value={siteKey}
        isSet={site?.hasSiteKey}
        autoComplete="off"
        testId="site-key-state"
        onChange={setSiteKey}
      />
      <SecretField
        label="Password"
        value={password}
        isSet={site?.hasPassword}
        autoComplete="new-password"
        testId="password-state"
        onChange={setPassword}
      />
      <label>
        Default access level{' '}
        <input
          inputMode="numeric"
          size={4}
          value={level}
          placeholder="none"
          onChange={(event) => setLevel(event.target.value)}
        />
      </label>
      <label>
        Default zone{' '}
        <input
          inputMode="numeric"
          size={4}
          value={zone}
          placeholder="none"
          onChange={(event) => setZone(event.target.value)}
        />
      </label>
      <button type="submit" disabled={save.isPending}>
        {site ? 'Save changes' : 'Set up PTI'}
      </button>
      {problem ? (
        <p role="alert" className="sites__error">
          {problem}
        </p>
      ) : null}
      {save.isError ? (
        <p role="alert" className="sites__error">
          {errorMessage(save.error)}
        </p>
      ) : null}
      {save.isSuccess ? <p role="status">Saved.</p> : null}
    </form>
  );
}
