import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Profile, ProfileInput } from '../../src-shared/domain/profile.js';
import { ServiceError } from './api/errors.js';
import type { DemoEnvironment, SecretBox } from './core-types.js';
import { profileDatabaseFile } from './paths.js';
import type { StoreDb } from './store/store-types.js';

const ACTIVE_KEY = 'active_profile_id';

/** Server profiles in the app database; tokens sealed by the shell's SecretBox. */
export class ProfileRegistry {
  constructor(
    private readonly appDb: StoreDb,
    private readonly dataDir: string,
    private readonly secrets: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Promise<Profile[]> {
    return this.appDb.read('profiles.list', {});
  }

  async get(id: string): Promise<Profile> {
    const profile = await this.appDb.read('profiles.get', { id });
    if (!profile)
      throw new ServiceError(
        'not_found',
        'That server profile no longer exists. Pick another one.',
      );
    return profile;
  }

  activeId(): Promise<string | null> {
    return this.appDb.read('settings.get', { key: ACTIVE_KEY });
  }

  async setActive(id: string): Promise<Profile> {
    const profile = await this.get(id);
    await this.appDb.write('settings.set', { key: ACTIVE_KEY, value: id });
    return profile;
  }

  async add(input: ProfileInput): Promise<Profile> {
    const existing = await this.list();
    const sameName = existing.find((p) => p.name.toLowerCase() === input.name.toLowerCase());
    if (sameName)
      throw new ServiceError(
        'conflict',
        `A profile named "${sameName.name}" already exists; choose another name.`,
      );
    const profile: Profile = {
      id: randomUUID(),
      ...input,
      isDemo: false,
      createdAt: this.now().toISOString(),
    };
    await this.appDb.write('profiles.insert', profile);
    return profile;
  }

  /** The demo profile exists once; its server URL follows the embedded server's port. */
  async ensureDemo(demo: DemoEnvironment): Promise<Profile> {
    let existing = await this.appDb.read('profiles.getDemo', {});
    if (existing && existing.account !== demo.account.email) {
      // Another demo role: its own profile and cache, as signing in as someone else would be.
      const wasActive = (await this.activeId()) === existing.id;
      await this.remove(existing.id);
      if (wasActive) await this.appDb.write('settings.set', { key: ACTIVE_KEY, value: '' });
      existing = null;
    }
    if (existing) {
      if (existing.serverUrl !== demo.serverUrl) {
        await this.appDb.write('profiles.updateServerUrl', {
          id: existing.id,
          serverUrl: demo.serverUrl,
        });
      }
      return { ...existing, serverUrl: demo.serverUrl };
    }
    const profile: Profile = {
      id: randomUUID(),
      name: 'Demo',
      serverUrl: demo.serverUrl,
      account: demo.account.email,
      isDemo: true,
      createdAt: this.now().toISOString(),
    };
    await this.appDb.write('profiles.insert', profile);
    return profile;
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.appDb.write('profiles.delete', { id });
    // the cache is only a copy of the server's data; the outbox moves into it with the sync engine,
    // and removal will then refuse while unsynced work remains
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(profileDatabaseFile(this.dataDir, id) + suffix, { force: true });
  }

  async accessToken(id: string): Promise<string | null> {
    const sealed = await this.appDb.read('profiles.getSealedTokens', { id });
    return sealed.access ? this.secrets.open(Buffer.from(sealed.access)) : null;
  }

  async refreshToken(id: string): Promise<string | null> {
    const sealed = await this.appDb.read('profiles.getSealedTokens', { id });
    return sealed.refresh ? this.secrets.open(Buffer.from(sealed.refresh)) : null;
  }

  async storeTokens(id: string, tokens: { access: string; refresh: string } | null): Promise<void> {
    await this.appDb.write('profiles.setSealedTokens', {
      id,
      access: tokens ? this.secrets.seal(tokens.access) : null,
      refresh: tokens ? this.secrets.seal(tokens.refresh) : null,
    });
  }
}
