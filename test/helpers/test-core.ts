import { join } from 'node:path';
import type { Core, DemoEnvironment } from '../../src-main/core/core-types.js';
import { createCore } from '../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../src-main/core/store/inline-store.js';
import type { Store } from '../../src-main/core/store/store-types.js';

export const silentLogger = { info() {}, warn() {}, error() {} };

/** A real core on real SQLite files in `dataDir`; the inline store unless one is given. */
export function testCore(
  dataDir: string,
  options: { demo?: DemoEnvironment | null; store?: Store } = {},
): Promise<Core> {
  return createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    secrets: createKeyFileBox(join(dataDir, 'secret.key')),
    logger: silentLogger,
    store: options.store ?? createInlineStore(),
    demo: options.demo ?? null,
  });
}
