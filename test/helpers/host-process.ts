import type { ChildProcess } from 'node:child_process';
import { startBuiltProcess } from './built-process.js';

export interface HostProcess {
  child: ChildProcess;
  launchUrl: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built web host (`node out/main/host.js`) the way `npm start` falls back to it. */
export async function startHostProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<HostProcess> {
  const { address, ...process } = await startBuiltProcess({
    entry: 'host.js',
    name: 'the web host',
    address: /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/,
    env,
    timeoutMs,
  });
  return { ...process, launchUrl: address };
}
