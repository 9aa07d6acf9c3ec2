import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHostProcess, type HostProcess } from '../../helpers/host-process.js';
import { readZip } from '../../helpers/read-zip.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let host: HostProcess;

beforeAll(async () => {
  dir = tempDir('host-logs');
  host = await startHostProcess({ GATEDESK_DATA_DIR: dir.path, GATEDESK_NO_DEMO: '1' });
});
afterAll(async () => {
  await host?.stop();
  dir.remove();
});

async function callOverWebSocket(method: string, input: unknown): Promise<unknown> {
  const launch = new URL(host.launchUrl);
  const login = await fetch(launch, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const ws = new WebSocket(`ws://${launch.host}/api`, {
    headers: { cookie, origin: launch.origin },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number; result?: unknown };
        if (frame.type === 'result' && frame.id === 1) resolve(frame.result);
      });
      ws.send(JSON.stringify({ type: 'call', id: 1, method, input }));
    });
  } finally {
    ws.close();
  }
}

describe('web host logging', () => {
  it('writes logs/host.log in the data folder, without the launch token', () => {
    const file = join(dir.path, 'logs', 'host.log');
    expect(existsSync(file)).toBe(true);
    const log = readFileSync(file, 'utf8');
    expect(log).toMatch(
      /^\S+ info \[host\] web host started \{"version":"[^"]+","origin":"http:\/\/127\.0\.0\.1:\d+","demo":false\}$/m,
    );
    expect(log).not.toContain(new URL(host.launchUrl).searchParams.get('token'));
  });

  it('answers "report a problem" from the browser with a zip that holds its log', async () => {
    const result = (await callOverWebSocket('app.reportProblem', {
      description: 'queue is empty',
    })) as {
      ok: boolean;
      value: { path: string; entries: string[] };
    };
    expect(result.ok).toBe(true);
    expect(result.value.path.startsWith(join(dir.path, 'reports'))).toBe(true);
    const entries = readZip(readFileSync(result.value.path));
    expect(entries.get('logs/host.log')!.toString('utf8')).toContain('web host started');
    expect(entries.get('description.txt')!.toString('utf8')).toBe('queue is empty\n');
    const token = new URL(host.launchUrl).searchParams.get('token')!;
    for (const data of entries.values()) expect(data.toString('utf8')).not.toContain(token);
  });
});
