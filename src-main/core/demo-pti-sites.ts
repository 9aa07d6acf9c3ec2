import type { ActiveProfile } from './active-profile.js';
import type { DemoPtiSite } from './core-types.js';

/** Remembers which demo sites were set up, so one the user removed is not brought back. */
const seededKey = 'demo_pti_sites';

/**
 * Sets up the demo profile's PTI sites the way an installer would (secrets sealed by the
 * profile's secret box), once; later launches only follow the emulator to its new port.
 */
export async function prepareDemoPtiSites(
  p: ActiveProfile,
  sites: readonly DemoPtiSite[],
  at: Date,
): Promise<void> {
  const seeded = new Set<string>(
    JSON.parse((await p.db.read('sync.getMeta', { key: seededKey })) ?? '[]') as string[],
  );
  for (const site of sites) {
    const existing = await p.db.read('pti.sites.get', { siteCode: site.siteCode });
    if (seeded.has(site.siteCode) && (!existing || existing.gatewayUrl === site.gatewayUrl))
      continue;
    const outcome = await p.db.write('pti.sites.save', {
      siteCode: site.siteCode,
      gatewayUrl: site.gatewayUrl,
      username: existing?.username ?? site.username,
      // An existing site keeps its secrets: only the emulator's address moved.
      ...(existing
        ? {}
        : {
            siteKeySealed: p.secrets.seal(site.siteKey),
            passwordSealed: p.secrets.seal(site.password),
          }),
      at: at.toISOString(),
    });
    if (outcome.refused) continue;
    seeded.add(site.siteCode);
    p.changed(outcome.tables);
    void p.pti.siteSaved(site.siteCode);
  }
  await p.db.write('sync.setMeta', { key: seededKey, value: JSON.stringify([...seeded]) });
}
