import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { datasetSizes, type DatasetSize } from './dataset.js';
import {
  markdownTable,
  plainTable,
  readResults,
  summaryLines,
  tableRows,
  writeResults,
  type ResultsFile,
} from './report.js';
import type { BenchReport, BenchSection } from './runner.js';
import { benchSections, runBenchmarks } from './runner.js';

/**
 * `npm run bench [-- --size small|bar|huge] [--markdown] [--report]`: runs every benchmark at
 * one size, prints the table and keeps the run in bench/results.json (`--report` prints the kept
 * run of that size again instead, with growth from bar to huge when both are kept). Started by
 * bench/run.mjs, which builds what is needed first; the working directory is the repository root.
 */
const usage = `usage: npm run bench -- [--size small|bar|huge] [--sections ${benchSections.join(',')}] [--markdown] [--report]`;

interface Options {
  size: DatasetSize;
  markdown: boolean;
  report: boolean;
  sections?: BenchSection[];
}

function parseArgs(argv: string[]): Options {
  let size: DatasetSize = 'bar';
  let sections: BenchSection[] | undefined;
  let markdown = false;
  let report = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--markdown') markdown = true;
    else if (arg === '--report') report = true;
    else if (arg === '--size' || arg.startsWith('--size=')) {
      const value = arg.includes('=') ? arg.slice('--size='.length) : argv[++i];
      if (!datasetSizes.includes(value as DatasetSize))
        throw new Error(
          `--size must be one of ${datasetSizes.join(', ')}, not "${value ?? ''}"\n${usage}`,
        );
      size = value as DatasetSize;
    } else if (arg === '--sections' || arg.startsWith('--sections=')) {
      const value = arg.includes('=') ? arg.slice('--sections='.length) : (argv[++i] ?? '');
      const names = value.split(',').filter((name) => name !== '');
      const unknown = names.filter((name) => !benchSections.includes(name as BenchSection));
      if (names.length === 0 || unknown.length > 0)
        throw new Error(
          `--sections takes a comma-separated list of ${benchSections.join(', ')}; not "${unknown.join(',') || value}"\n${usage}`,
        );
      sections = names as BenchSection[];
    } else throw new Error(`unknown option "${arg}"\n${usage}`);
  }
  return { size, markdown, report, ...(sections ? { sections } : {}) };
}

function print(report: BenchReport, results: ResultsFile, markdown: boolean): void {
  const rows = tableRows(report, results);
  console.log('');
  for (const line of summaryLines(report)) console.log(line);
  console.log('');
  console.log(plainTable(rows));
  if (markdown) console.log(`\n${markdownTable(rows)}`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { size, markdown } = options;
  const root = process.cwd();
  const resultsFile = join(root, 'bench', 'results.json');
  if (options.report) {
    const results = readResults(resultsFile);
    const kept = results.runs[size];
    if (!kept)
      throw new Error(
        `bench/results.json keeps no ${size} run yet: run npm run bench -- --size ${size}`,
      );
    print(kept, results, markdown);
    return;
  }
  const worker = join(root, 'out', 'main', 'store-worker.js');
  if (!existsSync(worker)) throw new Error(`${worker} is missing: run "npm run build" first.`);
  const started = Date.now();
  const stamp = () => `[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
  const [load] = loadavg();
  if (load! > cpus().length)
    console.log(
      `The machine is busy (load average ${load!.toFixed(1)} on ${cpus().length} cores): timings will come out slower than on an idle machine.`,
    );
  const report = await runBenchmarks({
    size,
    root,
    workerUrl: pathToFileURL(worker),
    ...(options.sections ? { sections: options.sections } : {}),
    log: (line) => console.log(`${stamp()} ${line}`),
  });
  const results = writeResults(resultsFile, report);
  print(report, results, markdown);
  console.log('\nWritten to bench/results.json.');
  if (report.failures.length > 0) {
    console.log('\nNot measured:');
    for (const f of report.failures) console.log(`  ${f.section}: ${f.message}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
