import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Lints probe sources as if they lived in each layer: proves the layering rules of
// eslint.config.js bite, so removing or weakening one makes this test fail.
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'gatedesk/layers')
    .map((m) => m.message);
}

const forbidden: [layer: string, file: string, code: string][] = [
  [
    'core imports electron',
    'src-main/core/probe.ts',
    "import { app } from 'electron';\nexport const x = app;\n",
  ],
  [
    'core imports the Electron shell',
    'src-main/core/probe.ts',
    "import { x } from '../app/main.js';\nexport const y = x;\n",
  ],
  [
    'core imports the server',
    'src-main/core/store/probe.ts',
    "import { x } from '../../../src-server/embedded.js';\nexport const y = x;\n",
  ],
  [
    'host imports electron',
    'src-main/host/probe.ts',
    "import { shell } from 'electron';\nexport const x = shell;\n",
  ],
  [
    'renderer imports main',
    'src-renderer/src/probe.ts',
    "import { x } from '../../src-main/core/create-core.js';\nexport const y = x;\n",
  ],
  [
    'renderer imports the server',
    'src-renderer/src/probe.tsx',
    "import { x } from '../../src-server/app.js';\nexport const y = x;\n",
  ],
  [
    'renderer imports a Node built-in',
    'src-renderer/src/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
  ],
  [
    'renderer imports preload values',
    'src-renderer/src/probe.ts',
    "import { bridge } from '../../src-preload/index.js';\nexport const y = bridge;\n",
  ],
  [
    'shared imports Node',
    'src-shared/probe.ts',
    "import { join } from 'path';\nexport const y = join;\n",
  ],
  [
    'shared imports electron',
    'src-shared/probe.ts',
    "import { app } from 'electron';\nexport const y = app;\n",
  ],
  [
    'shared imports core',
    'src-shared/probe.ts',
    "import { x } from '../src-main/core/create-core.js';\nexport const y = x;\n",
  ],
  [
    'shared imports react',
    'src-shared/probe.ts',
    "import { useState } from 'react';\nexport const y = useState;\n",
  ],
  [
    'server imports client code',
    'src-server/probe.ts',
    "import { x } from '../src-main/core/create-core.js';\nexport const y = x;\n",
  ],
  [
    'server imports electron',
    'src-server/probe.ts',
    "import { app } from 'electron';\nexport const y = app;\n",
  ],
  [
    'gateway imports server code',
    'src-pti-gateway/probe.ts',
    "import { x } from '../src-server/app.js';\nexport const y = x;\n",
  ],
  [
    'preload imports core',
    'src-preload/probe.ts',
    "import { x } from '../src-main/core/create-core.js';\nexport const y = x;\n",
  ],
  [
    'core re-exports from the host',
    'src-main/core/probe.ts',
    "export * from '../host/web-host.js';\n",
  ],
  [
    'core loads electron lazily',
    'src-main/core/probe.ts',
    "export const load = () => import('electron');\n",
  ],
  [
    'demo reaches past the embedded entry',
    'src-main/demo/probe.ts',
    "import { x } from '../../src-server/db/migrate.js';\nexport const y = x;\n",
  ],
];

const allowed: [layer: string, file: string, code: string][] = [
  [
    'app imports electron',
    'src-main/app/probe.ts',
    "import { app } from 'electron';\nexport const x = app;\n",
  ],
  [
    'core imports shared',
    'src-main/core/probe.ts',
    "import { calls } from '../../src-shared/contract.js';\nexport const x = calls;\n",
  ],
  [
    'core imports Node',
    'src-main/core/probe.ts',
    "import { join } from 'node:path';\nexport const x = join;\n",
  ],
  [
    'renderer takes the bridge type from preload',
    'src-renderer/src/probe.ts',
    "import type { GatedeskBridge } from '../../src-preload/index';\nexport type X = GatedeskBridge;\n",
  ],
  [
    'demo embeds the server',
    'src-main/demo/probe.ts',
    "import { startEmbeddedSupportServer } from '../../src-server/embedded.js';\nexport const x = startEmbeddedSupportServer;\n",
  ],
];

describe('layering lint rules', () => {
  it.each(forbidden)('refuses: %s', async (_name, file, code) => {
    expect(await layerViolations(file, code)).not.toEqual([]);
  });
  it.each(allowed)('allows: %s', async (_name, file, code) => {
    expect(await layerViolations(file, code)).toEqual([]);
  });
});
