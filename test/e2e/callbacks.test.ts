import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, requireChromium } from '../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../helpers/host-process.js';
import { mutation, signInSession, upserts } from '../helpers/sync-client.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startCuttableProxy } from './support/cuttable-proxy.js';
import {
  axeViolations,
  coreCall,
  screenshot,
  eventually,
  viewport,
  waitForQueue,
  waitForSyncStatus,
} from './support/app.js';

const executablePath = requireChromium();

// The embedded demo's accounts are public on purpose (src-server/seed/demo-accounts.ts). The site
// manager belongs to Harbor Point, which has Preferred Support in the demo seed.
const manager = { email: 'manager@demo.gatedesk.test', password: 'demo-manager-pass' };
const technician = { email: 'tech@demo.gatedesk.test', password: 'demo-technician-pass' };
const customerZone = 'America/Los_Angeles';
const technicianZone = 'Europe/Berlin';

/** "09:30" on a zone's 24-hour clock, as the screens write it. */
function clock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

/** A weekday two to four days ahead, as YYYY-MM-DD on the customer's clock. */
function aWeekdayAhead(): string {
  for (let ahead = 2; ; ahead++) {
    const at = new Date(Date.now() + ahead * 86_400_000);
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: customerZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
    }).formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    if (part('weekday') !== 'Sat' && part('weekday') !== 'Sun')
      return `${part('year')}-${part('month')}-${part('day')}`;
  }
}

/**
 * A callback across two time zones: the site manager of a preferred-support organisation (in
 * Los Angeles, on a profile of their own) asks for a callback; the demo technician (in Berlin)
 * books a free slot from the ticket; both see the ticket SCHEDULED and the same instant, each on
 * their own clock, and the technician sees the customer's clock beside theirs.
 */
