import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, requireChromium } from '../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../helpers/host-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const executablePath = requireChromium();

describe.skipIf(!executablePath)('the embedded demo in a browser, through the web host', () => {
  let dir: ReturnType<typeof tempDir>;
  let host: HostProcess;
  let browser: Browser;

  beforeAll(async () => {
    dir = tempDir('e2e');
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

  it('shows the demo tickets, synced from the embedded support server', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(host.launchUrl);
    // the token is swapped for a cookie and removed from the address bar
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();

    const rows = page.getByTestId('ticket-row');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBeGreaterThan(5);
    await expect
      .poll(() => page.getByTestId('sync-state').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('idle');

    const firstRowText = await rows.first().innerText();
    expect(firstRowText).toMatch(/\b(HW|SW)\d{8}\b/);

    await rows.first().click();
    const detail = page.getByTestId('ticket-detail');
    await detail.waitFor();
    expect(await detail.innerText()).toMatch(/\b(HW|SW)\d{8}\b/);
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${dir.path}/demo.png` });
    await page.close();
  });

  it('refuses a browser that does not hold the launch token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const origin = new URL(host.launchUrl).origin;
    const response = await page.goto(origin + '/');
    expect(response?.status()).toBe(401);
    expect(await page.content()).toMatch(/address printed when it started/);
    await context.close();
  });
});
