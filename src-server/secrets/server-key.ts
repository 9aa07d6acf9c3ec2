import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Seals values the server must keep but never show (a site's PTI credentials) with AES-256-GCM
 * under the server key. Each sealed value names the key that sealed it and is bound to what it
 * belongs to (e.g. a site id), so a value copied onto another row does not open.
 */
export interface ServerSecretBox {
  /** A short fingerprint of the key (not the key): tells which key sealed a value. */
  readonly keyId: string;
  /** Where the key came from, for the start-up message. */
  readonly source: 'env' | 'file' | 'ephemeral';
  seal(plain: string, boundTo: string): string;
  /** Throws SealedWithAnotherKeyError when the value was sealed with a different key. */
  open(sealed: string, boundTo: string): string;
}

export class SealedWithAnotherKeyError extends Error {
  constructor() {
    super(
      'This value was sealed with a different server key. Start the server with the key it was ' +
        'stored with (GATEDESK_SERVER_SECRET_KEY or the key file), or store the value again.',
    );
    this.name = 'SealedWithAnotherKeyError';
  }
}

export interface ServerKeyOptions {
  /** GATEDESK_SERVER_SECRET_KEY: 32 random bytes as base64 (44 characters) or hex (64). */
  secretKey?: string;
  /** A key file to read, or to create (0600) when it does not exist yet. */
  secretKeyFile?: string;
}

export const secretKeyEnvName = 'GATEDESK_SERVER_SECRET_KEY';
const format = 'v1';

/**
 * The server key: from the environment value when given, else from the key file (created with
 * a random key the first time), else a random key that lives as long as the process (for
 * in-memory servers and tests; values sealed with it do not survive a restart).
 */
export function openServerSecretBox(options: ServerKeyOptions): ServerSecretBox {
  if (options.secretKey !== undefined && options.secretKey.trim() !== '') {
    return secretBox(parseKey(options.secretKey.trim()), 'env');
  }
  if (options.secretKeyFile) return secretBox(loadOrCreateKeyFile(options.secretKeyFile), 'file');
  return secretBox(randomBytes(32), 'ephemeral');
}

function parseKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64')
      : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new Error(
      `${secretKeyEnvName} must be 32 random bytes written as base64 (44 characters) or hex ` +
        '(64 characters); make one with: openssl rand -base64 32',
    );
  }
  return key;
}

function loadOrCreateKeyFile(file: string): Buffer {
  try {
    const key = readFileSync(file);
    if (key.length !== 32) {
      throw new Error(`The server key file ${file} is damaged: it should hold exactly 32 bytes.`);
    }
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  }
}

function secretBox(key: Buffer, source: ServerSecretBox['source']): ServerSecretBox {
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return {
    keyId,
    source,
    seal(plain, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
      return `${format}.${keyId}.${packed}`;
    },
    open(sealed, boundTo) {
      const [version, sealedWith, packed] = sealed.split('.');
      if (version !== format || !packed) throw new Error('a sealed value has an unknown format');
      if (sealedWith !== keyId) throw new SealedWithAnotherKeyError();
      const bytes = Buffer.from(packed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
