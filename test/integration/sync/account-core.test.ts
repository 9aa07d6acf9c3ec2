import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import { createSupportClient } from '../../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract.js';
import { accountOfflineMessage } from '../../../src-shared/domain/account-calls.js';
import type { TestAccount } from '../../helpers/accounts.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { silentLogger, testCore } from '../../helpers/test-core.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { calm, createFaultyClient, type Faults } from '../../sim/faulty-client.js';
import { createRandom } from '../../sim/prng.js';

// "My settings", the password and account requests through the desktop core, against the real
// server on real PostgreSQL. Nothing about an account is queued: offline says so plainly.
let f: SupportFixture;
let dir: ReturnType<typeof tempDir>;
const cores: Core[] = [];
let offline = false;

async function signedInCore(name: string, account: TestAccount) {
  const dataDir = join(dir.path, name);
  const real = createSupportClient({ baseUrl: f.server.url });
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: 'test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: silentLogger,
    store: createInlineStore(),
    demo: {
      serverUrl: f.server.url,
      gatewayUrl: '',
      account: { email: account.email, password: account.password },
      close: async () => {},
    },
    live: false,
    client: createFaultyClient(
      real,
      createRandom(1),
      (): Faults => (offline ? { ...calm, dropRequest: 1 } : calm),
      () => {},
    ),
  });
  cores.push(core);
  return core;
}

