import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src-main/core/api/errors.js';
import {
  createSafeStorageBox,
  type SafeStorageLike,
} from '../../../src-main/app/safe-storage-box.js';

type Backend = ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>;

/** Stands in for the OS keychain: a reversible transform tagged so tampering is detected. */
function fakeSafeStorage(state: { available: boolean; backend?: Backend }) {
  const encryptCalls: string[] = [];
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => state.available,
    encryptString: (plain) => {
      encryptCalls.push(plain);
      return Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
    },
    decryptString: (sealed) => {
      if (sealed.subarray(0, 3).toString() !== 'v10')
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      return Buffer.from(sealed.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
    },
    ...(state.backend ? { getSelectedStorageBackend: () => state.backend! } : {}),
  };
  return { storage, encryptCalls };
}

describe('safeStorage secret box', () => {
  it('round-trips a secret and never stores it as plaintext', () => {
    const { storage } = fakeSafeStorage({ available: true });
    const box = createSafeStorageBox(storage, 'darwin');
    const sealed = box.seal('pti-site-password-ü');
    expect(box.kind).toBe('safeStorage');
    expect(sealed.toString('utf8')).not.toContain('pti-site-password');
    expect(box.open(sealed)).toBe('pti-site-password-ü');
  });

  it('refuses to seal when encryption is unavailable, without passing the secret anywhere', () => {
    const { storage, encryptCalls } = fakeSafeStorage({ available: false });
    const box = createSafeStorageBox(storage, 'win32');
    const attempt = () => box.seal('token');
    expect(attempt).toThrow(ServiceError);
    expect(attempt).toThrow(/keyring/);
    expect(encryptCalls).toEqual([]);
  });

  it('treats the Linux fallback with a hard-coded key as unavailable', () => {
    const state: { available: boolean; backend: Backend } = {
      available: true,
      backend: 'basic_text',
    };
    const { storage, encryptCalls } = fakeSafeStorage(state);
    const box = createSafeStorageBox(storage, 'linux');
    expect(() => box.seal('token')).toThrow(/keyring/);
    expect(encryptCalls).toEqual([]);
    state.backend = 'gnome_libsecret';
    expect(box.open(box.seal('token'))).toBe('token');
  });

  it('starts working once encryption becomes available (after app ready)', () => {
    const state = { available: false };
    const { storage } = fakeSafeStorage(state);
    const box = createSafeStorageBox(storage, 'darwin');
    expect(() => box.seal('token')).toThrow();
    state.available = true;
    expect(box.open(box.seal('token'))).toBe('token');
  });

  it('reports a secret it cannot decrypt as a reason to sign in again', () => {
    const { storage } = fakeSafeStorage({ available: true });
    const box = createSafeStorageBox(storage, 'darwin');
    try {
      box.open(Buffer.from('garbage'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('unauthorized');
      expect((error as ServiceError).message).toMatch(/sign in again/i);
    }
  });
});
