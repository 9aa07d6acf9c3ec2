import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumArgs } from '../../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../../helpers/host-process.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The office screen DESIGN.md targets. */
export const viewport = { width: 1366, height: 768 };

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors (a CSP refusal shows up here too). */
  errors: string[];
}

export async function openApp(
  browser: Browser,
  launchUrl: string,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(launchUrl);
  return { context, page, errors };
}

/**
 * Serious and critical accessibility violations on the page as it is now. axe runs through the
 * DevTools protocol: the page's CSP (rightly) refuses an injected <script>.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    }
    const results = await axe.run(document);
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
  });
}

/**
 * Screenshots of the main screens. They always go to the test's temp folder; with
 * UPDATE_SCREENSHOTS=1 they replace the ones in docs/screenshots that the README shows.
 */
export async function screenshot(page: Page, name: string, tempDir: string): Promise<void> {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : tempDir;
  mkdirSync(dir, { recursive: true });
  // Let the skeleton delay and any focus ring settle, so the picture is what a person sees.
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/**
 * Remembers whether an element matching `selector` ever contained `text`, however briefly: a
 * pending mark may be replaced by the confirmed state within milliseconds on a fast loopback.
 */
export async function watchFor(page: Page, key: string, selector: string, text: string) {
  await page.evaluate(
    ({ key, selector, text }) => {
      const w = window as unknown as { __seen?: Record<string, boolean> };
      const seen = (w.__seen ??= {});
      seen[key] = false;
      const check = () => {
        if (seen[key]) return;
        for (const element of document.querySelectorAll(selector))
          if (element.textContent?.includes(text)) seen[key] = true;
      };
      check();
      const observer = new MutationObserver(check);
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    },
    { key, selector, text },
  );
  return {
    seen: () =>
      page.evaluate(
        (k) => (window as unknown as { __seen?: Record<string, boolean> }).__seen?.[k] ?? false,
        key,
      ),
  };
}

/**
 * Waits for the first rows of the queue (the demo's first bootstrap seeds the embedded server
 * and pulls everything). On a timeout the error says what the window showed instead.
 */
export async function waitForQueue(page: Page, timeout = 90_000): Promise<void> {
  try {
    await page.getByTestId('ticket-row').first().waitFor({ timeout });
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    throw new Error(`no tickets after ${timeout} ms; the window showed:\n${shown.slice(0, 1500)}`, {
      cause: error,
    });
  }
}

/** Waits until the sync indicator shows `status` (usable in hooks, unlike expect.poll). */
export async function waitForSyncStatus(page: Page, status: string, timeout = 30_000) {
  await page.locator(`[data-testid="sync-state"][data-status="${status}"]`).waitFor({ timeout });
}

/** Opens the first ticket of a sidebar view and returns its id and number. */
export async function openFirstTicketIn(page: Page, viewName: string | RegExp) {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: viewName })
    .first()
    .click();
  const row = page.getByTestId('ticket-row').first();
  await row.waitFor();
  const id = await row.getAttribute('data-ticket-id');
  const number = (await row.locator('.ticket-cell--number').innerText()).trim();
  await row.click();
  await page.getByTestId('ticket-detail').getByTestId('ticket-number').waitFor();
  return { id: id!, number };
}

export const ticketNumberPattern = /^(HW|SW)\d{8}$/;

/**
 * expect.poll with room for a loaded machine: screens update within milliseconds, but the suite
 * may share two cores with a build or another test run.
 */
export function eventually<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { interval: 100, timeout: options.timeout ?? 15_000 });
}

/** One web host on its own data folder (with the embedded demo unless env says otherwise) and a Chromium. */
export interface DemoHost {
  dir: ReturnType<typeof tempDir>;
  host: HostProcess;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startDemoHost(
  executablePath: string,
  name: string,
  env: Record<string, string> = {},
): Promise<DemoHost> {
  const dir = tempDir(name);
  const host = await startHostProcess({ GATEDESK_DATA_DIR: dir.path, ...env });
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  return {
    dir,
    host,
    browser,
    async stop() {
      await browser.close();
      await host.stop();
      dir.remove();
    },
  };
}

/** Adds a server profile on the screen, makes it active and signs in to it. */
export async function addProfileAndSignIn(
  page: Page,
  profile: { name: string; serverUrl: string; email: string; password: string },
): Promise<void> {
  await navItem(page, 'Profiles').click();
  const form = page.getByRole('form', { name: 'Add a server profile' });
  await form.getByLabel('Name').fill(profile.name);
  await form.getByLabel('Server address').fill(profile.serverUrl);
  await form.getByLabel('Account email').fill(profile.email);
  await form.getByRole('button', { name: 'Add profile' }).click();
  await page.getByRole('button', { name: `Make ${profile.name} the active profile` }).click();
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.getByLabel('Password').fill(profile.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await waitForSyncStatus(page, 'idle');
}

/** A sidebar entry by the start of its name (counts follow the name). */
export function navItem(page: Page, name: string | RegExp) {
  return page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: typeof name === 'string' ? new RegExp(`^${name}`) : name })
    .first();
}

/** The embedded demo server's address, as the demo profile on the Profiles screen shows it. */
export async function demoServerUrl(page: Page): Promise<string> {
  await navItem(page, 'Profiles').click();
  const meta = await page.getByTestId('profile').first().innerText();
  const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(meta);
  if (!found) throw new Error(`the demo profile shows no server address: ${meta}`);
  return found[1]!;
}

type CallResult = { ok: true; value: unknown } | { ok: false; error: { message: string } };

/** One contract call to the host's core over its WebSocket, as the page itself would make it. */
export async function coreCall<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ({ method, input }) =>
      new Promise<CallResult>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api`);
        ws.onerror = () => reject(new Error('the socket failed'));
        ws.onmessage = (event) => {
          const frame = JSON.parse(String(event.data)) as { type: string; id: number };
          if (frame.type !== 'result' || frame.id !== 1) return;
          ws.close();
          resolve((frame as unknown as { result: CallResult }).result);
        };
        ws.onopen = () => ws.send(JSON.stringify({ type: 'call', id: 1, method, input }));
      }),
    { method, input },
  );
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
  return result.value as T;
}