async function call<K extends CallName>(core: Core, name: K, input: CallInput<K>) {
  const result = await core.dispatch(name, input, { shell: 'test' });
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CallOutput<K>;
}
async function refusal<K extends CallName>(core: Core, name: K, input: CallInput<K>) {
  const result = await core.dispatch(name, input, { shell: 'test' });
  expect(result.ok, `${name} should be refused`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

let manager: Core;

beforeAll(async () => {
  dir = tempDir('account-core');
  f = await startSupportFixture({ label: 'account_core' });
  manager = await signedInCore('manager', f.accounts.managerA);
  await call(manager, 'sync.now', {});
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await f?.server.close();
  dir?.remove();
});

describe('my settings', () => {
  it('reads the signed-in person’s settings and saves a new phone number', async () => {
    const before = await call(manager, 'account.settings.get', {});
    expect(before.email).toBe(f.accounts.managerA.email);
    expect(before.role).toBe('site_manager');

    const saved = await call(manager, 'account.settings.set', {
      phones: [{ type: 'mobile', number: '+1 617-555-0199' }],
      timezone: 'US/Central',
    });
    expect(saved.phones).toEqual([{ type: 'mobile', number: '+1 617-555-0199' }]);
    // an alias is stored as its canonical name
    expect(saved.timezone).toBe('America/Chicago');
    const again = await call(manager, 'account.settings.get', {});
    expect(again.phones).toEqual(saved.phones);
    expect(again.timezone).toBe('America/Chicago');
  });

  it('refuses a bad value with a message at the field', async () => {
    const error = await refusal(manager, 'account.settings.set', { timezone: 'Mars/Olympus' });
    expect(error.code).toBe('invalid_input');
    expect(error.issues?.find((i) => i.path === 'timezone')?.message).toMatch(/IANA/);
  });

  it('the session shows a changed name at once', async () => {
    await call(manager, 'account.settings.set', { name: 'Jordan Ellis-Park' });
    expect((await call(manager, 'session.current', {}))?.name).toBe('Jordan Ellis-Park');
  });

  it('offline: says so in one sentence and changes nothing', async () => {
    offline = true;
    try {
      const error = await refusal(manager, 'account.settings.set', {
        phones: [{ type: 'work', number: '555-0000' }],
      });
      expect(error.code).toBe('unavailable');
      expect(error.message).toBe(accountOfflineMessage);
    } finally {
      offline = false;
    }
    expect((await call(manager, 'account.settings.get', {})).phones).toEqual([
      { type: 'mobile', number: '+1 617-555-0199' },
    ]);
  });
});

describe('changing the password', () => {
  it('names the wrong current password and the rule for a weak new one', async () => {
    const wrong = await refusal(manager, 'account.changePassword', {
      currentPassword: 'not-my-password',
      newPassword: 'a-long-enough-password',
    });
    expect(wrong.code).toBe('invalid_input');
    expect(wrong.issues).toEqual([{ path: 'currentPassword', message: 'is not correct' }]);

    const weak = await refusal(manager, 'account.changePassword', {
      currentPassword: f.accounts.managerA.password,
      newPassword: 'short',
    });
    expect(weak.issues?.[0]).toMatchObject({ path: 'newPassword' });
    expect(weak.issues?.[0]?.message).toMatch(/at least 10 characters/);
  });

  it('changes it: the new password signs in, the old one no longer does', async () => {
    const newPassword = 'correct-horse-battery-9';
    const changed = await call(manager, 'account.changePassword', {
      currentPassword: f.accounts.managerA.password,
      newPassword,
    });
    expect(changed.message).toMatch(/password/i);
    // this session goes on working
    expect((await call(manager, 'account.settings.get', {})).email).toBe(f.accounts.managerA.email);
    const client = createSupportClient({ baseUrl: f.server.url });
    await expect(
      client.signIn({ email: f.accounts.managerA.email, password: newPassword }),
    ).resolves.toMatchObject({ user: { email: f.accounts.managerA.email } });
    await expect(
      client.signIn({ email: f.accounts.managerA.email, password: f.accounts.managerA.password }),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('changing the email address', () => {
  it('needs the current password, and the profile signs in with the new address', async () => {
    const refused = await refusal(manager, 'account.settings.set', {
      email: 'jordan.ellis@harbor-point.test',
    });
    expect(refused.code).toBe('invalid_input');
    const saved = await call(manager, 'account.settings.set', {
      email: 'jordan.ellis@harbor-point.test',
      currentPassword: 'correct-horse-battery-9',
    });
    expect(saved.email).toBe('jordan.ellis@harbor-point.test');
    const { profiles, activeId } = await call(manager, 'profiles.list', {});
    expect(profiles.find((p) => p.id === activeId)?.account).toBe('jordan.ellis@harbor-point.test');
    await call(manager, 'profiles.signOut', {});
    await expect(
      call(manager, 'profiles.signIn', { password: 'correct-horse-battery-9' }),
    ).resolves.toMatchObject({ email: 'jordan.ellis@harbor-point.test' });
  });
});

describe('requesting an account', () => {
  it('works with no profile and no sign-in, against the address typed', async () => {
    const dataDir = join(dir.path, 'no-profile');
    const core = await testCore(dataDir);
    cores.push(core);
    const answer = await call(core, 'account.requestAccount', {
      name: 'Casey Morgan',
      email: 'casey@harbor-point.test',
      serverUrl: f.server.url,
    });
    expect(answer.message).toMatch(/email/i);
    const queued = await f.server.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', 'casey@harbor-point.test')
      .execute();
    expect(queued.length).toBe(1);
  });

  it('asks for the server address when there is no profile to take it from', async () => {
    const core = await testCore(join(dir.path, 'no-profile-2'));
    cores.push(core);
    const error = await refusal(core, 'account.requestAccount', {
      name: 'Casey Morgan',
      email: 'casey@harbor-point.test',
    });
    expect(error.issues?.[0]?.path).toBe('serverUrl');
  });

  it('uses the active profile’s server when no address is typed', async () => {
    const answer = await call(manager, 'account.requestAccount', {
      name: 'Sam Reyes',
      email: 'sam@harbor-point.test',
    });
    expect(answer.message).toMatch(/email/i);
  });

  it('says plainly when the server cannot be reached', async () => {
    const core = await testCore(join(dir.path, 'no-profile-3'));
    cores.push(core);
    const error = await refusal(core, 'account.requestAccount', {
      name: 'Casey Morgan',
      email: 'casey2@harbor-point.test',
      // a port nothing listens on
      serverUrl: 'http://127.0.0.1:9',
    });
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/not sent/);
  });
});
