import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../helpers/chromium.js';
import {
  axeViolations,
  eventually,
  openApp,
  openFirstTicketIn,
  screenshot,
  ticketNumberPattern,
  waitForQueue,
  waitForSyncStatus,
  watchFor,
  type AppPage,
  startDemoHost,
  type DemoHost,
} from './support/app.js';

const executablePath = requireChromium();

/**
 * A technician's day in the embedded demo, through the web host in Chromium: the queue, a
 * ticket, replies and notes, a closed ticket, a new ticket, search, the palette, the keyboard
 * and bulk changes. Confirmation comes from the real embedded server (its push endpoint).
 */
describe.skipIf(!executablePath)('ticket work as the demo technician', () => {
  let demo: DemoHost;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoHost(executablePath!, 'e2e-tickets');
    app = await openApp(demo.browser, demo.host.launchUrl);
    page = app.page;
    await waitForQueue(page);
    await waitForSyncStatus(page, 'idle');
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('shows the queue with saved views for technicians, accessibly', async () => {
    const views = page.getByRole('navigation', { name: 'Views' });
    await eventually(() => views.getByRole('button', { name: /^My open/ }).count()).toBe(1);
    await views.getByRole('button', { name: /^All tickets/ }).click();
    expect(await page.getByTestId('ticket-row').count()).toBeGreaterThan(5);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'queue', demo.dir.path);
  });

  it('sends a public reply that shows at once as pending, then confirmed, and the ticket ANSWERED', async () => {
    // the status view, not "My open"
    const { id } = await openFirstTicketIn(page, /^Open/);
    const detail = page.getByTestId('ticket-detail');
    await eventually(() => detail.locator('.status-badge').first().innerText()).toBe('Open');

    const text = `Reset the keypad controller and it came back (${id.slice(0, 8)}).`;
    const pending = await watchFor(
      page,
      'reply',
      '[data-testid="timeline-entry"][data-pending="true"]',
      text,
    );
    const composer = page.getByTestId('composer');
    await composer.getByRole('textbox', { name: /Reply/ }).fill(text);
    await composer.getByRole('button', { name: 'Send reply' }).click();

    const entry = detail.getByTestId('timeline-entry').filter({ hasText: text });
    await entry.waitFor();
    expect(await pending.seen()).toBe(true);
    await eventually(() => entry.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');
    expect(await entry.getAttribute('data-kind')).toBe('public');
    await eventually(() => detail.locator('.status-badge').first().innerText(), {
      timeout: 30_000,
    }).toBe('Answered');
    // The sent text left the composer and its draft.
    expect(await composer.getByRole('textbox').inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'ticket', demo.dir.path);
  });

  it('shows an internal note as internal, marked for technicians only', async () => {
    const detail = page.getByTestId('ticket-detail');
    const composer = page.getByTestId('composer');
    await composer.getByRole('radio', { name: 'Internal note' }).check();
    const text = 'Controller logs point at a failing power supply.';
    await composer.getByRole('textbox', { name: /Internal note/ }).fill(text);
    await composer.getByRole('button', { name: 'Add internal note' }).click();
    const note = detail.getByTestId('timeline-entry').filter({ hasText: text });
    await note.waitFor();
    expect(await note.getAttribute('data-kind')).toBe('internal');
    expect(await note.innerText()).toMatch(/Internal note · only technicians see this/);
    await eventually(() => note.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');
  });

  it('keeps a draft as it is typed and brings it back after a reload', async () => {
    const composer = page.getByTestId('composer');
    await composer.getByRole('radio', { name: 'Public reply' }).check();
    await composer.getByRole('textbox').fill('A half-written answer about the gate');
    await page.reload();
    await page.getByTestId('ticket-row').first().waitFor({ timeout: 30_000 });
    // The selection is not kept across a reload; the draft is, with its ticket.
    await page
      .getByRole('searchbox', { name: 'Search tickets' })
      .fill('Reset the keypad controller');
    await page.getByTestId('search-result').first().click();
    const restored = page.getByTestId('composer').getByRole('textbox');
    await eventually(() => restored.inputValue()).toBe('A half-written answer about the gate');
    await restored.fill('');
    await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');
  });

  it('offers only a follow-up on a closed ticket', async () => {
    const { number } = await openFirstTicketIn(page, 'Closed');
    const detail = page.getByTestId('ticket-detail');
    const subject = await detail.getByRole('heading', { level: 2 }).innerText();
    await detail.getByTestId('closed-notice').waitFor();
    expect(await detail.getByTestId('composer').count()).toBe(0);
    expect(await detail.getByRole('group', { name: 'Ticket actions' }).count()).toBe(0);
    const buttons = (await detail.getByRole('button').allInnerTexts())
      .map((t) => t.trim())
      // closing the pane, opening attachments and the site card navigate; they change nothing
      .filter((t) => t !== '✕' && !/^Open( the site)?$/.test(t));
    expect(buttons).toEqual(['Open a follow-up ticket']);
    await detail.getByRole('button', { name: 'Open a follow-up ticket' }).click();
    await eventually(() => page.getByLabel('Subject').inputValue()).toBe(
      `Follow-up to ${number}: ${subject}`.slice(0, 200),
    );
    await page.getByRole('button', { name: 'Back to the queue' }).click();
  });

  it('creates a ticket that shows pending, then numbered, and finds it by a word of its description', async () => {
    await page.getByRole('button', { name: 'New ticket', exact: true }).click();
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await form.getByLabel('Product line').selectOption('pti_hardware');
    await form.getByLabel('Priority').selectOption('high');
    await form.getByLabel('Site').selectOption({ index: 1 });
    await form.getByLabel('Subject').fill('Exit gate arm stops halfway');
    // Articles that may answer it appear while the subject is typed.
    const suggestions = form.getByTestId('kb-suggestions');
    await suggestions.waitFor();
    await suggestions.getByRole('button').first().click();
    const article = page.getByTestId('kb-dialog').getByTestId('kb-article');
    await article.waitFor();
    expect((await article.innerText()).length).toBeGreaterThan(40);
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('kb-dialog').count()).toBe(0);
    await form
      .getByLabel('Description')
      .fill('The exit arm stops halfway and the loop detector clicks like a metronome.');
    await screenshot(page, 'new-ticket', demo.dir.path);
    const pending = await watchFor(page, 'created', '[data-testid="ticket-number"]', 'pending');
    await form.getByRole('button', { name: 'Create ticket' }).click();

    const number = page.getByTestId('ticket-detail').getByTestId('ticket-number');
    await number.waitFor();
    expect(await pending.seen()).toBe(true);
    await eventually(async () => (await number.innerText()).trim(), { timeout: 30_000 }).toMatch(
      ticketNumberPattern,
    );
    const created = (await number.innerText()).trim();

    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('metronome');
    const hit = page.getByTestId('search-result').filter({ hasText: created });
    await hit.waitFor();
    expect(await hit.locator('mark').allInnerTexts()).toContain('metronome');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'search', demo.dir.path);
  });

  it('reads the knowledge base from the local copy', async () => {
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Knowledge base' })
      .click();
    const sections = page.getByRole('navigation', { name: 'Knowledge base sections' });
    await sections.getByRole('button').nth(1).click();
    const list = page.getByTestId('kb-list');
    await list.getByRole('button').first().click();
    const article = page.getByTestId('kb-article');
    await article.waitFor();
    expect(await article.getByRole('heading').innerText()).toBe(
      (await list.getByRole('button').first().locator('.kb-list__title').innerText()).trim(),
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'knowledge-base', demo.dir.path);
  });

  it('jumps to a ticket from the command palette', async () => {
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    await palette.waitFor();
    await page.keyboard.type('metronome');
    const option = palette.getByRole('option').filter({ hasText: 'Exit gate arm stops halfway' });
    await option.waitFor();
    await screenshot(page, 'command-palette', demo.dir.path);
    await page.keyboard.press('Enter');
    await eventually(() => palette.count()).toBe(0);
    await eventually(() =>
      page.getByTestId('ticket-detail').getByRole('heading', { level: 2 }).innerText(),
    ).toBe('Exit gate arm stops halfway');
  });

  it('moves through the queue with j and k and opens the cheat sheet with ?', async () => {
    await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /^All tickets/ })
      .click();
    const rows = page.getByTestId('ticket-row');
    await rows.first().click();
    const first = await rows.nth(0).getAttribute('data-ticket-id');
    const second = await rows.nth(1).getAttribute('data-ticket-id');
    await page.getByTestId('ticket-list').focus();
    await page.keyboard.press('j');
    await eventually(() => selectedRowId(page)).toBe(second);
    await page.keyboard.press('k');
    await eventually(() => selectedRowId(page)).toBe(first);
    await page.keyboard.press('r');
    await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.press('Tab'); // out of the text field, so single keys are commands again
    await page.getByTestId('ticket-list').focus();
    await page.keyboard.press('?');
    const sheet = page.getByTestId('cheat-sheet');
    await sheet.waitFor();
    expect(await sheet.innerText()).toMatch(/Next ticket/);
    await page.keyboard.press('Escape');
    await eventually(() => sheet.count()).toBe(0);
  });

  it('changes the priority of several tickets at once, one queued change each', async () => {
    // The full list, with its priority column: no ticket open beside it.
    await page.getByTestId('ticket-list').focus();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('ticket-detail').count()).toBe(0);
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /^Open/ })
      .click();
    const rows = page.getByTestId('ticket-row');
    await rows.nth(1).waitFor();
    const ids = [
      await rows.nth(0).getAttribute('data-ticket-id'),
      await rows.nth(1).getAttribute('data-ticket-id'),
    ];
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    const bar = page.getByTestId('bulk-bar');
    expect(await bar.innerText()).toMatch(/2 selected/);
    await bar.getByRole('button', { name: /Set priority/ }).click();
    await page.getByRole('menuitem', { name: 'Critical' }).click();
    await eventually(() => bar.getByRole('status').innerText()).toMatch(
      /^Set \d tickets? to Critical priority/,
    );
    for (const id of ids) {
      const row = page.locator(`[data-testid="ticket-row"][data-ticket-id="${id}"]`);
      await eventually(() => row.locator('.priority').innerText(), { timeout: 30_000 }).toBe(
        'Critical',
      );
    }
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    expect(app.errors).toEqual([]);
  });

  it('reads well in the dark theme', async () => {
    const dark = await openApp(demo.browser, demo.host.launchUrl, { colorScheme: 'dark' });
    await dark.page.getByTestId('ticket-row').first().waitFor({ timeout: 30_000 });
    await openFirstTicketIn(dark.page, 'Answered');
    expect(await axeViolations(dark.page)).toEqual([]);
    await screenshot(dark.page, 'ticket-dark', demo.dir.path);
    expect(dark.errors).toEqual([]);
    await dark.context.close();
  });
});

async function selectedRowId(page: Page) {
  return page
    .locator('[data-testid="ticket-row"][aria-selected="true"]')
    .getAttribute('data-ticket-id');
}
