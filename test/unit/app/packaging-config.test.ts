import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../../src-main/app/deep-links.js';
import { TASKBAR_OVERLAY_FILE, trayImageFile } from '../../../src-main/app/paths.js';

/**
 * The packaging configuration, checked where no Electron binary exists: electron-builder's own
 * loader reads electron-builder.yml and its own schema validates it, then the settings users
 * and the issue rely on are asserted one by one, and every icon it names is decoded.
 */
const root = resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Config>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

type Target = { target: string; arch: string[] } | string;
interface Config {
  appId: string;
  productName: string;
  files: unknown;
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  protocols: { name: string; schemes: string[] }[];
  fileAssociations?: unknown;
  publish: { provider: string; url: string };
  electronFuses: Record<string, boolean>;
  icon: string;
  win: { target: Target[]; icon: string };
  nsis: Record<string, unknown>;
  mac: {
    target: Target[];
    icon: string;
    hardenedRuntime: boolean;
    notarize: boolean;
    entitlements: string;
    entitlementsInherit: string;
  };
  linux: { target: Target[]; icon: string; maintainer: string };
  [key: string]: unknown;
}

let config: Config;
beforeAll(async () => {
  config = await builderConfig.getConfig(root, join(root, 'electron-builder.yml'), null);
});

const targets = (list: Target[]) =>
  list.map((t) => (typeof t === 'string' ? { target: t, arch: [] as string[] } : t));
const pngSize = (png: Buffer) => {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(
      builderConfig.validateConfiguration(structuredClone(config), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('is checked for real: the validator refuses an unknown option', async () => {
    const broken = { ...structuredClone(config), nsis: { ...config.nsis, perUserInstall: true } };
    await expect(
      builderConfig.validateConfiguration(broken, new DebugLogger(false)),
    ).rejects.toThrow(/configuration/i);
  });

  it('names the app', () => {
    expect(config.appId).toBe('app.gatedesk.desktop');
    expect(config.productName).toBe('Gatedesk');
  });

  it('installs per user on Windows, without administrator rights, keeping the data on uninstall', () => {
    expect(targets(config.win.target)).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      deleteAppDataOnUninstall: false,
    });
  });

  it('builds macOS dmg and the zip the updater needs, for Apple silicon and Intel, ready to notarise', () => {
    expect(targets(config.mac.target)).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.mac.hardenedRuntime).toBe(true);
    // Credentials come from APPLE_* variables at build time; none are in the repository.
    expect(config.mac.notarize).toBe(true);
    for (const key of ['cscLink', 'cscKeyPassword']) expect(config[key]).toBeUndefined();
    expect(readFileSync(join(root, 'electron-builder.yml'), 'utf8')).not.toMatch(
      /APPLE_ID\s*[:=]|password\s*:/i,
    );
  });

  it('grants the hardened runtime only what V8 and the native module need', () => {
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(join(root, file), 'utf8');
      const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
      expect(granted.sort()).toEqual([
        'com.apple.security.cs.allow-jit',
        'com.apple.security.cs.allow-unsigned-executable-memory',
        'com.apple.security.cs.disable-library-validation',
      ]);
    }
  });

  it('builds AppImage and deb on Linux', () => {
    expect(targets(config.linux.target).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('registers gatedesk:// and associates no file types', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([DEEP_LINK_SCHEME]);
    expect(config.fileAssociations).toBeUndefined();
  });

  it('rebuilds better-sqlite3 for Electron only when packaging, and unpacks it from the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(scripts[hook] ?? '', hook).not.toMatch(
        /electron-builder|electron-rebuild|install-app-deps/,
      );
    }
  });

  it('publishes updates to a generic https server', () => {
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\//);
  });

  it('compiles the security fuses into the binary', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});

describe('icons', () => {
  it('has a 1024 px PNG as the common source', () => {
    expect(pngSize(readFileSync(join(root, config.icon)))).toEqual([1024, 1024]);
  });

  it('has a Windows .ico with PNG entries from 16 to 256 px', () => {
    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + i * 16;
      const declared = ico[entry] === 0 ? 256 : ico[entry]!;
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      expect(pngSize(png)).toEqual([declared, declared]);
      sizes.push(declared);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
    expect(config.nsis.installerIcon).toBe(config.win.icon);
  });

  it('has a macOS .icns whose PNG elements match their declared sizes, up to 1024 px', () => {
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const seen: string[] = [];
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      const size = expected[type];
      expect(size, type).toBeDefined();
      expect(pngSize(icns.subarray(offset + 8, offset + length))).toEqual([size, size]);
      seen.push(type);
      offset += length;
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  });

  it('has the Linux icon set, one NxN.png per size', () => {
    const dir = join(root, config.linux.icon);
    const files = readdirSync(dir).sort((a, b) => parseInt(a) - parseInt(b));
    expect(files).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((n) => `${n}x${n}.png`));
    for (const file of files) {
      const n = parseInt(file);
      expect(pngSize(readFileSync(join(dir, file)))).toEqual([n, n]);
    }
  });

  it('ships every tray image the app loads at run time', () => {
    const tray = config.extraResources.find((r) => r.to === 'tray');
    expect(tray).toBeDefined();
    const dir = join(root, tray!.from);
    for (const platform of ['win32', 'linux'] as const) {
      for (const unread of [false, true]) {
        const file = trayImageFile(platform, unread);
        expect(existsSync(join(dir, file)), file).toBe(true);
        const [w] = pngSize(readFileSync(join(dir, file)));
        expect(w).toBe(file.includes('@2x') ? 32 : 16);
        // Windows picks the @2x image for high-DPI screens by name.
        if (!file.includes('@2x'))
          expect(existsSync(join(dir, file.replace('.png', '@2x.png')))).toBe(true);
      }
    }
    expect(existsSync(join(dir, TASKBAR_OVERLAY_FILE))).toBe(true);
  });
});
