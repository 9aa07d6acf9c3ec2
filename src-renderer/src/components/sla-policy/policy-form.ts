import type { SlaPolicy, SlaTarget, SlaTargets } from '../../../../src-shared/sla/index';

/**
 * The SLA policy as the admin screen edits it: one row per tier and priority, one cell per clock,
 * each a kind of target and an amount typed as text. Pure, so the round trip is unit-tested; the
 * shared SlaPolicy schema has the last word on what is valid.
 */

export type TargetKind = 'none' | SlaTarget['clock'];

export interface TargetCell {
  kind: TargetKind;
  amount: string;
}

export type TargetSide = 'tiers' | 'priorities';
export const policyRows = [
  { side: 'tiers', key: 'free', label: 'Free support' },
  { side: 'tiers', key: 'preferred', label: 'Preferred support' },
  { side: 'priorities', key: 'critical', label: 'Critical priority' },
  { side: 'priorities', key: 'high', label: 'High priority' },
  { side: 'priorities', key: 'normal', label: 'Normal priority' },
  { side: 'priorities', key: 'low', label: 'Low priority' },
] as const;
export type PolicyRowKey = (typeof policyRows)[number]['key'];
export const policyClocks = ['firstResponse', 'resolution'] as const;
export type PolicyClock = (typeof policyClocks)[number];

export interface PolicyForm {
  cells: Record<PolicyClock, Record<PolicyRowKey, TargetCell>>;
  /** Percent of a target left below which a ticket is at risk. */
  atRiskPercent: string;
}

export const kindLabels: Record<TargetKind, string> = {
  none: 'No target',
  around_the_clock: 'Hours, around the clock',
  business_hours: 'Business hours',
  business_days: 'Business days',
};

function cellOf(target: SlaTarget | null): TargetCell {
  if (!target) return { kind: 'none', amount: '' };
  return {
    kind: target.clock,
    amount: String(target.clock === 'business_days' ? target.days : target.hours),
  };
}

function targetsOf(targets: SlaTargets): Record<PolicyRowKey, TargetCell> {
  const row = {} as Record<PolicyRowKey, TargetCell>;
  for (const r of policyRows)
    row[r.key] = cellOf((targets[r.side] as Record<string, SlaTarget | null>)[r.key] ?? null);
  return row;
}

export function formOfPolicy(policy: SlaPolicy): PolicyForm {
  return {
    cells: {
      firstResponse: targetsOf(policy.firstResponse),
      resolution: targetsOf(policy.resolution),
    },
    atRiskPercent: String(Math.round(policy.atRiskFraction * 1000) / 10),
  };
}

export interface FormProblem {
  /** e.g. "resolution.high" or "atRiskPercent" */
  field: string;
  message: string;
}

function targetOf(cell: TargetCell, field: string, problems: FormProblem[]): SlaTarget | null {
  if (cell.kind === 'none') return null;
  const amount = Number(cell.amount.trim().replace(',', '.'));
  if (cell.amount.trim() === '' || !Number.isFinite(amount) || amount <= 0) {
    problems.push({ field, message: 'give a number more than 0, or choose "No target"' });
    return null;
  }
  if (cell.kind === 'business_days') {
    if (!Number.isInteger(amount)) {
      problems.push({ field, message: 'business days are whole days' });
      return null;
    }
    return { clock: 'business_days', days: amount };
  }
  return { clock: cell.kind, hours: amount };
}

/** The policy the form describes, or what to fix, field by field. */
export function policyOfForm(
  form: PolicyForm,
): { ok: true; policy: SlaPolicy } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const side = (clock: PolicyClock): SlaTargets => {
    const t = (key: PolicyRowKey) => targetOf(form.cells[clock][key], `${clock}.${key}`, problems);
    return {
      tiers: { free: t('free'), preferred: t('preferred') },
      priorities: { low: t('low'), normal: t('normal'), high: t('high'), critical: t('critical') },
    };
  };
  const firstResponse = side('firstResponse');
  const resolution = side('resolution');
  const percent = Number(form.atRiskPercent.trim().replace(',', '.'));
  if (!Number.isFinite(percent) || percent <= 0 || percent >= 100)
    problems.push({ field: 'atRiskPercent', message: 'give a percentage between 0 and 100' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy: { firstResponse, resolution, atRiskFraction: percent / 100 } };
}
