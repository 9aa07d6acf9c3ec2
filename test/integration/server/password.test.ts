import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src-server/auth/password.js';

describe('password hashing', () => {
  it('verifies the right password and rejects any other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash and records its parameters, never the password', async () => {
    const [one, two] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(one).not.toContain('same password');
  });

  it('treats a damaged stored hash as a mismatch rather than crashing', async () => {
    expect(await verifyPassword('x', 'scrypt$abc')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });
});
