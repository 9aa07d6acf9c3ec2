import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../helpers/chromium.js';
import {
  axeViolations,
  eventually,
  openApp,
  waitForQueue,
  waitForSyncStatus,
  type AppPage,
  startDemoHost,
  type DemoHost,
  navItem,
  demoServerUrl,
  addProfileAndSignIn,
} from './support/app.js';

const executablePath = requireChromium();

// The embedded demo's accounts are public on purpose (src-server/seed/demo-accounts.ts).
const manager = { email: 'manager@demo.gatedesk.test', password: 'demo-manager-pass' };

/**
 * The same ticket seen by both sides: the site manager (a second profile on the demo's server)
 * and the demo technician. The technician's public reply reaches the site manager with the
 * status ANSWERED; the internal note never does, and the customer is offered customer actions.
 */
describe.skipIf(!executablePath)('a site manager and a technician on one ticket', () => {
  let demo: DemoHost;
  let app: AppPage;
  let page: Page;
  let ticket: { id: string; number: string };

  beforeAll(async () => {
    demo = await startDemoHost(executablePath!, 'e2e-customer');
    app = await openApp(demo.browser, demo.host.launchUrl);
    page = app.page;
    await waitForQueue(page);
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('signs the site manager in and shows customer views and actions only', async () => {
    await addProfileAndSignIn(page, {
      name: 'Site office',
      serverUrl: await demoServerUrl(page),
      ...manager,
    });

    await navItem(page, 'Waiting for me').click();
    await byStatus(page, 'Open').click();
    const row = page.getByTestId('ticket-row').first();
    await row.waitFor({ timeout: 30_000 });
    ticket = {
      id: (await row.getAttribute('data-ticket-id'))!,
      number: (await row.locator('.ticket-cell--number').innerText()).trim(),
    };
    // Customers get no tick boxes: there is no bulk change they may make.
    expect(await row.getByRole('checkbox').count()).toBe(0);
    await row.click();
    const detail = page.getByTestId('ticket-detail');
    const composer = detail.getByTestId('composer');
    await composer.waitFor();
    expect(await composer.getByRole('radio').count()).toBe(0);
    expect(await composer.getByRole('button', { name: 'Send reply' }).count()).toBe(1);
    expect(await detail.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    expect(await detail.getByRole('button', { name: 'Pick up' }).count()).toBe(0);
    expect(await detail.getByText('only technicians see this').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('sees the technician’s reply and the status ANSWERED, never the internal note', async () => {
    await switchTo(page, 'Demo');
    await openByNumber(page, ticket);
    const composer = page.getByTestId('composer');
    await composer.getByRole('radio', { name: 'Internal note' }).check();
    await composer
      .getByRole('textbox')
      .fill('Warranty check 4711 pending; say nothing to the customer yet.');
    await composer.getByRole('button', { name: 'Add internal note' }).click();
    const note = page.getByTestId('timeline-entry').filter({ hasText: 'Warranty check 4711' });
    await eventually(() => note.count()).toBe(1);
    await eventually(() => note.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');
    await composer.getByRole('radio', { name: 'Public reply' }).check();
    await composer.getByRole('textbox').fill('We have pushed a fix to your gate controller.');
    await composer.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.getByTestId('timeline-entry').filter({ hasText: 'pushed a fix' });
    await eventually(() => reply.count()).toBe(1);
    await eventually(() => reply.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');

    await switchTo(page, 'Site office');
    await openByNumber(page, ticket);
    const detail = page.getByTestId('ticket-detail');
    await eventually(
      () => detail.getByTestId('timeline-entry').filter({ hasText: 'pushed a fix' }).count(),
      {
        timeout: 30_000,
      },
    ).toBe(1);
    await eventually(() => detail.locator('.status-badge').first().innerText()).toBe('Answered');
    expect(await detail.innerText()).not.toContain('Warranty check 4711');
    expect(await detail.locator('[data-kind="internal"]').count()).toBe(0);
  });

  it('offers the customer only a follow-up on a closed ticket, and the survey', async () => {
    await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');
    await byStatus(page, 'Closed').click();
    await page.getByTestId('ticket-row').first().click();
    const detail = page.getByTestId('ticket-detail');
    await detail.getByTestId('closed-notice').waitFor();
    expect(await detail.getByTestId('composer').count()).toBe(0);
    const survey = detail.getByRole('form', { name: 'How did we do on this ticket?' });
    await survey.getByRole('radio', { name: 'Very satisfied' }).check();
    await survey.getByLabel('Comment (optional)').fill('Quick and clear.');
    await survey.getByRole('button', { name: 'Send rating' }).click();
    await eventually(() => detail.getByRole('status').first().innerText()).toMatch(/Thank you/);
    expect(app.errors).toEqual([]);
  });
});

function byStatus(page: Page, status: string) {
  return page
    .getByRole('list', { name: 'By status' })
    .getByRole('button', { name: new RegExp(`^${status}\\b`) });
}

async function switchTo(page: Page, profile: string) {
  await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');
  await navItem(page, 'Profiles').click();
  await page.getByRole('button', { name: `Make ${profile} the active profile` }).click();
  await eventually(() =>
    page.locator('[data-testid="profile"][aria-current="true"]').innerText(),
  ).toContain(profile);
  await waitForSyncStatus(page, 'idle');
}

async function openByNumber(page: Page, ticket: { id: string; number: string }) {
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(ticket.number);
  await page.locator(`[data-testid="search-result"][data-ticket-id="${ticket.id}"]`).click();
  await page.getByTestId('ticket-detail').getByTestId('ticket-number').waitFor();
}
