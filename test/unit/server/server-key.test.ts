import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openServerSecretBox,
  SealedWithAnotherKeyError,
} from '../../../src-server/secrets/server-key.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('the server key that seals site secrets', () => {
  it('creates a key file readable only by its owner, and reads the same key back', () => {
    const dir = tempDir('server-key');
    dirs.push(dir);
    const file = join(dir.path, 'data', 'server-secret.key');
    const first = openServerSecretBox({ secretKeyFile: file });
    expect(first.source).toBe('file');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.seal('gate-password', 'site-1');
    expect(sealed).not.toContain('gate-password');
    const again = openServerSecretBox({ secretKeyFile: file });
    expect(again.open(sealed, 'site-1')).toBe('gate-password');
  });

  it('takes the key from the environment as base64 or hex, and explains a bad one', () => {
    const key = randomBytes(32);
    const fromBase64 = openServerSecretBox({ secretKey: key.toString('base64') });
    const fromHex = openServerSecretBox({ secretKey: key.toString('hex') });
    expect(fromBase64.source).toBe('env');
    expect(fromHex.open(fromBase64.seal('x', 's'), 's')).toBe('x');
    expect(() => openServerSecretBox({ secretKey: 'too-short' })).toThrow(
      /GATEDESK_SERVER_SECRET_KEY must be 32 random bytes/,
    );
  });

  it('refuses a value sealed with another key, or moved to another site', () => {
    const one = openServerSecretBox({});
    const other = openServerSecretBox({});
    const sealed = one.seal('site key', 'site-1');
    expect(() => other.open(sealed, 'site-1')).toThrow(SealedWithAnotherKeyError);
    expect(() => one.open(sealed, 'site-2')).toThrow();
    expect(one.open(sealed, 'site-1')).toBe('site key');
  });
});
