import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../helpers/chromium.js';
import {
  axeViolations,
  eventually,
  openApp,
  screenshot,
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
const newPassword = 'gate-arm-halfway-2026';

/** Records every `new Notification(...)` the page makes; installed before the app's scripts. */
const recordNotifications = () => {
  const w = window as unknown as {
    __notifications: { title: string; body: string }[];
    Notification: typeof Notification;
  };
  w.__notifications = [];
  const Original = w.Notification;
  class Recorded extends Original {
    constructor(title: string, options?: NotificationOptions) {
      w.__notifications.push({ title, body: options?.body ?? '' });
      super(title, options);
    }
  }
  w.Notification = Recorded;
};

/**
 * The site manager's account: My settings (a phone number that persists), the password (change,
 * sign out, sign in with the new one), requesting an account, and a technician's reply that
 * gives the site manager an unread count and a desktop notification.
 */
describe.skipIf(!executablePath)('your account and notifications', () => {
  let demo: DemoHost;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoHost(executablePath!, 'e2e-account');
    app = await openApp(demo.browser, demo.host.launchUrl);
    page = app.page;
    await app.context.addInitScript(recordNotifications);
    await app.context.grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
    await page.reload();
    await waitForQueue(page);

    // The site manager works in a second profile on the demo's server.
    await addProfileAndSignIn(page, {
      name: 'Site office',
      serverUrl: await demoServerUrl(page),
      ...manager,
    });
  });

  afterAll(async () => {
    await demo?.stop();
  });

  it('changes the phone number in My settings, and it is still there after a reload', async () => {
    await navItem(page, 'My settings').click();
    const settings = page.getByRole('form', { name: 'My settings' });
    await settings.getByLabel('Full name').waitFor();
    if ((await settings.getByLabel('Phone 1 number').count()) === 0)
      await settings.getByRole('button', { name: 'Add a phone number' }).click();
    // a bad number is refused at its field, and nothing typed is lost
    await settings.getByLabel('Phone 1 number').fill('call me maybe');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    const phone = settings.getByLabel('Phone 1 number');
    await eventually(() => phone.getAttribute('aria-invalid')).toBe('true');
    const errorId = await phone.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).innerText()).toMatch(/digits/);
    expect(await phone.inputValue()).toBe('call me maybe');

    await phone.fill('+1 617-555-0142');
    await settings.getByLabel('Phone 1 type').selectOption('work');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await eventually(() => settings.getByRole('status').innerText()).toBe(
      'Your settings are saved.',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'My settings' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'my-settings', demo.dir.path);

    await page.reload();
    await waitForSyncStatus(page, 'idle');
    await navItem(page, 'My settings').click();
    const again = page.getByRole('form', { name: 'My settings' }).getByLabel('Phone 1 number');
    await eventually(() => again.inputValue()).toBe('+1 617-555-0142');
    expect(
      await page.getByRole('form', { name: 'My settings' }).getByLabel('Phone 1 type').inputValue(),
    ).toBe('work');
  });

  it('changes the password; after signing out, the new one signs in', async () => {
    await navItem(page, 'My settings').click();
    await page.getByRole('button', { name: 'Change password…' }).click();
    const dialog = page.getByTestId('password-dialog');
    await dialog.getByLabel('Current password').fill(manager.password);
    await dialog.getByLabel('New password', { exact: true }).fill('short');
    await dialog.getByLabel('New password again').fill('short');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => dialog.getByText(/at least 10 characters/).count()).toBeGreaterThan(0);

    await dialog.getByLabel('New password', { exact: true }).fill(newPassword);
    await dialog.getByLabel('New password again').fill(newPassword);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => dialog.getByRole('status').innerText()).toMatch(/password/i);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    await navItem(page, 'Profiles').click();
    await page.getByRole('button', { name: 'Sign out of Site office' }).click();
    await waitForSyncStatus(page, 'unauthorized');
    await page.getByRole('button', { name: 'Sign in to Site office' }).click();
    const signIn = page.getByTestId('sign-in-dialog');
    await signIn.getByLabel('Password').fill(manager.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => signIn.getByRole('alert').count()).toBe(1);
    await signIn.getByLabel('Password').fill(newPassword);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await waitForSyncStatus(page, 'idle');
  });

  it('requests an account from the profile form and shows the confirmation', async () => {
    await navItem(page, 'Profiles').click();
    await page.getByRole('button', { name: 'Request an account…' }).click();
    const dialog = page.getByTestId('request-account-dialog');
    const form = dialog.getByRole('form', { name: 'Request an account' });
    // the active profile's server is offered
    expect(await form.getByLabel('Support server address').inputValue()).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+/,
    );
    await form.getByLabel('Full name').fill('Casey Morgan');
    await form.getByLabel('Email address').fill('casey@harbor-point.test');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Request account' }).click();
    await eventually(() => dialog.getByTestId('request-account-confirmation').innerText()).toMatch(
      /sent you an email/,
    );
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('a technician’s reply gives the site manager an unread count and a notification', async () => {
    // a ticket the site manager raises
    await page.getByRole('button', { name: 'New ticket', exact: true }).click();
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Product line').selectOption('pti_hardware');
    await form.getByLabel('Site').selectOption({ index: 1 });
    await form.getByLabel('Subject').fill('Keypad beeps twice and denies every code');
    await form.getByLabel('Description').fill('Since this morning the keypad at gate 2 beeps.');
    await form.getByRole('button', { name: 'Create ticket' }).click();
    const number = page.getByTestId('ticket-detail').getByTestId('ticket-number');
    await eventually(async () => (await number.innerText()).trim(), { timeout: 30_000 }).toMatch(
      /^[A-Z]{2}\d{8}$/,
    );
    const ticketNumber = (await number.innerText()).trim();

    // the technician answers it
    await switchTo(page, 'Demo');
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(ticketNumber);
    await page.getByTestId('search-result').filter({ hasText: ticketNumber }).first().click();
    const composer = page.getByTestId('composer');
    await composer.getByRole('textbox').fill('Reset the keypad from the panel; it should recover.');
    await composer.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.getByTestId('timeline-entry').filter({ hasText: 'Reset the keypad' });
    await eventually(() => reply.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');

    // back to the site manager: the reply is news
    await switchTo(page, 'Site office');
    const unread = page.getByTestId('unread-replies');
    await eventually(() => unread.innerText(), { timeout: 30_000 }).toContain('1');
    await eventually(() => page.title()).toBe('(1) Gatedesk');
    await eventually(() =>
      page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications),
    ).toEqual([
      {
        title: expect.stringContaining(`replied on ${ticketNumber}`),
        body: expect.stringContaining('Reset the keypad from the panel'),
      },
    ]);

    // the list of replies opens the ticket, which marks it read
    await navItem(page, 'Replies').click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'replies', demo.dir.path);
    await page.getByTestId('reply-notification').filter({ hasText: ticketNumber }).click();
    await page.getByTestId('ticket-detail').getByTestId('ticket-number').waitFor();
    await eventually(() => unread.count()).toBe(0);
    await eventually(() => page.title()).toBe('Gatedesk');
    expect(app.errors).toEqual([]);
  });
});

async function switchTo(page: Page, profile: string) {
  await page.getByRole('searchbox', { name: 'Search tickets' }).press('Escape');
  await navItem(page, 'Profiles').click();
  await page.getByRole('button', { name: `Make ${profile} the active profile` }).click();
  await eventually(() =>
    page.locator('[data-testid="profile"][aria-current="true"]').innerText(),
  ).toContain(profile);
  await waitForSyncStatus(page, 'idle');
}
