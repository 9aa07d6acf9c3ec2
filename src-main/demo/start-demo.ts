import { join } from 'node:path';
import { startEmbeddedSupportServer } from '../../src-server/embedded.js';
import { startEmbeddedPtiGateway } from '../../src-pti-gateway/embedded.js';
import type { CoreLogger, DemoEnvironment } from '../core/core-types.js';

/** Who the demo signs in as: each role sees the product as that user does (DESIGN.md). */
export const demoRoles = ['technician', 'installer', 'site_manager', 'admin'] as const;
export type DemoRole = (typeof demoRoles)[number];

/** The demo site whose PTI connection the demo profile starts with (one every demo role sees). */
export const demoPtiSiteCode = 'HPS101';

/** GATEDESK_DEMO_ROLE picks the demo account; anything else is refused in words. */
export function demoRoleFrom(value: string | undefined): DemoRole {
  const text = value?.trim() ?? '';
  if (text === '') return 'technician';
  if ((demoRoles as readonly string[]).includes(text)) return text as DemoRole;
  throw new Error(
    `GATEDESK_DEMO_ROLE must be one of ${demoRoles.join(', ')}; it is "${text}". Leave it unset for the technician.`,
  );
}

/**
 * The embedded demo of DESIGN.md: the real support server and PTI gateway emulator, in-process,
 * on loopback, with seeded data kept under the app's data directory between launches.
 * GATEDESK_DEMO_ROLE chooses the demo account (technician unless set); GATEDESK_PTI_FAULTS=1
 * serves the emulator's fault switches, to take the gateway away and bring it back.
 */
export async function startDemo(options: {
  dataDir: string;
  logger: CoreLogger;
  role?: DemoRole;
  env?: Record<string, string | undefined>;
}): Promise<DemoEnvironment> {
  const env = options.env ?? process.env;
  const role = options.role ?? demoRoleFrom(env.GATEDESK_DEMO_ROLE);
  const server = await startEmbeddedSupportServer({
    dataDir: join(options.dataDir, 'demo', 'server'),
  });
  let gateway;
  try {
    gateway = await startEmbeddedPtiGateway({
      dataDir: join(options.dataDir, 'demo', 'pti-gateway'),
      faults: env.GATEDESK_PTI_FAULTS === '1',
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const gatewayUrl = gateway.url;
  options.logger.info('demo started', { serverUrl: server.url, gatewayUrl, role });
  const accounts: Record<DemoRole, { email: string; password: string }> = {
    technician: server.demo.technician,
    installer: server.demo.installer,
    site_manager: server.demo.siteManager,
    admin: server.demo.admin,
  };
  const account = accounts[role];
  return {
    serverUrl: server.url,
    gatewayUrl,
    account,
    ptiSites: gateway.demo.sites
      .filter((site) => site.siteCode === demoPtiSiteCode)
      .map((site) => ({ ...site, gatewayUrl })),
    async close() {
      await Promise.allSettled([gateway.close(), server.close()]);
    },
  };
}
