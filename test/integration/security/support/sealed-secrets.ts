import { createDecipheriv } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Every file under `dir`, at any depth. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * What someone holding the data folder can open with its key file: every value in every SQLite
 * file of the folder that is sealed with `secret.key`, decrypted here independently of the app
 * (AES-256-GCM: a version byte, a 12-byte nonce, a 16-byte tag, then the ciphertext). Tests use
 * it to get the client's real tokens and to prove a secret is stored sealed, not merely absent.
 */
export function openedSecrets(dataDir: string): string[] {
  const key = readFileSync(join(dataDir, 'secret.key'));
  const opened: string[] = [];
  for (const file of filesUnder(dataDir).filter((f) => f.endsWith('.sqlite'))) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'`)
        .all() as { name: string }[];
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<
          string,
          unknown
        >[]) {
          for (const value of Object.values(row)) {
            if (!(value instanceof Uint8Array)) continue;
            const plain = openSealed(Buffer.from(value), key);
            if (plain !== null) opened.push(plain);
          }
        }
      }
    } finally {
      db.close();
    }
  }
  return opened;
}

function openSealed(sealed: Buffer, key: Buffer): string | null {
  if (sealed.length < 29 || sealed[0] !== 1) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, 29));
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
