// Typechecks each layer against its own tsconfig, so each sees only the globals it may use
// (src-shared: no Node, no DOM; renderer: DOM, no Node; main/server: Node, no DOM).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './build-if-needed.mjs';

const projects = [
  'src-shared',
  'src-main',
  'src-preload',
  'src-renderer',
  'src-server',
  'src-pti-gateway',
  '.',
];
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', join(project, 'tsconfig.json'), '--pretty'], {
      cwd: root,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ project, ok: code === 0, output }));
  });
}

// two at a time: the build machines have two cores
const results = [];
const queue = [...projects];
await Promise.all(
  [0, 1].map(async () => {
    while (queue.length) results.push(await check(queue.shift()));
  }),
);
let failed = false;
for (const r of results.sort((a, b) => projects.indexOf(a.project) - projects.indexOf(b.project))) {
  console.log(
    `typecheck ${r.project === '.' ? 'test, bench, scripts' : r.project}: ${r.ok ? 'ok' : 'FAILED'}`,
  );
  if (!r.ok) {
    failed = true;
    process.stdout.write(r.output);
  }
}
process.exit(failed ? 1 : 0);
