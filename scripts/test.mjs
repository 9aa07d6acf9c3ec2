// `npm test`: the whole suite, in the order that fails fastest:
// typecheck → lint (+ formatting) → unit, integration and end-to-end tests in one vitest run.
// Exits non-zero when any step fails, and ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './build-if-needed.mjs';

const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
const step = (name, command, args) => {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [command, ...args], { cwd: root, stdio: 'inherit' });
  console.log(
    `── ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return result.status === 0;
};

const extra = process.argv.slice(2);
let ok = step('typecheck', join(root, 'scripts', 'typecheck.mjs'), []);
ok = step('lint', bin('eslint', 'bin/eslint.js'), ['--max-warnings=0', '.']) && ok;
ok =
  step('formatting', bin('prettier', 'bin/prettier.cjs'), ['--check', '--log-level=warn', '.']) &&
  ok;

const reportDir = mkdtempSync(join(tmpdir(), 'gatedesk-test-report-'));
const report = join(reportDir, 'vitest.json');
ok =
  step('tests (unit, integration, e2e)', bin('vitest', 'vitest.mjs'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extra,
  ]) && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  passed = summary.numPassedTests;
  // a file that fails to load has no failed tests, only a failed suite: count it then
  failed = summary.numFailedTests || (summary.numFailedTestSuites ?? 0);
  skipped = summary.numPendingTests + summary.numTodoTests;
} catch {
  failed += 1; // no report means the test run itself broke
}
rmSync(reportDir, { recursive: true, force: true });
if (!ok && failed === 0) failed = 1; // a failed typecheck/lint step counts as a failure
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
