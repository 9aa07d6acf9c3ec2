import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';

/**
 * Bundles a TypeScript entry into one ES module under bench/data/build, so a child process can
 * run it with plain Node. Packages stay imports, resolved from the repository's node_modules.
 * Each call writes a new file (two runs never overwrite each other's); the caller removes it.
 */
export async function bundleEntry(root: string, entry: string, name: string): Promise<string> {
  const dir = join(root, 'bench', 'data', 'build');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${process.pid}-${randomBytes(3).toString('hex')}.mjs`);
  await build({
    input: join(root, entry),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
    output: { file, format: 'esm' },
    logLevel: 'warn',
  });
  return file;
}
