import type { Summary } from './stats.js';

/** A quality bar of DESIGN.md ("Quality bars"), as the figure it is checked against. */
export interface Target {
  op: '>=' | '<=';
  value: number;
  /** As DESIGN.md words it. */
  text: string;
}

export const targets = {
  bootstrap: { op: '>=', value: 50_000, text: '≥ 50k rows/s' },
  eventLoopLag: { op: '<=', value: 20, text: '≤ 20 ms p99' },
  queuePage: { op: '<=', value: 8, text: '≤ 8 ms p95' },
  search: { op: '<=', value: 25, text: '≤ 25 ms p95' },
  openTicket: { op: '<=', value: 5, text: '≤ 5 ms' },
  write: { op: '<=', value: 5, text: '≤ 5 ms p99' },
  visible: { op: '<=', value: 1000, text: '≤ 1 s p95' },
  /** 5,000 mutations in 30 s; smaller runs drain fewer and are held to the same rate. */
  drainRate: { op: '>=', value: 5000 / 30, text: '5k ≤ 30 s' },
} satisfies Record<string, Target>;

export interface Baseline {
  /** What the figure is compared with, e.g. "raw batched insert". */
  label: string;
  /** The baseline's own measurement. */
  value: number;
  unit: string;
  /**
   * How the figure relates to the baseline, so that bigger is better for us: a speed-up
   * (baseline time ÷ our time) or a share (our rate ÷ the baseline's rate). Below 1, the
   * baseline did better.
   */
  ratio: number;
  /** Follows "N×" in the table: "speed-up over LIKE", "of the raw insert rate". */
  ratioMeaning: string;
}

export interface Figure {
  id: string;
  group: 'client' | 'server';
  label: string;
  unit: string;
  /** Which statistic `value` is: p95, p99, rate, total… */
  stat: string;
  /** Null when the figure could not be measured; `unavailable` then says why. */
  value: number | null;
  unavailable?: string;
  summary?: Summary;
  target: Target | null;
  pass: boolean | null;
  baseline: Baseline | null;
  notes?: string;
}

export function figure(
  fields: Omit<Figure, 'pass' | 'baseline' | 'target'> & {
    target?: Target | null;
    baseline?: Baseline | null;
    /** Scales the target for runs smaller than the bar (the drain). */
    compareValue?: number;
  },
): Figure {
  const { compareValue, ...rest } = fields;
  const target = fields.target ?? null;
  const compared = compareValue ?? fields.value;
  const pass =
    target === null || compared === null || !Number.isFinite(compared)
      ? null
      : target.op === '>='
        ? compared >= target.value
        : compared <= target.value;
  return { ...rest, target, baseline: fields.baseline ?? null, pass };
}

export function unavailable(
  fields: Pick<Figure, 'id' | 'group' | 'label' | 'unit' | 'stat'> & { target?: Target | null },
  reason: string,
): Figure {
  return {
    ...fields,
    value: null,
    unavailable: reason,
    target: fields.target ?? null,
    pass: null,
    baseline: null,
  };
}
