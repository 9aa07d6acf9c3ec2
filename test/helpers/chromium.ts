import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Debian's Chromium, driven by playwright-core; Playwright's own browser download cannot work offline. */
export const chromiumPath = candidates.find((p): p is string => !!p && existsSync(p)) ?? null;

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Without Chromium the end-to-end tests skip, loudly; under CI=true a missing browser is a failure,
 * because CI installs it and a silent skip would hide a broken install step.
 */
export function requireChromium(): string | null {
  if (chromiumPath) return chromiumPath;
  const message =
    'Chromium was not found (looked for CHROMIUM_PATH, /usr/bin/chromium). Install it with `apt-get install -y chromium` to run the end-to-end tests.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! END-TO-END TESTS SKIPPED: ${message}\n`);
  return null;
}
