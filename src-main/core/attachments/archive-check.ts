import { open } from 'node:fs/promises';
import { archiveRefusal } from '../../../src-shared/archive-entries.js';

/**
 * Why a staged file cannot be attached because of the archive it is (an entry that would unpack
 * outside its folder, or an unreadable table of contents), or null. Reads only the parts of the
 * file the check needs.
 */
export async function archiveRefusalOfFile(path: string, label: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await archiveRefusal(
      {
        size,
        async read(offset, length) {
          const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          return buffer.subarray(0, bytesRead);
        },
      },
      label,
    );
  } finally {
    await handle.close();
  }
}
