import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { chromiumArgs, requireChromium } from '../../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../../helpers/host-process.js';
import { readZip } from '../../helpers/read-zip.js';
import { tempDir } from '../../helpers/temp-dir.js';
import {
  openContractSocket,
  sessionCookie,
  type ContractSocket,
} from './support/contract-socket.js';
import { filesUnder, openedSecrets } from './support/sealed-secrets.js';

/**
 * A full run of the web host with the embedded demo, as a user has it: the renderer in Chromium
 * and calls over the WebSocket (sign-in with the demo password, a PTI site saved with its
 * password, a reply, a problem report) with logging at its most verbose. Afterwards no log line,
 * no frame the host sent, nothing the page can read and no file in the data folder may hold the
 * demo password, the client's access or refresh tokens (read by opening the data folder with its
 * key file), the PTI password or the launch token.
 */
const executablePath = requireChromium();
const PTI_PASSWORD = 'pti-gateway-pw-5517';
const PTI_SITE_KEY = '9F3C-22AB-71D0';

let dir: ReturnType<typeof tempDir>;
let host: HostProcess;
let browser: Browser | undefined;
let socket: ContractSocket;
const pageFrames: string[] = [];
const pageStorage: string[] = [];
const seenTokens = new Set<string>();
let reportPath = '';

/** The tokens the client holds right now, from its data folder and key file. */
function collectTokens() {
  for (const value of openedSecrets(dir.path)) if (/^gd[ar]_/.test(value)) seenTokens.add(value);
}

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  dir = tempDir('host-secrets');
  host = await startHostProcess({ GATEDESK_DATA_DIR: dir.path }, 120_000);
  const cookie = await sessionCookie(host.launchUrl);
  socket = await openContractSocket(new URL(host.launchUrl).origin, cookie);
  const call = async (method: string, input: unknown) => {
    const result = (await socket.call(method, input)) as {
      ok: boolean;
      value?: unknown;
      error?: unknown;
    };
    if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  await call('app.settings.set', { logLevel: 'debug' });
  await until('the first sync', async () => {
    const state = (await call('sync.now', {})) as { status: string; lastPullAt: string | null };
    return state.status === 'idle' && state.lastPullAt ? state : null;
  });
  collectTokens();

  if (executablePath) {
    browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
    const page = await browser.newPage();
    page.on('websocket', (ws) => {
      ws.on('framereceived', (frame) => pageFrames.push(String(frame.payload)));
      ws.on('framesent', (frame) => pageFrames.push(String(frame.payload)));
    });
    await page.goto(host.launchUrl);
    await page.getByTestId('ticket-row').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('ticket-row').first().click();
    await page.getByTestId('ticket-detail').waitFor();
    pageStorage.push(
      await page.evaluate(() =>
        JSON.stringify({
          cookie: document.cookie,
          local: { ...localStorage },
          session: { ...sessionStorage },
          html: document.documentElement.outerHTML,
        }),
      ),
    );
  }

  // Sign in again with the demo password, as the sign-in screen does.
  await call('profiles.signIn', { password: DEMO_TECHNICIAN.password });
  collectTokens();
  const wrong = (await socket.call('profiles.signIn', { password: 'not-the-demo-password' })) as {
    ok: boolean;
  };
  expect(wrong.ok).toBe(false);
  await call('pti.sites.save', {
    siteCode: 'HPS101',
    gatewayUrl: 'http://127.0.0.1:9',
    username: 'storlogix-hps101',
    siteKey: PTI_SITE_KEY,
    password: PTI_PASSWORD,
  });
  const { rows } = (await call('tickets.list', { status: ['OPEN'], limit: 1 })) as {
    rows: { id: string }[];
  };
  await call('tickets.reply', { ticketId: rows[0]!.id, body: 'The gate keypad is back online.' });
  await call('sync.now', {});
  collectTokens();
  const report = (await call('app.reportProblem', { description: 'checking secrets' })) as {
    path: string;
  };
  reportPath = report.path;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await socket?.close();
  await host?.stop();
  dir?.remove();
});

describe('secrets in a full web host run with the demo', () => {
  const launchToken = () => new URL(host.launchUrl).searchParams.get('token')!;
  const secrets = () => ({
    'demo password': DEMO_TECHNICIAN.password,
    'PTI password': PTI_PASSWORD,
    'PTI site key': PTI_SITE_KEY,
    'launch token': launchToken(),
    ...Object.fromEntries([...seenTokens].map((t, i) => [`token ${i + 1}`, t])),
  });
  const found = (text: string) =>
    Object.entries(secrets())
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => name);

  it('read the real tokens from the data folder with its key file', () => {
    expect(seenTokens.size).toBeGreaterThanOrEqual(2);
    if (process.platform !== 'win32') {
      expect(statSync(join(dir.path, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(statSync(dir.path).mode & 0o077).toBe(0);
    }
  });

  it('never writes them to a log', async () => {
    await host.stop();
    const logs = filesUnder(join(dir.path, 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).toMatch(/web host started/);
    expect(found(text)).toEqual([]);
    // The address with the launch token goes to the terminal once; nothing else there holds one.
    const output = host.output().replace(host.launchUrl, '');
    expect(found(output)).toEqual([]);
  });

  it('never sends them to the page', () => {
    expect(socket.frames.length).toBeGreaterThan(10);
    expect(found(socket.frames.join('\n'))).toEqual([]);
    if (executablePath) {
      expect(pageFrames.length).toBeGreaterThan(5);
      expect(found(pageFrames.join('\n'))).toEqual([]);
      // The session cookie is HttpOnly: the page cannot read it, nor find a token anywhere.
      expect(found(pageStorage.join('\n'))).toEqual([]);
    }
  });

  it('never puts them in a problem report', () => {
    const entries = readZip(readFileSync(reportPath));
    for (const [name, data] of entries) expect(found(data.toString('utf8')), name).toEqual([]);
  });

  it('never keeps them in any file of the data folder as they are', () => {
    for (const file of filesUnder(dir.path)) {
      if (file.endsWith('secret.key')) continue;
      const bytes = readFileSync(file);
      const inFile = Object.entries(secrets()).filter(([, s]) => bytes.includes(Buffer.from(s)));
      expect(
        inFile.map(([name]) => name),
        file,
      ).toEqual([]);
    }
  });
});
