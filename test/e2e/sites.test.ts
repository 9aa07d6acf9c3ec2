import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, requireChromium } from '../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../helpers/host-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const executablePath = requireChromium();

describe.skipIf(!executablePath)('sites in the demo, through the web host', () => {
  let dir: ReturnType<typeof tempDir>;
  let host: HostProcess;
  let browser: Browser;

  beforeAll(async () => {
    dir = tempDir('e2e-sites');
    host = await startHostProcess({ GATEDESK_DATA_DIR: dir.path });
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: chromiumArgs,
      headless: true,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    dir?.remove();
  });

  it('lists the synced sites with their local time, the unit grid and the PIN form', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.launchUrl);
    await expect
      .poll(() => page.getByTestId('sync-state').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('idle');

    await page.getByRole('button', { name: 'Sites', exact: true }).click();
    const sites = page.getByTestId('site-row');
    await sites.first().waitFor({ timeout: 15_000 });
    expect(await sites.count()).toBeGreaterThan(0);

    // The second site, when there is one, shows as the detail once picked.
    const picked = sites.nth((await sites.count()) > 1 ? 1 : 0);
    const pickedName = (await picked.locator('.sites__name').innerText()).trim();
    await picked.click();
    const detail = page.getByTestId('site-detail');
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).innerText()).toBe(pickedName);
    expect(await detail.innerText()).toMatch(/Time zone\s+\w+\/\w+/);
    expect(await page.getByTestId('site-local-time').innerText()).toMatch(/\d{2}:\d{2}/);

    // The demo seeds units at every site; a site without any says so instead of an empty table.
    const grid = page.getByTestId('mapping-grid');
    await grid.waitFor();
    const rows = page.getByTestId('unit-row');
    if ((await rows.count()) === 0) {
      await page.getByTestId('units-empty').waitFor();
    } else {
      const cell = rows.first().getByRole('textbox').first();
      await cell.fill('HAS SPACE');
      expect(await cell.getAttribute('aria-invalid')).toBe('true');
      expect(await cell.getAttribute('title')).toMatch(/no spaces/);
    }

    // The demo technician redeems a PIN rather than issuing one; a wrong PIN is refused in words.
    await detail.getByRole('tab', { name: 'Support PIN' }).click();
    const pinInput = page.getByRole('textbox', { name: 'Support PIN' });
    await pinInput.fill('12ab');
    await page.getByText('A support PIN is 6 digits.').waitFor();
    expect(await page.getByRole('button', { name: 'Open configuration' }).isDisabled()).toBe(true);
    await pinInput.fill('000000');
    await page.getByRole('button', { name: 'Open configuration' }).click();
    const refusal = page.getByTestId('support-pin').getByRole('alert');
    await refusal.waitFor({ timeout: 15_000 });
    expect((await refusal.innerText()).length).toBeGreaterThan(10);

    // Rentals: shown for the demo's PTI site; any other site says it is not set up here.
    await detail.getByRole('tab', { name: 'Rentals and access' }).click();
    await page.locator('[data-testid="rentals"], [data-testid="rentals-unavailable"]').waitFor({
      timeout: 15_000,
    });

    expect(errors).toEqual([]);
    await page.screenshot({ path: `${dir.path}/sites.png` });
    await page.close();
  });
});
