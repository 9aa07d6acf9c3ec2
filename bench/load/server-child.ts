import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built support server (`out/main/server.js`) in its own process, as it runs in production,
 * so its memory can be read apart from the simulated clients' and its event loop is its own.
 */
export interface ServerChild {
  url: string;
  pid: number;
  /** Resident memory of the server process in bytes, read from the operating system. */
  rss(): number | null;
  /** What the server printed (its log at the level asked for). */
  output(): string;
  stop(): Promise<void>;
}

export async function startServerChild(options: {
  root: string;
  databaseUrl: string;
  dataDir: string;
  logLevel?: string;
}): Promise<ServerChild> {
  const child = spawn(process.execPath, [join(options.root, 'out', 'main', 'server.js')], {
    cwd: options.root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: options.databaseUrl,
      GATEDESK_SEED: 'none',
      GATEDESK_SERVER_DATA: options.dataDir,
      LOG_LEVEL: options.logLevel ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const remember = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', remember);
  child.stderr!.on('data', remember);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start:\n${output}`)),
      60_000,
    );
    const look = () => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    rss: () => residentBytes(child),
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmRSS from /proc (Linux); null where there is no /proc. */
function residentBytes(child: ChildProcess): number | null {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}
