import { type Locator, type Page } from 'playwright-core';
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
} from './support/app.js';

const executablePath = requireChromium();

/** Cells of a technician's row: the tick box, then the columns of ticket-list/columns.ts. */
const cell = { status: 3, priority: 4, assignee: 8 } as const;
const closedStatuses = ['Resolved', 'Closed'];

/**
 * The technician's queues in the embedded demo, through the web host in Chromium: "My open" and
 * "Unassigned" hold what their names say, with counts that follow a change, and a filter saved
 * as a view is still there, still filtering, after a reload.
 */
describe.skipIf(!executablePath)('queues and saved views as the demo technician', () => {
  let demo: DemoHost;
  let app: AppPage;
  let page: Page;

  const views = () => page.getByRole('navigation', { name: 'Views' });
  const viewButton = (name: RegExp) => views().getByRole('button', { name });
  const rows = () => page.getByTestId('ticket-row');
  /** The count beside a view in the sidebar. */
  const sidebarCount = async (name: RegExp) =>
    Number(
      (await viewButton(name).locator('.nav-item__count').getAttribute('title'))!.replace(
        /\D/g,
        '',
      ),
    );
  /** The count in the queue's header ("12 tickets"). */
  const headerCount = async () =>
    Number((await page.locator('.view-count').innerText()).replace(/\D/g, ''));
  const cellText = (row: Locator, index: number) =>
    row.locator('[role="gridcell"]').nth(index).innerText();

  async function show(name: RegExp): Promise<void> {
    await viewButton(name).click();
    await eventually(() => viewButton(name).getAttribute('aria-current')).toBe('page');
    await page.locator('.view-count').waitFor();
  }

  /** The rows on screen, once the list shows as many as the count says (or a screenful). */
  async function shownRows(): Promise<Locator[]> {
    const total = await headerCount();
    await eventually(async () => (await rows().count()) >= Math.min(total, 10)).toBe(true);
    return rows().all();
  }

  beforeAll(async () => {
    demo = await startDemoHost(executablePath!, 'e2e-queues');
    app = await openApp(demo.browser, demo.host.launchUrl);
    page = app.page;
    await waitForQueue(page);
    await waitForSyncStatus(page, 'idle');
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('"My open" and "Unassigned" hold the right tickets, and their counts follow an assignment', async () => {
    await show(/^Unassigned/);
    const unassigned = await headerCount();
    expect(unassigned).toBeGreaterThan(0);
    expect(await sidebarCount(/^Unassigned/)).toBe(unassigned);
    for (const row of await shownRows()) {
      expect(await cellText(row, cell.assignee)).toBe('Unassigned');
      expect(closedStatuses).not.toContain(await cellText(row, cell.status));
    }

    // Take the first unassigned ticket: it leaves "Unassigned" and joins "My open".
    await show(/^My open/);
    const mineBefore = await headerCount();
    await show(/^Unassigned/);
    const taken = rows().first();
    const takenId = (await taken.getAttribute('data-ticket-id'))!;
    await taken.click();
    const detail = page.getByTestId('ticket-detail');
    await detail.getByRole('button', { name: 'Assign to me' }).click();
    await eventually(() => sidebarCount(/^Unassigned/)).toBe(unassigned - 1);
    await eventually(() => sidebarCount(/^My open/)).toBe(mineBefore + 1);
    await page.keyboard.press('Escape');

    await show(/^My open/);
    expect(await headerCount()).toBe(mineBefore + 1);
    // the ticket just taken is there, under the technician's name…
    const me = await cellText(
      page.locator(`[data-testid="ticket-row"][data-ticket-id="${takenId}"]`),
      cell.assignee,
    );
    expect(me).not.toBe('Unassigned');
    // …and so is every other ticket in "My open", none of them finished
    for (const row of await shownRows()) {
      expect(await cellText(row, cell.assignee)).toBe(me);
      expect(closedStatuses).not.toContain(await cellText(row, cell.status));
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  it('keeps a filter saved as a view, with its count, after a reload', async () => {
    await show(/^All tickets/);
    const filters = page.getByRole('search', { name: 'Filter the tickets' });
    await filters.getByLabel('Priority').selectOption('high');
    await filters.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
    await eventually(async () => {
      const shown = await rows().all();
      if (shown.length === 0) return false;
      for (const row of shown) if ((await cellText(row, cell.priority)) !== 'High') return false;
      return true;
    }).toBe(true);
    const filtered = await headerCount();

    await filters.getByRole('button', { name: 'Save as view…' }).click();
    const dialog = page.getByTestId('view-name-dialog');
    await dialog.getByLabel('Name').fill('Unassigned high');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await eventually(() => viewButton(/^Unassigned high/).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await page.locator('#queue-title').innerText()).toBe('Unassigned high');
    await eventually(() => sidebarCount(/^Unassigned high/)).toBe(filtered);

    // A second view by the same name is refused with the reason, and nothing is lost.
    await filters.getByRole('button', { name: 'Save as view…' }).click();
    await dialog.getByLabel('Name').fill('unassigned HIGH');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await eventually(() => dialog.getByRole('alert').innerText()).toMatch(/already have a view/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.reload();
    await waitForQueue(page);
    await eventually(() => viewButton(/^Unassigned high/).getAttribute('aria-current')).toBe(
      'page',
    );
    await eventually(() => headerCount()).toBe(filtered);
    for (const row of await shownRows()) {
      expect(await cellText(row, cell.priority)).toBe('High');
      expect(await cellText(row, cell.assignee)).toBe('Unassigned');
    }
    expect(app.errors).toEqual([]);
  });
});
