import type { SafeStorage } from 'electron';
import { ServiceError } from '../core/api/errors.js';
import type { SecretBox } from '../core/core-types.js';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

const NO_KEYRING =
  'Gatedesk cannot store passwords and sign-in tokens securely on this computer because no system keyring is available. ' +
  'On Linux, install and unlock a keyring (GNOME Keyring or KWallet), then try again.';

/**
 * Secrets at rest through the OS keychain (Keychain, DPAPI, libsecret/KWallet). When no real
 * keyring is available it refuses rather than writing something that only looks encrypted:
 * on Linux without a keyring Chromium falls back to "basic_text", a key hard-coded in every
 * copy of Chromium, so that backend counts as unavailable too.
 */
export function createSafeStorageBox(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretBox {
  const available = () => {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (platform !== 'linux' || !safeStorage.getSelectedStorageBackend) return true;
    const backend = safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  };
  return {
    kind: 'safeStorage',
    seal(plain) {
      if (!available()) throw new ServiceError('unavailable', NO_KEYRING);
      return safeStorage.encryptString(plain);
    },
    open(sealed) {
      if (!available()) throw new ServiceError('unavailable', NO_KEYRING);
      try {
        return safeStorage.decryptString(sealed);
      } catch {
        // The keychain's own error gives the user nothing to act on; signing in again does.
        throw new ServiceError(
          'unauthorized',
          'A saved password or sign-in token could not be decrypted (the system keyring changed). Sign in again.',
        );
      }
    },
  };
}
