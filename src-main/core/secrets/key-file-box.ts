import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretBox } from '../core-types.js';

const VERSION = 1;

/**
 * Secrets at rest for the web host, where Electron's safeStorage does not exist: AES-256-GCM
 * with a random key kept in a file only its owner can read (0600). Anyone who can read that
 * file as the same OS user can read the secrets; that is the documented limit of this mode.
 */
export function createKeyFileBox(keyFile: string): SecretBox {
  const key = loadOrCreateKey(keyFile);
  return {
    kind: 'keyFile',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      if (sealed[0] !== VERSION) throw new Error('sealed secret has an unknown format');
      const iv = sealed.subarray(1, 13);
      const tag = sealed.subarray(13, 29);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

function loadOrCreateKey(keyFile: string): Buffer {
  try {
    const key = readFileSync(keyFile);
    if (key.length !== 32)
      throw new Error(`the secret key file ${keyFile} is damaged (expected 32 bytes)`);
    if (process.platform !== 'win32' && (statSync(keyFile).mode & 0o077) !== 0)
      chmodSync(keyFile, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
    return key;
  }
}
