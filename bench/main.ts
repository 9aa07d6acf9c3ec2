import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { datasetSizes, type DatasetSize } from './dataset.js';
import { markdownTable, plainTable, summaryLines, tableRows, writeResults } from './report.js';
import { runBenchmarks } from './runner.js';

/**
 * `npm run bench [-- --size small|bar|huge] [--markdown]`: runs every benchmark at one size,
 * prints the table and keeps the run in bench/results.json. Started by bench/run.mjs, which
 * builds what is needed first; the working directory is the repository root.
 */
const usage = 'usage: npm run bench -- [--size small|bar|huge] [--markdown]';

function parseArgs(argv: string[]): { size: DatasetSize; markdown: boolean } {
  let size: DatasetSize = 'bar';
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--markdown') markdown = true;
    else if (arg === '--size' || arg.startsWith('--size=')) {
      const value = arg.includes('=') ? arg.slice('--size='.length) : argv[++i];
      if (!datasetSizes.includes(value as DatasetSize))
        throw new Error(
          `--size must be one of ${datasetSizes.join(', ')}, not "${value ?? ''}"\n${usage}`,
        );
      size = value as DatasetSize;
    } else throw new Error(`unknown option "${arg}"\n${usage}`);
  }
  return { size, markdown };
}

async function main(): Promise<void> {
  const { size, markdown } = parseArgs(process.argv.slice(2));
  const root = process.cwd();
  const worker = join(root, 'out', 'main', 'store-worker.js');
  if (!existsSync(worker)) throw new Error(`${worker} is missing: run "npm run build" first.`);
  const started = Date.now();
  const stamp = () => `[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
  const report = await runBenchmarks({
    size,
    root,
    workerUrl: pathToFileURL(worker),
    log: (line) => console.log(`${stamp()} ${line}`),
  });
  const results = writeResults(join(root, 'bench', 'results.json'), report);
  const rows = tableRows(report, results);
  console.log('');
  for (const line of summaryLines(report)) console.log(line);
  console.log('');
  console.log(plainTable(rows));
  if (markdown) console.log(`\n${markdownTable(rows)}`);
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
