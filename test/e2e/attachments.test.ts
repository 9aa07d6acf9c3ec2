import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, requireChromium } from '../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../helpers/host-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  coreCall,
  eventually,
  openApp,
  ticketNumberPattern,
  waitForQueue,
  waitForSyncStatus,
  type AppPage,
} from './support/app.js';

const executablePath = requireChromium();
const root = fileURLToPath(new URL('../..', import.meta.url));

// The embedded demo's accounts are public on purpose (src-server/seed/demo-accounts.ts).
const manager = { email: 'manager@demo.gatedesk.test', password: 'demo-manager-pass' };
const installer = { email: 'installer@demo.gatedesk.test', password: 'demo-installer-pass' };

/**
 * Attachments in the web host and tickets meeting their site's units: a site manager attaches a
 * picture with the browser's file picker, the technician previews and opens it; a ticket that
 * names a unit shows the unit's card, whose click opens that unit's row in the mapping grid.
 */
describe.skipIf(!executablePath)('attachments and unit cards, through the web host', () => {
  let dir: ReturnType<typeof tempDir>;
  let host: HostProcess;
  let browser: Browser;
  let app: AppPage;
  let page: Page;
  const profileIds: Record<'demo' | 'manager' | 'installer', string> = {
    demo: '',
    manager: '',
    installer: '',
  };
  let siteId = '';
  let unit = { id: '', label: '' };

  /** Makes a profile active through the core, then reloads so the window starts clean on it. */
  async function become(who: keyof typeof profileIds) {
    await coreCall(page, 'profiles.activate', { id: profileIds[who] });
    await page.reload();
    await waitForSyncStatus(page, 'idle', 60_000);
  }

  beforeAll(async () => {
    dir = tempDir('e2e-attachments');
    host = await startHostProcess({ GATEDESK_DATA_DIR: dir.path });
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: chromiumArgs,
      headless: true,
    });
    app = await openApp(browser, host.launchUrl);
    page = app.page;
    await waitForQueue(page);

    const { profiles } = await coreCall<{
      profiles: { id: string; serverUrl: string; isDemo: boolean }[];
    }>(page, 'profiles.list', {});
    const demo = profiles.find((profile) => profile.isDemo)!;
    profileIds.demo = demo.id;
    const serverUrl = demo.serverUrl;
    for (const [key, name, account] of [
      ['manager', 'Site office', manager.email],
      ['installer', 'Installer', installer.email],
    ] as const) {
      const added = await coreCall<{ id: string }>(page, 'profiles.add', {
        name,
        serverUrl,
        account,
      });
      profileIds[key] = added.id;
    }

    // The installer makes sure the site has a unit to name in a ticket (the demo may have none).
    await coreCall(page, 'profiles.activate', { id: profileIds.installer });
    await coreCall(page, 'profiles.signIn', { password: installer.password });
    await coreCall(page, 'sync.now', {});
    const sites = await coreCall<{ id: string }[]>(page, 'directory.sites', {});
    siteId = sites[0]!.id;
    let units = await coreCall<{ id: string; label: string }[]>(page, 'units.list', { siteId });
    if (units.length === 0) {
      await coreCall(page, 'units.create', { siteId, label: 'E2E-101', ptiUnitName: 'E2E101' });
      await coreCall(page, 'sync.now', {});
      units = await coreCall(page, 'units.list', { siteId });
    }
    unit = { id: units[0]!.id, label: units[0]!.label };

    await coreCall(page, 'profiles.activate', { id: profileIds.manager });
    await coreCall(page, 'profiles.signIn', { password: manager.password });
    await page.reload();
    await waitForSyncStatus(page, 'idle', 60_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    dir?.remove();
  });

  let pictureTicket = '';
  const picture = readFileSync(join(root, 'resources/icons/64x64.png'));

  it('lets a site manager attach a picture with the file picker to a new ticket', async () => {
    await page.getByRole('button', { name: 'New ticket', exact: true }).click();
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.waitFor();
    await form.getByLabel('Product line').selectOption('pti_hardware');
    await form.getByLabel('Subject').fill('Keypad at gate 2 shows a cracked display');
    await form.getByLabel('Description').fill('Photo of the keypad attached; the crack spreads.');

    // A refused file is named with its reason, and what was typed stays.
    await form.locator('input[type="file"]').setInputFiles({
      name: 'setup.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 1)]),
    });
    await eventually(() => form.getByRole('alert').first().innerText()).toMatch(
      /setup\.png looks like a Windows program/,
    );
    // the browser logs the refused upload's 422 to the console: expected here, and only here
    await eventually(() => app.errors.length).toBe(1);
    expect(app.errors.splice(0)).toEqual([expect.stringMatching(/422/)]);
    await form.locator('input[type="file"]').setInputFiles({
      name: 'keypad-gate-2.png',
      mimeType: 'image/png',
      buffer: picture,
    });
    const chosen = form.getByRole('list', { name: 'Files to send' });
    await eventually(() => chosen.innerText()).toContain('keypad-gate-2.png');
    expect(await form.getByLabel('Subject').inputValue()).toBe(
      'Keypad at gate 2 shows a cracked display',
    );

    await form.getByRole('button', { name: 'Create ticket' }).click();
    const number = page.getByTestId('ticket-detail').getByTestId('ticket-number');
    await number.waitFor();
    await eventually(async () => (await number.innerText()).trim(), { timeout: 30_000 }).toMatch(
      ticketNumberPattern,
    );
    pictureTicket = (await number.innerText()).trim();
  });

  it('takes files dropped on the new-ticket form, checked and refused as the picker does', async () => {
    await page.getByRole('button', { name: 'New ticket', exact: true }).click();
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.waitFor();
    await form.getByLabel('Subject').fill('Gate 1 keypad photo, dropped in');

    // A drop as the operating system makes it: a DataTransfer holding the files.
    const drop = async (files: { name: string; type: string; bytes: number[] }[]) => {
      const transfer = await page.evaluateHandle((list) => {
        const data = new DataTransfer();
        for (const f of list)
          data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
        return data;
      }, files);
      await form.dispatchEvent('dragover', { dataTransfer: transfer });
      await form.dispatchEvent('drop', { dataTransfer: transfer });
      await transfer.dispose();
    };

    await drop([
      { name: 'gate-1.png', type: 'image/png', bytes: [...picture] },
      { name: 'installer.exe', type: 'application/octet-stream', bytes: [77, 90, 0, 1] },
    ]);
    await eventually(() => form.getByRole('alert').first().innerText()).toMatch(
      /installer\.exe.*\.exe files cannot be attached/s,
    );
    const chosen = form.getByRole('list', { name: 'Files to send' });
    await eventually(() => chosen.innerText()).toContain('gate-1.png');
    expect(await chosen.innerText()).not.toContain('installer.exe');
    expect(await form.getByLabel('Subject').inputValue()).toBe('Gate 1 keypad photo, dropped in');

    // The same file dropped again is refused, not attached twice.
    await drop([{ name: 'gate-1-again.png', type: 'image/png', bytes: [...picture] }]);
    await eventually(() => form.getByRole('alert').first().innerText()).toMatch(
      /gate-1-again\.png.*already attached/s,
    );
    expect(await chosen.getByRole('listitem').count()).toBe(1);
  });

  it('shows the technician a thumbnail that opens the picture large', async () => {
    expect(pictureTicket).toMatch(ticketNumberPattern);
    await become('demo');
    await openByNumber(page, pictureTicket);
    const detail = page.getByTestId('ticket-detail');
    const thumbnail = detail.getByTestId('attachment-thumbnail');
    await thumbnail.waitFor({ timeout: 30_000 });
    const image = thumbnail.locator('img');
    await eventually(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

    await thumbnail.click();
    const viewer = page.getByTestId('attachment-viewer');
    await viewer.waitFor();
    const large = viewer.getByRole('img', { name: 'keypad-gate-2.png' });
    await eventually(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    const served = await page.evaluate(
      async (src) => {
        const response = await fetch(src!);
        return {
          type: response.headers.get('content-type'),
          nosniff: response.headers.get('x-content-type-options'),
        };
      },
      await large.getAttribute('src'),
    );
    expect(served).toEqual({ type: 'image/png', nosniff: 'nosniff' });
    await page.keyboard.press('Escape');
    expect(app.errors).toEqual([]);
  });

  it('shows the unit card of a ticket that names a unit, and opens the unit’s row', async () => {
    await become('manager');
    await coreCall(page, 'tickets.create', {
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject: `Door alarm keeps sounding at unit ${unit.label}`,
      description: 'The alarm sounds although the door is shut.',
      siteId,
      unitId: unit.id,
    });
    await coreCall(page, 'sync.now', {});
    const hits = await coreCall<{ ticket: { id: string; number: string | null } }[]>(
      page,
      'tickets.search',
      { query: 'alarm sounds although', limit: 5 },
    );
    const number = hits[0]?.ticket.number;
    expect(number).toMatch(ticketNumberPattern);

    await become('demo');
    await openByNumber(page, number!);
    const card = page.getByTestId('ticket-detail').getByTestId('unit-card');
    await eventually(() => card.innerText(), { timeout: 30_000 }).toContain(unit.label);
    await card.getByTestId('open-unit-row').click();

    const row = page.locator('[data-testid="unit-row"][aria-current="true"]');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.mapping__label').innerText()).toContain(unit.label);

    // and from the unit, its tickets
    await row.getByTestId('unit-tickets').click();
    const list = page.getByTestId('unit-tickets-dialog');
    await eventually(() => list.innerText()).toContain(number!);
    expect(app.errors).toEqual([]);
  });
});

async function openByNumber(page: Page, number: string) {
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(number);
  const hit = page.getByTestId('search-result').filter({ hasText: number });
  await hit.first().click({ timeout: 30_000 });
  await page.getByTestId('ticket-detail').getByTestId('ticket-number').waitFor();
}