describe.skipIf(!executablePath)('a callback requested in Los Angeles and booked in Berlin', () => {
  let techDir: ReturnType<typeof tempDir>;
  let customerDir: ReturnType<typeof tempDir>;
  let techHost: HostProcess;
  let customerHost: HostProcess;
  let browser: Browser;
  let techContext: BrowserContext;
  let customerContext: BrowserContext;
  let tech: Page;
  let customer: Page;
  const errors: string[] = [];
  let ticket: { id: string; number: string };
  let serverUrl: string;
  let bookedAt: string;

  async function open(launchUrl: string, timezoneId: string) {
    const context = await browser.newContext({
      viewport,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      timezoneId,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(launchUrl);
    return { context, page };
  }

  beforeAll(async () => {
    techDir = tempDir('e2e-callbacks-tech');
    customerDir = tempDir('e2e-callbacks-customer');
    [techHost, customerHost] = await Promise.all([
      startHostProcess({ GATEDESK_DATA_DIR: techDir.path }),
      startHostProcess({ GATEDESK_DATA_DIR: customerDir.path, GATEDESK_NO_DEMO: '1' }),
    ]);
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: chromiumArgs,
      headless: true,
    });
    ({ context: techContext, page: tech } = await open(techHost.launchUrl, technicianZone));
    await waitForQueue(tech);
    // Times show in the account's zone (My settings): each person's is where they sit.
    await coreCall(tech, 'account.settings.set', { timezone: technicianZone });
    await tech.reload();
    await waitForQueue(tech);
    ({ context: customerContext, page: customer } = await open(
      customerHost.launchUrl,
      customerZone,
    ));
  });

  afterAll(async () => {
    await techContext?.close();
    await customerContext?.close();
    await browser?.close();
    await Promise.all([techHost?.stop(), customerHost?.stop()]);
    techDir?.remove();
    customerDir?.remove();
  });

  it('lets the site manager ask for a callback on their own clock', async () => {
    // The demo's support server, as the technician's profile shows it.
    await nav(tech, 'Profiles').click();
    const meta = await tech.getByTestId('profile').first().innerText();
    serverUrl = /(http:\/\/127\.0\.0\.1:\d+)/.exec(meta)![1]!;

    await nav(customer, 'Profiles').click();
    const form = customer.getByRole('form', { name: 'Add a server profile' });
    await form.getByLabel('Name').fill('Harbor office');
    await form.getByLabel('Server address').fill(serverUrl);
    await form.getByLabel('Account email').fill(manager.email);
    await form.getByRole('button', { name: 'Add profile' }).click();
    const activate = customer.getByRole('button', {
      name: 'Make Harbor office the active profile',
    });
    const dialog = customer.getByTestId('sign-in-dialog');
    await Promise.race([activate.waitFor(), dialog.waitFor()]);
    if (await activate.isVisible()) await activate.click();
    await dialog.getByLabel('Password').fill(manager.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await waitForSyncStatus(customer, 'idle', 60_000);
    await coreCall(customer, 'account.settings.set', { timezone: customerZone });
    await customer.reload();
    await waitForSyncStatus(customer, 'idle', 60_000);

    await byStatus(customer, 'Open').click();
    const row = customer.getByTestId('ticket-row').first();
    await row.waitFor({ timeout: 30_000 });
    ticket = {
      id: (await row.getAttribute('data-ticket-id'))!,
      number: (await row.locator('.ticket-cell--number').innerText()).trim(),
    };
    await row.click();
    const panel = customer.getByTestId('ticket-detail').getByTestId('callback-panel');
    await panel.getByRole('button', { name: 'Ask for a callback' }).click();
    const request = panel.getByRole('form', { name: 'Ask for a callback' });
    expect(await request.innerText()).toContain(customerZone);
    await request.getByLabel('Day').fill(aWeekdayAhead());
    // 06:00–14:00 in Los Angeles is 09:00–17:00 in New York: inside support's hours.
    await request.getByLabel('From').fill('06:00');
    await request.getByLabel('To').fill('14:00');
    await request.getByLabel('Phone').fill('+1 213 555 0188');
    await request.getByRole('button', { name: 'Ask for the callback' }).click();
    const summary = panel.getByTestId('callback-summary');
    await eventually(() => summary.getAttribute('data-status')).toBe('requested');
    expect(await summary.innerText()).toContain('06:00–14:00');
    expect(await axeViolations(customer)).toEqual([]);
  });

  it('lets the technician book a free slot in the window from the ticket', async () => {
    // The request reaches the technician with the next pull (the server pokes every client).
    await openByNumber(tech, ticket);
    const panel = tech.getByTestId('ticket-detail').getByTestId('callback-panel');
    const summary = panel.getByTestId('callback-summary');
    await eventually(() => summary.getAttribute('data-status'), { timeout: 60_000 }).toBe(
      'requested',
    );
    // The window in Berlin (15:00–23:00) with the customer's own clock beside it.
    expect(await summary.innerText()).toMatch(/15:00–23:00.*\(.*06:00–14:00.*for the customer\)/s);

    await panel.getByRole('button', { name: 'Book a callback' }).click();
    const booking = panel.getByRole('form', { name: 'Book a callback' });
    const inWindow = booking.locator('.callback-slot[data-in-window="true"]').first();
    await inWindow.waitFor({ timeout: 30_000 });
    await inWindow.getByRole('radio').check();
    await screenshot(tech, 'callback-booking', techDir.path);
    await booking.getByRole('button', { name: 'Book' }).click();

    // Tentative at once, then confirmed by the server, and the ticket SCHEDULED.
    await eventually(() => summary.getAttribute('data-status'), { timeout: 60_000 }).toBe('booked');
    await eventually(() =>
      tech.getByTestId('ticket-detail').locator('.status-badge').first().innerText(),
    ).toBe('Scheduled');
  });

  it('shows the same instant to both, each on their own clock', async () => {
    const techTime = tech.getByTestId('ticket-detail').getByTestId('callback-time');
    const startsAt = (await techTime.getAttribute('data-starts-at'))!;
    bookedAt = startsAt;
    const start = Date.parse(startsAt);
    const end = start + 30 * 60_000;
    const inBerlin = `${clock(start, technicianZone)}–${clock(end, technicianZone)}`;
    const inLosAngeles = `${clock(start, customerZone)}–${clock(end, customerZone)}`;
    expect(inBerlin).not.toBe(inLosAngeles);
    expect(await techTime.innerText()).toContain(inBerlin);
    expect(await tech.getByTestId('callback-summary').innerText()).toContain(`${inLosAngeles}`);

    const customerDetail = customer.getByTestId('ticket-detail');
    await eventually(() => customerDetail.locator('.status-badge').first().innerText(), {
      timeout: 60_000,
    }).toBe('Scheduled');
    const customerTime = customerDetail.getByTestId('callback-time');
    await eventually(() => customerTime.getAttribute('data-starts-at'), { timeout: 60_000 }).toBe(
      startsAt,
    );
    expect(await customerTime.innerText()).toContain(inLosAngeles);
    expect(await customerTime.innerText()).not.toContain(inBerlin);

    // The technician's calendar shows it on the booked day, in Berlin time.
    await nav(tech, 'Callbacks').click();
    const grid = tech.getByTestId('callback-grid');
    await grid.waitFor();
    const block = tech.locator(`[data-testid="callback-block"][data-starts-at="${startsAt}"]`);
    for (let i = 0; i < 2 && (await block.count()) === 0; i++)
      await tech.getByRole('button', { name: 'Next week' }).click();
    await eventually(() => block.count()).toBe(1);
    expect(await block.innerText()).toContain(inBerlin);
    // The keyboard moves the calendar too: away a week and back.
    await grid.focus();
    await tech.keyboard.press('ArrowRight');
    await eventually(() => block.count()).toBe(0);
    await tech.keyboard.press('ArrowLeft');
    await eventually(() => block.count()).toBe(1);
    await screenshot(tech, 'callback-calendar', techDir.path);
    await screenshot(customer, 'callback-customer', customerDir.path);
    expect(await axeViolations(tech)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('brings back a slot taken meanwhile as a conflict, and books another keeping the choices', async () => {
    const proxy = await startCuttableProxy(serverUrl);
    try {
      // The technician's laptop: a second profile that reaches the server through a relay.
      await nav(tech, 'Profiles').click();
      const form = tech.getByRole('form', { name: 'Add a server profile' });
      await form.getByLabel('Name').fill('Field laptop');
      await form.getByLabel('Server address').fill(proxy.url);
      await form.getByLabel('Account email').fill(technician.email);
      await form.getByRole('button', { name: 'Add profile' }).click();
      await tech.getByRole('button', { name: 'Make Field laptop the active profile' }).click();
      const dialog = tech.getByTestId('sign-in-dialog');
      await dialog.getByLabel('Password').fill(technician.password);
      await dialog.getByRole('button', { name: 'Sign in' }).click();
      await eventually(() => dialog.count()).toBe(0);
      await waitForSyncStatus(tech, 'idle', 60_000);

      // Offline, the technician moves the callback to another slot in the window: tentative.
      await proxy.cut();
      await openByNumber(tech, ticket);
      const panel = tech.getByTestId('ticket-detail').getByTestId('callback-panel');
      const summary = panel.getByTestId('callback-summary');
      await eventually(() => summary.getAttribute('data-status')).toBe('booked');
      await panel.getByRole('button', { name: 'Move the callback' }).click();
      const booking = panel.getByRole('form', { name: 'Book a callback' });
      const slot = booking.locator('.callback-slot[data-in-window="true"]').nth(3);
      await slot.waitFor({ timeout: 30_000 });
      const takenAt = (await slot.getByRole('radio').getAttribute('value'))!;
      await slot.getByRole('radio').check();
      await booking.getByRole('button', { name: 'Book' }).click();
      await eventually(() => summary.getAttribute('data-status')).toBe('tentative');

      // Meanwhile another client books that very slot on the technician's calendar.
      const session = await signInSession(serverUrl, technician);
      const tickets = upserts((await session.pullAll(null)).changes, 'tickets');
      const ours = tickets.find((t) => t.id === ticket.id)!;
      const other = tickets.find(
        (t) =>
          t.organisationId === ours.organisationId &&
          t.id !== ours.id &&
          (t.status === 'NEW' || t.status === 'OPEN'),
      )!;
      const [taken] = await session.push([
        mutation('callback.book', {
          callbackId: randomUUID(),
          ticketId: other.id,
          startsAt: takenAt,
          durationMinutes: 30,
        }),
      ]);
      expect(taken).toMatchObject({ status: 'applied' });

      // Back online: the move comes back as a conflict saying who has the slot; the booking
      // the server has stays.
      await proxy.restore();
      await tech.getByTestId('sync-state').getByRole('button', { name: 'Sync now' }).click();
      const conflict = panel.getByTestId('callback-conflict');
      await conflict.waitFor({ timeout: 60_000 });
      expect(await conflict.innerText()).toContain('Dana Whitfield already has a callback');
      await eventually(() => summary.getAttribute('data-status')).toBe('booked');
      expect(await panel.getByTestId('callback-time').getAttribute('data-starts-at')).toBe(
        bookedAt,
      );

      await conflict.getByRole('button', { name: 'Pick another slot' }).click();
      const retry = panel.getByRole('form', { name: 'Book a callback' });
      await retry.locator('.callback-slot').first().waitFor();
      // What was chosen is kept; the slot now taken is not offered any more.
      expect(await retry.getByLabel('Length').inputValue()).toBe('30');
      expect(await retry.locator(`input[value="${takenAt}"]`).count()).toBe(0);
      const another = retry.locator('.callback-slot[data-in-window="true"]').nth(5);
      const anotherAt = (await another.getByRole('radio').getAttribute('value'))!;
      await another.getByRole('radio').check();
      await retry.getByRole('button', { name: 'Book this slot instead' }).click();
      await eventually(() => conflict.count(), { timeout: 60_000 }).toBe(0);
      await eventually(() => panel.getByTestId('callback-time').getAttribute('data-starts-at'), {
        timeout: 60_000,
      }).toBe(anotherAt);
      await eventually(() => summary.getAttribute('data-status'), { timeout: 60_000 }).toBe(
        'booked',
      );
      expect(await axeViolations(tech)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

function nav(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .first();
}

function byStatus(page: Page, status: string) {
  return page
    .getByRole('list', { name: 'By status' })
    .getByRole('button', { name: new RegExp(`^${status}\\b`) });
}

async function openByNumber(page: Page, ticket: { id: string; number: string }) {
  const search = page.getByRole('searchbox', { name: 'Search tickets' });
  // Cleared first: the same text again would not count as a new search.
  await search.fill('');
  await search.fill(ticket.number);
  const hit = page.locator(`[data-testid="search-result"][data-ticket-id="${ticket.id}"]`);
  await hit.waitFor({ timeout: 60_000 });
  await hit.click();
  await page.getByTestId('ticket-detail').getByTestId('ticket-number').waitFor();
}
