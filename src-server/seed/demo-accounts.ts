/**
 * The demo's sign-in accounts. These credentials are public on purpose: only demo data is
 * seeded with them, and every other seeded account has no password at all.
 */
export const DEMO_TECHNICIAN = {
  email: 'tech@demo.gatedesk.test',
  password: 'demo-technician-pass',
} as const;
export const DEMO_SITE_MANAGER = {
  email: 'manager@demo.gatedesk.test',
  password: 'demo-manager-pass',
} as const;

/** The installer of Harbor Point: maps units and sets up the PTI connection of its sites. */
export const DEMO_INSTALLER = {
  email: 'installer@demo.gatedesk.test',
  password: 'demo-installer-pass',
} as const;

/** Support's administrator: edits the SLA policy and other support-wide settings. */
export const DEMO_ADMIN = {
  email: 'admin@demo.gatedesk.test',
  password: 'demo-admin-pass',
} as const;

export interface DemoAccounts {
  technician: { email: string; password: string };
  siteManager: { email: string; password: string };
  installer: { email: string; password: string };
  admin: { email: string; password: string };
}

export const demoAccounts: DemoAccounts = {
  technician: { ...DEMO_TECHNICIAN },
  siteManager: { ...DEMO_SITE_MANAGER },
  installer: { ...DEMO_INSTALLER },
  admin: { ...DEMO_ADMIN },
};
