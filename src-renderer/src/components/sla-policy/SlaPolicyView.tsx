import { useState, type FormEvent } from 'react';
import { DEFAULT_SLA_POLICY } from '../../../../src-shared/sla/index';
import { errorMessage } from '../../api/client';
import { useViewer } from '../../hooks/use-viewer';
import { useSetSlaPolicy, useSlaPolicy } from '../callbacks/callback-queries';
import { StateMessage } from '../common/StateMessage';
import {
  formOfPolicy,
  kindLabels,
  policyClocks,
  policyOfForm,
  policyRows,
  type FormProblem,
  type PolicyClock,
  type PolicyForm,
  type PolicyRowKey,
  type TargetKind,
} from './policy-form';
import './sla-policy.css';

const clockTitles: Record<PolicyClock, string> = {
  firstResponse: 'First response within',
  resolution: 'Resolved within',
};

/**
 * The admin's SLA policy: targets per support tier and per priority, for first response and for
 * resolution. A ticket is due at the earlier of its tier's and its priority's target. Saved on
 * the server (online), it reaches every client with the business calendar; others see it read-only.
 */
export function SlaPolicyView() {
  const policy = useSlaPolicy();
  const viewer = useViewer();
  // Held above the editor, which starts afresh from each saved policy: "Saved." outlives that.
  const save = useSetSlaPolicy();
  if (policy.isError)
    return (
      <section className="sla-policy" aria-label="SLA policy">
        <StateMessage title="The SLA policy could not be read" tone="error">
          {errorMessage(policy.error)}
        </StateMessage>
      </section>
    );
  if (!policy.data)
    return <section className="sla-policy" aria-label="SLA policy" aria-busy="true" />;
  return (
    <PolicyEditor
      key={JSON.stringify(policy.data)}
      initial={formOfPolicy(policy.data)}
      editable={viewer.user?.role === 'admin'}
      save={save}
    />
  );
}

function PolicyEditor({
  initial,
  editable,
  save,
}: {
  initial: PolicyForm;
  editable: boolean;
  save: ReturnType<typeof useSetSlaPolicy>;
}) {
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;

  const setCell = (
    clock: PolicyClock,
    key: PolicyRowKey,
    patch: Partial<PolicyForm['cells'][PolicyClock][PolicyRowKey]>,
  ) =>
    setForm((f) => ({
      ...f,
      cells: {
        ...f.cells,
        [clock]: { ...f.cells[clock], [key]: { ...f.cells[clock][key], ...patch } },
      },
    }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = policyOfForm(form);
    if (!result.ok) return setProblems(result.problems);
    setProblems([]);
    save.mutate(result.policy);
  };

  return (
    <section
      className="sla-policy"
      aria-labelledby="sla-policy-title"
      data-testid="sla-policy-view"
    >
      <header className="view-header">
        <h1 id="sla-policy-title" className="view-title">
          SLA policy
        </h1>
        <p className="view-subtitle">
          A ticket is due at the earlier of its tier&rsquo;s target and its priority&rsquo;s.
          Business hours and days count on the business calendar.
          {editable ? '' : ' Only an admin can change these targets.'}
        </p>
      </header>
      <form onSubmit={submit} aria-label="SLA targets">
        <table className="sla-policy__table">
          <thead>
            <tr>
              <th scope="col">Applies to</th>
              {policyClocks.map((clock) => (
                <th key={clock} scope="col">
                  {clockTitles[clock]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {policyRows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {policyClocks.map((clock) => {
                  const cell = form.cells[clock][row.key];
                  const field = `${clock}.${row.key}`;
                  const problem = problemOf(field);
                  const id = `sla-${clock}-${row.key}`;
                  return (
                    <td key={clock}>
                      <div className="sla-policy__cell">
                        <select
                          aria-label={`${row.label}: ${clockTitles[clock].toLowerCase()}, kind of target`}
                          value={cell.kind}
                          disabled={!editable}
                          onChange={(e) =>
                            setCell(clock, row.key, { kind: e.target.value as TargetKind })
                          }
                        >
                          {(Object.keys(kindLabels) as TargetKind[]).map((k) => (
                            <option key={k} value={k}>
                              {kindLabels[k]}
                            </option>
                          ))}
                        </select>
                        {cell.kind !== 'none' ? (
                          <input
                            id={id}
                            inputMode="decimal"
                            className="sla-policy__amount"
                            aria-label={`${row.label}: ${clockTitles[clock].toLowerCase()}, ${cell.kind === 'business_days' ? 'days' : 'hours'}`}
                            aria-invalid={problem ? 'true' : undefined}
                            aria-describedby={problem ? `${id}-error` : undefined}
                            value={cell.amount}
                            disabled={!editable}
                            onChange={(e) => setCell(clock, row.key, { amount: e.target.value })}
                          />
                        ) : null}
                      </div>
                      {problem ? (
                        <p id={`${id}-error`} className="form-field__error">
                          {problem}
                        </p>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-field sla-policy__risk">
          <label htmlFor="sla-at-risk">
            At risk when less than this share of a target is left (%)
          </label>
          <input
            id="sla-at-risk"
            inputMode="decimal"
            value={form.atRiskPercent}
            disabled={!editable}
            aria-invalid={problemOf('atRiskPercent') ? 'true' : undefined}
            onChange={(e) => setForm((f) => ({ ...f, atRiskPercent: e.target.value }))}
          />
          {problemOf('atRiskPercent') ? (
            <p className="form-field__error">{problemOf('atRiskPercent')}</p>
          ) : null}
        </div>
        {save.isError ? (
          <p role="alert" className="inline-alert">
            {errorMessage(save.error)}
          </p>
        ) : save.isSuccess ? (
          <p role="status" className="form-hint">
            Saved. Every client counts with the new targets after its next sync.
          </p>
        ) : null}
        {editable ? (
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              Save the policy
            </button>
            <button
              type="button"
              className="button"
              onClick={() => setForm(formOfPolicy(DEFAULT_SLA_POLICY))}
            >
              Back to the defaults
            </button>
          </div>
        ) : null}
      </form>
    </section>
  );
}
