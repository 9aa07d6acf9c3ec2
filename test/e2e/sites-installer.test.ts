import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, requireChromium } from '../helpers/chromium.js';
import { startHostProcess, type HostProcess } from '../helpers/host-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually } from './support/app.js';

const executablePath = requireChromium();

/** The demo's installer works at Harbor Point Quincy, whose PTI connection the demo sets up. */
const siteName = 'Harbor Point Quincy';

describe.skipIf(!executablePath)('an installer at a demo site, through the web host', () => {
  let dir: ReturnType<typeof tempDir>;
  let host: HostProcess;
  let browser: Browser;
  let page: Page;
  let gatewayUrl: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = tempDir('e2e-sites-installer');
    host = await startHostProcess({
      GATEDESK_DATA_DIR: dir.path,
      GATEDESK_DEMO_ROLE: 'installer',
      GATEDESK_PTI_FAULTS: '1',
    });
    const logged = /gatewayUrl\W+(http:\/\/127\.0\.0\.1:\d+)/.exec(host.output());
    if (!logged) throw new Error(`the demo did not say where its gateway is:\n${host.output()}`);
    gatewayUrl = logged[1]!;
    browser = await chromium.launch({ executablePath: executablePath!, args: chromiumArgs });
    // The site's own time zone, so the tester's "At" field is site time.
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      timezoneId: 'America/New_York',
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.launchUrl);
    await page
      .locator('[data-testid="sync-state"][data-status="idle"]')
      .waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Sites', exact: true }).click();
    await page.getByTestId('site-row').filter({ hasText: siteName }).click();
    await page
      .getByTestId('site-detail')
      .getByRole('heading', { level: 2, name: siteName })
      .waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await setGateway(false).catch(() => {});
    await browser?.close();
    await host?.stop();
    dir?.remove();
  });

  const setGateway = async (offline: boolean) => {
    const answer = await fetch(`${gatewayUrl}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offline }),
    });
    expect(answer.status).toBe(200);
  };

  const tab = (name: string) =>
    page.getByTestId('site-detail').getByRole('tab', { name, exact: true }).click();

  const ptiCell = (label: string) =>
    page.getByRole('textbox', { name: `PTI unit name of ${label}`, exact: true });

  const rowOf = (label: string): Locator =>
    page.getByTestId('unit-row').filter({ has: ptiCell(label) });

  it('shows the demo site’s PTI connection with its secrets set but never shown', async () => {
    await tab('PTI connection');
    const panel = page.getByTestId('pti-connection');
    await panel.getByRole('button', { name: 'Test connection' }).click();
    await eventually(() => panel.getByTestId('pti-test-result').innerText()).toMatch(
      /Connected to Harbor Point Quincy \(HPS101\)/,
    );
    expect(await panel.getByTestId('pti-status').getAttribute('data-status')).toBe('online');
    expect(await panel.getByTestId('pti-last-contact').innerText()).not.toBe('never');
    expect(await panel.getByTestId('site-key-state').innerText()).toMatch(/^Set\./);
    expect(await panel.getByTestId('password-state').innerText()).toMatch(/^Set\./);
    // the emulator's demo credentials for HPS101 appear nowhere on the page
    const html = await page.content();
    expect(html).not.toContain('1DCD-8C6F-3955');
    expect(html).not.toContain('demo-956519299f');
  });

  it('maps ten units, refusing two invalid PTI names with the reason', async () => {
    await tab('Unit mapping');
    const filter = page.getByRole('searchbox', { name: 'Filter units' });
    const names: Record<string, string> = {
      DU01: 'DU01',
      DU02: 'DU02',
      DU03: 'DU03',
      DU04: 'DU04',
      DU05: 'DU05',
      DU06: 'DU06',
      'Locker 1': 'L1',
      'Locker 2': 'L2',
      'Locker 3': 'LOCKER 3',
      'Locker 4': 'LOCKER0004X',
    };
    for (const [label, name] of Object.entries(names)) {
      await filter.fill(label);
      const cell = ptiCell(label);
      await cell.fill(name);
      await cell.press('Enter');
    }
    await filter.fill('');

    const problems = page.getByTestId('mapping-problems');
    await eventually(() => problems.innerText()).toMatch(/Locker 3: .*no spaces/i);
    expect(await problems.innerText()).toMatch(/Locker 4: .*1.10 characters/i);
    await filter.fill('Locker 3');
    expect(await ptiCell('Locker 3').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('review-changes').click();
    const diff = page.getByTestId('mapping-diff');
    expect(await diff.getByRole('button', { name: 'Fix the problems to push' }).isDisabled()).toBe(
      true,
    );

    // Corrected, the ten go out together.
    for (const [label, name] of [
      ['Locker 3', 'L3'],
      ['Locker 4', 'L4'],
    ] as const) {
      await filter.fill(label);
      await ptiCell(label).fill(name);
      await ptiCell(label).press('Enter');
    }
    await filter.fill('');
    await eventually(() => problems.count()).toBe(0);
    await diff.getByRole('button', { name: 'Push 10 changes' }).click();
    await filter.fill('DU');
    await eventually(async () => {
      const states = await page.getByTestId('unit-row').locator('.mapping__state').allInnerTexts();
      return states.join(',');
    }).toBe('Synced,Synced,Synced,Synced,Synced,Synced');
    expect(await ptiCell('DU04').inputValue()).toBe('DU04');
    await filter.fill('Locker');
    await eventually(() => ptiCell('Locker 4').inputValue()).toBe('L4');
    await eventually(() => rowOf('Locker 4').locator('.mapping__state').innerText()).toBe('Synced');
    await filter.fill('');
  });

  let firstUnit = '';
  let secondUnit = '';

  const rentalRow = (unit: string) =>
    page.locator(`[data-testid="rental-row"][data-unit="${unit}"]`);

  /** PTI names of the vacant units, as the rentals view lists them. */
  const vacantUnits = () =>
    page
      .getByTestId('rental-row')
      .filter({ has: page.getByRole('cell', { name: 'Vacant', exact: true }) })
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-unit') ?? ''));

  const checkKeypad = async (unit: string, at: string) => {
    const tester = page.getByRole('form', { name: 'Keypad access tester' });
    await tester.getByRole('combobox').selectOption(unit);
    await tester.getByRole('textbox', { name: 'Keypad' }).fill('1');
    await tester.locator('input[type="datetime-local"]').fill(at);
    const answer = page.getByTestId('keypad-answer');
    const before = (await answer.count()) > 0 ? await answer.innerText() : '';
    await tester.getByRole('button', { name: 'Check' }).click();
    await eventually(async () => ((await answer.count()) > 0 ? answer.innerText() : '')).not.toBe(
      before,
    );
    return answer.innerText();
  };

  it('moves a customer into two units and tests the code at the entry gate', async () => {
    await tab('Rentals and access');
    await page.getByTestId('rental-row').first().waitFor({ timeout: 30_000 });
    const vacant = await vacantUnits();
    expect(vacant.length).toBeGreaterThanOrEqual(4);
    [firstUnit, secondUnit] = vacant as [string, string];

    const form = page.getByRole('form', { name: 'Move in' });
    await form.getByRole('textbox', { name: /Units/ }).fill(`${firstUnit}, ${secondUnit}`);
    await form.getByRole('textbox', { name: 'Customer name' }).fill('Riley Moss');
    await form.getByRole('button', { name: 'Move in' }).click();
    for (const unit of [firstUnit, secondUnit]) {
      await eventually(() => rentalRow(unit).innerText(), { timeout: 30_000 }).toMatch(
        /Riley Moss.*••\d\d.*Applied/s,
      );
    }

    // The demo's default level is Standard, 06:00–22:00 at the site.
    expect(await checkKeypad(firstUnit, '2026-11-24T12:00')).toMatch(/^ACCESS GRANTED/);
    expect(await checkKeypad(secondUnit, '2026-11-24T23:30')).toMatch(/^AREA CLOSED/);
  });

  it('asks the gateway itself and shows the entry in the gate event log', async () => {
    const tester = page.getByRole('form', { name: 'Keypad access tester' });
    await tester.getByRole('combobox').selectOption(firstUnit);
    await tester.locator('input[type="datetime-local"]').fill('2026-11-24T12:00');
    await tester.getByRole('button', { name: 'Try at the gateway' }).click();
    await eventually(() => page.getByTestId('gateway-answer').innerText(), {
      timeout: 30_000,
    }).toMatch(/^ACCESS GRANTED/);
    expect(await page.getByTestId('keypad-answer').innerText()).toMatch(/^ACCESS GRANTED/);
    expect(await page.getByTestId('keypad-disagreement').count()).toBe(0);

    const log = page.getByRole('region', { name: 'Gate event log' });
    const newest = log.getByTestId('gate-event').first();
    await eventually(() => newest.innerText(), { timeout: 30_000 }).toMatch(
      new RegExp(`Nov 24, 2026.*12:00.*${firstUnit}.*Riley Moss.*••\\d\\d.*ACCESS GRANTED`, 's'),
    );
    // The whole code is never on the page: only its last two digits.
    expect(await newest.locator('td').nth(3).innerText()).toMatch(/^•+\d\d$/);

    // A code typed in instead of the tenant's: nobody at the site has it.
    const code = tester.getByRole('textbox', { name: 'Or a code' });
    await code.fill('90817263');
    await tester.getByRole('button', { name: 'Try at the gateway' }).click();
    await eventually(() => page.getByTestId('gateway-answer').innerText(), {
      timeout: 30_000,
    }).toMatch(/^ACCESS DENIED/);
    await eventually(() => newest.innerText(), { timeout: 30_000 }).toMatch(
      /••••••63.*ACCESS DENIED/s,
    );
    await code.fill('');
  });

  it('answers ACCESS SUSPENDED once the unit is overlocked', async () => {
    await rentalRow(firstUnit).getByRole('button', { name: 'Overlock' }).click();
    await eventually(() => rentalRow(firstUnit).innerText(), { timeout: 30_000 }).toMatch(
      /Yes.*Applied/s,
    );
    expect(await checkKeypad(firstUnit, '2026-11-24T12:00')).toMatch(/^ACCESS SUSPENDED/);
  });

  it('queues the same edits while the gateway is off and applies them when it returns', async () => {
    await setGateway(true);
    const vacant = await vacantUnits();
    const [third, fourth] = vacant as [string, string];
    const form = page.getByRole('form', { name: 'Move in' });
    await form.getByRole('textbox', { name: /Units/ }).fill(`${third}, ${fourth}`);
    await form.getByRole('textbox', { name: 'Customer name' }).fill('Sasha Lind');
    await form.getByRole('button', { name: 'Move in' }).click();
    await rentalRow(firstUnit).getByRole('button', { name: 'Unlock' }).click();
    for (const unit of [third, fourth, firstUnit])
      await eventually(() => rentalRow(unit).innerText(), { timeout: 30_000 }).toMatch(/Queued/);

    // The connection tab says the gateway is away.
    await tab('PTI connection');
    const panel = page.getByTestId('pti-connection');
    await panel.getByRole('button', { name: 'Test connection' }).click();
    await eventually(() => panel.getByTestId('pti-status').getAttribute('data-status')).toBe(
      'offline',
    );

    await setGateway(false);
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await eventually(() => panel.getByTestId('pti-status').getAttribute('data-status')).toBe(
      'online',
    );
    await tab('Rentals and access');
    for (const unit of [third, fourth])
      await eventually(() => rentalRow(unit).innerText(), { timeout: 30_000 }).toMatch(
        /Sasha Lind.*••\d\d.*Applied/s,
      );
    await eventually(() => rentalRow(firstUnit).innerText(), { timeout: 30_000 }).toMatch(
      /No.*Applied/s,
    );
    expect(await checkKeypad(firstUnit, '2026-11-24T12:00')).toMatch(/^ACCESS GRANTED/);
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${dir.path}/sites-installer.png` });
  });
});
