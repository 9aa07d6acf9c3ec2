import { createPrng } from './prng.js';
import type { GatewaySite, GatewayState, Unit } from './state.js';

/**
 * The demo's sites as the gateway knows them. The support server's demo seed lists the same site
 * codes; the two lists must name the same sites.
 */
export const DEMO_SITE_CODES = [
  'HPS101',
  'HPS102',
  'HPS103',
  'RMS201',
  'RMS202',
  'PLS301',
  'PLS302',
  'PLS303',
  'CVS401',
  'CVS402',
] as const;

const siteDetails: Record<(typeof DEMO_SITE_CODES)[number], { name: string; timezone: string }> = {
  HPS101: { name: 'Harbor Point Quincy', timezone: 'America/New_York' },
  HPS102: { name: 'Harbor Point Salem', timezone: 'America/New_York' },
  HPS103: { name: 'Harbor Point Portsmouth', timezone: 'America/New_York' },
  RMS201: { name: 'Red Mesa Tempe', timezone: 'America/Phoenix' },
  RMS202: { name: 'Red Mesa Albuquerque', timezone: 'America/Denver' },
  PLS301: { name: 'Prairie Lock & Store Omaha', timezone: 'America/Chicago' },
  PLS302: { name: 'Prairie Lock & Store Wichita', timezone: 'America/Chicago' },
  PLS303: { name: 'Prairie Lock & Store Sioux Falls', timezone: 'America/Chicago' },
  CVS401: { name: 'Cascade Vault Tacoma', timezone: 'America/Los_Angeles' },
  CVS402: { name: 'Cascade Vault Boise', timezone: 'America/Boise' },
};

/** The connection details an installer types in for a demo site. Public on purpose: demo data only. */
export interface DemoSiteCredentials {
  siteCode: string;
  siteKey: string;
  username: string;
  password: string;
}

export function buildDemoState(): GatewayState {
  const rng = createPrng(0x9a7e_0001);
  const sites = DEMO_SITE_CODES.map((code): GatewaySite => {
    const details = siteDetails[code];
    return {
      code,
      name: details.name,
      timezone: details.timezone,
      siteKey: `${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}`.toUpperCase(),
      username: `storlogix-${code.toLowerCase()}`,
      password: `demo-${rng.hex(10)}`,
      units: demoUnits(rng),
    };
  });
  return { format: 1, sites };
}

export function demoCredentials(state: GatewayState): DemoSiteCredentials[] {
  return state.sites.map((site) => ({
    siteCode: site.code,
    siteKey: site.siteKey,
    username: site.username,
    password: site.password,
  }));
}

/** Buildings of climate-controlled units, then drive-ups and a few parking spaces, as a real site has. */
function demoUnits(rng: ReturnType<typeof createPrng>): Unit[] {
  const names: string[] = [];
  const buildings = ['A', 'B', 'C'].slice(0, rng.int(1, 3));
  for (const building of buildings) {
    const count = rng.int(8, 16);
    for (let i = 1; i <= count; i++) names.push(`${building}${100 + i}`);
  }
  const driveUps = rng.int(6, 12);
  for (let i = 1; i <= driveUps; i++) names.push(`DU${String(i).padStart(2, '0')}`);
  const parking = rng.int(0, 6);
  for (let i = 1; i <= parking; i++) names.push(`RV-${String(i).padStart(2, '0')}`);
  return names.map((name) => {
    const occupied = rng.chance(0.8);
    return { name, occupied, overlocked: occupied && rng.chance(0.06) };
  });
}
