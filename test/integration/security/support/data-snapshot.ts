import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What is on disk in a data folder, cheap enough to take around every fuzzed call: each file's
 * size and modification time in nanoseconds. SQLite appends every committed write to the file or
 * its WAL, so any write shows. The shared-memory index (-shm) changes on reads and is left out.
 */
export function dataSnapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (entry.name.endsWith('-shm')) continue;
      const info = statSync(path, { bigint: true });
      files[relative(dir, path)] = `${info.size}@${info.mtimeNs}`;
    }
  };
  walk(dir);
  return files;
}
