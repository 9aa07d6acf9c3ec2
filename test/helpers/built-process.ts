import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A built entry point of out/main/ running in a process of its own. */
export interface BuiltProcess {
  child: ChildProcess;
  /** The first match of `address` in what the process printed. */
  address: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node out/main/<entry>` with `env` over this process's environment and waits until it
 * prints its address; fails with everything it printed when it exits or stays silent first.
 */
export function startBuiltProcess(options: {
  entry: 'host.js' | 'server.js';
  /** Named in errors: "the web host printed no address…". */
  name: string;
  address: RegExp;
  env: Record<string, string>;
  timeoutMs?: number;
  /** The repository; needed when this module runs from a bundle elsewhere (the benchmark). */
  root?: string;
}): Promise<BuiltProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const root = options.root ?? repositoryRoot;
  const script = join(root, 'out', 'main', options.entry);
  if (!existsSync(script))
    return Promise.reject(new Error(`${script} is missing: run "npm run build" first.`));
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} printed no address within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const match = options.address.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({
        child,
        address: match[1]!,
        output: () => output,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`${options.name} exited with ${code} before printing its address:\n${output}`),
      );
    });
  });
}
