import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireChromium } from '../helpers/chromium.js';
import {
  axeViolations,
  coreCall,
  demoServerUrl,
  eventually,
  navItem,
  openApp,
  startDemoHost,
  waitForSyncStatus,
  type AppPage,
  type DemoHost,
} from './support/app.js';

const executablePath = requireChromium();

// The embedded demo's accounts are public on purpose (src-server/seed/demo-accounts.ts).
const admin = { email: 'admin@demo.gatedesk.test', password: 'demo-admin-pass' };
const technician = { email: 'tech@demo.gatedesk.test', password: 'demo-technician-pass' };

interface Row {
  id: string;
  priority: string;
  status: string;
  sla?: { dueAt: string | null };
}
interface ServerSla {
  summary: { clock: string | null; dueAt: string | null };
  firstResponse: { dueAt: string } | null;
}

/**
 * The SLA policy screen with the demo started as its admin (GATEDESK_DEMO_ROLE=admin): the admin
 * shortens the high-priority first-response target, the policy reads back after a reload, and a
 * technician's copy of a high-priority open ticket comes due earlier, as the server says.
 */
describe.skipIf(!executablePath)('the SLA policy, edited by the demo admin', () => {
  let demo: DemoHost;
  let app: AppPage;
  let page: Page;
  let serverUrl = '';
  let adminToken = '';
  const profiles = { admin: '', technician: '' };
  const watched: { id: string; before: string }[] = [];

  const serverSla = async (id: string): Promise<ServerSla> => {
    const response = await fetch(new URL(`/tickets/v1/${id}/sla`, serverUrl), {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as ServerSla;
  };

  async function become(who: keyof typeof profiles) {
    await coreCall(page, 'profiles.activate', { id: profiles[who] });
    await coreCall(page, 'sync.now', {});
    await page.reload();
    await waitForSyncStatus(page, 'idle', 60_000);
  }

  beforeAll(async () => {
    demo = await startDemoHost(executablePath!, 'e2e-sla-policy', { GATEDESK_DEMO_ROLE: 'admin' });
    app = await openApp(demo.browser, demo.host.launchUrl);
    page = app.page;
    await waitForSyncStatus(page, 'idle', 90_000);
    serverUrl = await demoServerUrl(page);

    const signIn = await fetch(new URL('/auth/v1/sign-in', serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(signIn.status).toBe(200);
    adminToken = ((await signIn.json()) as { accessToken: string }).accessToken;

    const { profiles: list } = await coreCall<{
      profiles: { id: string; isDemo: boolean; account: string }[];
    }>(page, 'profiles.list', {});
    const adminProfile = list.find((p) => p.isDemo)!;
    expect(adminProfile.account).toBe(admin.email);
    profiles.admin = adminProfile.id;
    const added = await coreCall<{ id: string }>(page, 'profiles.add', {
      name: 'Technician',
      serverUrl,
      account: technician.email,
    });
    profiles.technician = added.id;
    await coreCall(page, 'profiles.activate', { id: profiles.technician });
    await coreCall(page, 'profiles.signIn', { password: technician.password });
    await coreCall(page, 'sync.now', {});

    // High-priority tickets whose first response is still due: the target being changed.
    const { rows } = await coreCall<{ rows: Row[] }>(page, 'tickets.list', { limit: 500 });
    for (const row of rows.filter((r) => r.priority === 'high' && r.sla?.dueAt)) {
      const sla = await serverSla(row.id);
      if (sla.summary.clock !== 'first_response') continue;
      expect(row.sla!.dueAt).toBe(sla.summary.dueAt);
      watched.push({ id: row.id, before: sla.summary.dueAt! });
    }
    expect(watched.length).toBeGreaterThan(0);
    await become('admin');
  }, 180_000);

  afterAll(async () => {
    await demo?.stop();
  });

  const highFirstResponse = () =>
    page.getByLabel('High priority: first response within, hours', { exact: true });

  it('lets the admin change the high-priority first-response target, kept after a reload', async () => {
    await navItem(page, 'SLA policy').click();
    const view = page.getByTestId('sla-policy-view');
    await view.waitFor();
    expect(await highFirstResponse().inputValue()).toBe('4');
    expect(await highFirstResponse().isEditable()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await highFirstResponse().fill('2');
    await view.getByRole('button', { name: 'Save the policy' }).click();
    await eventually(() => view.getByRole('status').innerText()).toMatch(/^Saved\./);

    await page.reload();
    await waitForSyncStatus(page, 'idle', 60_000);
    await navItem(page, 'SLA policy').click();
    await eventually(() => highFirstResponse().inputValue()).toBe('2');
    expect(await axeViolations(page)).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it("moves a high-priority ticket's first-response due time earlier, on the server and for a technician", async () => {
    const after = new Map<string, string>();
    for (const { id, before } of watched) {
      const sla = await serverSla(id);
      expect(sla.summary.clock).toBe('first_response');
      expect(Date.parse(sla.summary.dueAt!)).toBeLessThan(Date.parse(before));
      after.set(id, sla.summary.dueAt!);
    }

    await become('technician');
    await navItem(page, 'SLA policy').click();
    await eventually(() => highFirstResponse().inputValue()).toBe('2');
    expect(await highFirstResponse().isEditable()).toBe(false);
    const { rows } = await coreCall<{ rows: Row[] }>(page, 'tickets.list', { limit: 500 });
    for (const [id, dueAt] of after)
      expect(rows.find((r) => r.id === id)?.sla?.dueAt, `ticket ${id}`).toBe(dueAt);
  });
});
