import { randomUUID } from 'node:crypto';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../helpers/chromium.js';
import { startCuttableProxy, type CuttableProxy } from './support/cuttable-proxy.js';
import {
  axeViolations,
  eventually,
  openApp,
  screenshot,
  ticketNumberPattern,
  waitForQueue,
  waitForSyncStatus,
  type AppPage,
  startDemoHost,
  type DemoHost,
  navItem,
  demoServerUrl,
} from './support/app.js';

const executablePath = requireChromium();

// The embedded demo's accounts are public on purpose (src-server/seed/demo-accounts.ts).
const technician = { email: 'tech@demo.gatedesk.test', password: 'demo-technician-pass' };

interface PickedTicket {
  id: string;
  number: string;
  reply: string;
}

/**
 * Offline work, end to end: a profile that reaches the demo's real support server through a
 * relay the test can cut. Signed in through the sign-in dialog, the technician replies to three
 * tickets and raises one while the server is out of reach; meanwhile another client closes one
 * of those tickets. When the server is back everything is confirmed, and the reply to the
 * closed ticket waits in the sync panel, with its text, until it becomes a follow-up ticket.
 * Depends on the server's push endpoint (POST /sync/v1/push).
 */
describe.skipIf(!executablePath)('offline work and sync, against the real server', () => {
  let demo: DemoHost;
  let app: AppPage;
  let page: Page;
  let proxy: CuttableProxy;
  let serverUrl: string;
  const picked: PickedTicket[] = [];
  let createdSubject: string;

  beforeAll(async () => {
    demo = await startDemoHost(executablePath!, 'e2e-offline');
    app = await openApp(demo.browser, demo.host.launchUrl);
    page = app.page;
    await waitForQueue(page);
    serverUrl = await demoServerUrl(page);
    proxy = await startCuttableProxy(serverUrl);
  });

  afterAll(async () => {
    await proxy?.close();
    await demo?.stop();
  });

  it('signs in to a new profile through the sign-in dialog, showing the server’s refusal first', async () => {
    const form = page.getByRole('form', { name: 'Add a server profile' });
    await form.getByLabel('Name').fill('Field laptop');
    await form.getByLabel('Server address').fill(proxy.url);
    await form.getByLabel('Account email').fill(technician.email);
    await form.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('button', { name: 'Make Field laptop the active profile' }).click();

    // No session yet: the dialog asks for the password by itself.
    const dialog = page.getByTestId('sign-in-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    await eventually(() => dialog.getByRole('heading').innerText()).toBe('Sign in to Field laptop');
    await dialog.getByLabel('Password').fill('not-the-password');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect((await refusal.innerText()).length).toBeGreaterThan(5);

    await dialog.getByLabel('Password').fill(technician.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => dialog.count()).toBe(0);
    await waitForSyncStatus(page, 'idle');
  });

  it('signs out from the profiles screen, keeps quiet about it, and signs in again from the banner', async () => {
    await page.getByRole('button', { name: 'Sign out of Field laptop' }).click();
    const banner = page.getByTestId('signed-out-banner');
    await banner.waitFor();
    // Signing out here is not a reason to ask for the password at once.
    expect(await page.getByTestId('sign-in-dialog').count()).toBe(0);
    await banner.getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByTestId('sign-in-dialog');
    await dialog.getByLabel('Password').fill(technician.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await waitForSyncStatus(page, 'idle');
    expect(await banner.count()).toBe(0);
  });

  it('keeps working offline: three replies and a new ticket wait, marked pending', async () => {
    await navItem(page, /^Open\b/).click();
    const rows = page.getByTestId('ticket-row');
    await rows.nth(2).waitFor({ timeout: 30_000 });
    for (let i = 0; i < 3; i++) {
      const row = rows.nth(i);
      picked.push({
        id: (await row.getAttribute('data-ticket-id'))!,
        number: (await row.locator('.ticket-cell--number').innerText()).trim(),
        reply: `Offline reply ${i + 1}: the gate controller was power-cycled on site.`,
      });
    }

    await proxy.cut();
    await page.getByTestId('sync-state').getByRole('button', { name: 'Sync now' }).click();
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 });

    for (const ticket of picked) {
      await openTicket(page, ticket);
      const composer = page.getByTestId('composer');
      await composer.getByRole('textbox').fill(ticket.reply);
      await composer.getByRole('button', { name: 'Send reply' }).click();
      const entry = timelineEntry(page, ticket.reply);
      await entry.waitFor();
      expect(await entry.getAttribute('data-pending')).toBe('true');
    }

    createdSubject = `Offline ticket ${randomUUID().slice(0, 8)}`;
    await page.getByRole('button', { name: 'New ticket', exact: true }).click();
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Site').selectOption({ index: 1 });
    await form.getByLabel('Subject').fill(createdSubject);
    await form.getByLabel('Description').fill('Raised with no network; the number comes later.');
    await form.getByRole('button', { name: 'Create ticket' }).click();
    const number = page.getByTestId('ticket-detail').getByTestId('ticket-number');
    await eventually(async () => (await number.innerText()).trim()).toMatch(/^pending/);

    await eventually(() => pendingCount(page)).toBe(4);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'offline', demo.dir.path);
  });

  it('confirms everything when the server is back, and keeps a refused reply with its text', async () => {
    // Meanwhile another client closes the second ticket.
    const closed = picked[1]!;
    const token = await signInDirectly(serverUrl);
    const results = await pushDirectly(serverUrl, token, [
      { name: 'ticket.setStatus', args: { ticketId: closed.id, status: 'RESOLVED' } },
      { name: 'ticket.setStatus', args: { ticketId: closed.id, status: 'CLOSED' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);

    await proxy.restore();
    await page.getByTestId('offline-banner').getByRole('button', { name: 'Try now' }).click();
    await waitForSyncStatus(page, 'idle');
    await eventually(() => pendingCount(page), { timeout: 30_000 }).toBe(0);

    for (const ticket of [picked[0]!, picked[2]!]) {
      await openTicket(page, ticket);
      const entry = timelineEntry(page, ticket.reply);
      await eventually(() => entry.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');
    }
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(createdSubject);
    const hit = page.getByTestId('search-result').first();
    await eventually(async () => (await hit.locator('.search-result__number').innerText()).trim(), {
      timeout: 30_000,
    }).toMatch(ticketNumberPattern);
    await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');

    // The closed ticket's reply: in "needs attention", with everything that was written.
    await page.getByTestId('attention-link').click();
    const panel = page.getByTestId('sync-panel');
    const item = panel.getByTestId('attention-item');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    const text = await item.innerText();
    expect(text).toContain(`Reply to ${closed.number}`);
    expect(text).toContain('The ticket was closed meanwhile');
    expect(text).toContain(closed.reply);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sync-panel', demo.dir.path);

    await item.getByRole('button', { name: 'Make a follow-up ticket' }).click();
    await eventually(() => item.count()).toBe(0);
    expect(await panel.getByRole('status').innerText()).toMatch(/follow-up ticket with your text/);
    await page.keyboard.press('Escape');

    // The follow-up carries the reply as its description, and gets its own number.
    await page
      .getByRole('searchbox', { name: 'Search tickets' })
      .fill(`Follow-up to ${closed.number}`);
    const followUp = page
      .getByTestId('search-result')
      .filter({ hasText: `Follow-up to ${closed.number}` })
      .first();
    await followUp.waitFor({ timeout: 30_000 });
    await eventually(
      async () => (await followUp.locator('.search-result__number').innerText()).trim(),
      {
        timeout: 30_000,
      },
    ).toMatch(ticketNumberPattern);
    await followUp.click();
    const description = page.getByRole('article', { name: 'Description' });
    await eventually(() => description.innerText()).toContain(closed.reply);
    expect(app.errors).toEqual([]);
  });
});

/** Opens a ticket the way a person would: its number in the search box. */
async function openTicket(page: Page, ticket: { id: string; number: string }) {
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(ticket.number);
  await page.locator(`[data-testid="search-result"][data-ticket-id="${ticket.id}"]`).click();
  await page.getByTestId('ticket-detail').getByTestId('ticket-number').waitFor();
}

function timelineEntry(page: Page, text: string) {
  return page.getByTestId('ticket-detail').getByTestId('timeline-entry').filter({ hasText: text });
}

async function pendingCount(page: Page): Promise<number> {
  const text = await page.getByTestId('sync-state').innerText();
  const match = /(\d+) changes? waiting to send/.exec(text);
  return match ? Number(match[1]) : 0;
}

async function signInDirectly(serverUrl: string): Promise<string> {
  const response = await fetch(new URL('/auth/v1/sign-in', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(technician),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function pushDirectly(
  serverUrl: string,
  token: string,
  mutations: { name: string; args: unknown }[],
): Promise<{ status: string }[]> {
  const response = await fetch(new URL('/sync/v1/push', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      clientId: randomUUID(),
      mutations: mutations.map((m) => ({ id: randomUUID(), baseVersion: null, ...m })),
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { status: string }[] }).results;
}
