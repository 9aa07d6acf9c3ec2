import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoEnvironment, SecretBox } from '../../../src-main/core/core-types.js';
import { profileDatabaseFile } from '../../../src-main/core/paths.js';
import { ProfileRegistry } from '../../../src-main/core/profiles.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store } from '../../../src-main/core/store/store-types.js';
import { demoRoleFrom } from '../../../src-main/demo/start-demo.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Starting the demo as another role gives that account its own demo profile and cache.
const box: SecretBox = {
  kind: 'memory',
  seal: (plain) => Buffer.from(plain),
  open: (sealed) => sealed.toString(),
};
const demo = (email: string, serverUrl = 'http://127.0.0.1:4000'): DemoEnvironment => ({
  serverUrl,
  gatewayUrl: 'http://127.0.0.1:4100',
  account: { email, password: 'x' },
  close: async () => {},
});

let dir: ReturnType<typeof tempDir>;
let store: Store;
let registry: ProfileRegistry;

beforeEach(async () => {
  dir = tempDir('demo-profile');
  store = createInlineStore();
  registry = new ProfileRegistry(
    await store.open(join(dir.path, 'app.sqlite'), 'app'),
    dir.path,
    box,
  );
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('the demo profile', () => {
  it('is kept across launches of the same role, following the server to its new port', async () => {
    const first = await registry.ensureDemo(demo('tech@demo.gatedesk.test'));
    const again = await registry.ensureDemo(
      demo('tech@demo.gatedesk.test', 'http://127.0.0.1:5000'),
    );
    expect(again.id).toBe(first.id);
    expect(again.serverUrl).toBe('http://127.0.0.1:5000');
  });

  it('starts over, with no cache or tokens of the other account, when the role changes', async () => {
    const tech = await registry.ensureDemo(demo('tech@demo.gatedesk.test'));
    await registry.setActive(tech.id);
    await registry.storeTokens(tech.id, { access: 'a', refresh: 'r' });
    mkdirSync(dirname(profileDatabaseFile(dir.path, tech.id)), { recursive: true });
    writeFileSync(profileDatabaseFile(dir.path, tech.id), 'cache');

    const installer = await registry.ensureDemo(demo('installer@demo.gatedesk.test'));
    expect(installer.id).not.toBe(tech.id);
    expect(installer.account).toBe('installer@demo.gatedesk.test');
    expect((await registry.list()).map((p) => p.account)).toEqual(['installer@demo.gatedesk.test']);
    expect(existsSync(profileDatabaseFile(dir.path, tech.id))).toBe(false);
    expect(await registry.accessToken(installer.id)).toBeNull();
    // the old demo was active, so nothing is now: the core activates the new demo
    expect(await registry.activeId()).toBeFalsy();
  });

  it('reads its role from GATEDESK_DEMO_ROLE, refusing an unknown one in words', () => {
    expect(demoRoleFrom(undefined)).toBe('technician');
    expect(demoRoleFrom(' installer ')).toBe('installer');
    expect(demoRoleFrom('site_manager')).toBe('site_manager');
    expect(demoRoleFrom('admin')).toBe('admin');
    expect(() => demoRoleFrom('owner')).toThrow(
      /GATEDESK_DEMO_ROLE must be one of technician, installer, site_manager, admin; it is "owner"/,
    );
  });
});
