import type { ChildProcess } from 'node:child_process';
import { startBuiltProcess } from '../../../helpers/built-process.js';

/** The built support server (`node out/main/server.js`) in a process of its own. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const { address, ...process } = await startBuiltProcess({
    entry: 'server.js',
    name: 'the server',
    address: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    env,
    timeoutMs,
  });
  return { ...process, url: address };
}
