import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core-types.js';
import { parseStoredSettings } from '../../../src-main/core/settings/app-settings.js';
import { defaultAppSettings, type AppSettings } from '../../../src-shared/domain/desktop.js';
import { testCore } from '../../helpers/test-core.js';

let dataDir: string;
let core: Core | null = null;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatedesk-settings-'));
});
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dataDir, { recursive: true, force: true });
});

const call = async (c: Core, method: string, input: unknown) => {
  const result = await c.dispatch(method, input, { shell: 'test' });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as AppSettings;
};

describe('app settings', () => {
  it('start from the defaults: updates on, no tray on close, no login item, info logs', async () => {
    core = await testCore(dataDir);
    expect(await call(core, 'app.settings.get', {})).toEqual({
      autoUpdate: true,
      closeToTray: false,
      startAtLogin: false,
      logLevel: 'info',
    });
  });

  it('change only the fields given, announce the change and survive a restart', async () => {
    core = await testCore(dataDir);
    const heard: AppSettings[] = [];
    core.events.on('app.settings.changed', (s) => heard.push(s));
    const saved = await call(core, 'app.settings.set', { autoUpdate: false, logLevel: 'debug' });
    expect(saved).toEqual({ ...defaultAppSettings, autoUpdate: false, logLevel: 'debug' });
    expect(heard).toEqual([saved]);
    await call(core, 'app.settings.set', { closeToTray: true });
    await core.close();
    core = await testCore(dataDir);
    expect(await call(core, 'app.settings.get', {})).toEqual({
      ...defaultAppSettings,
      autoUpdate: false,
      logLevel: 'debug',
      closeToTray: true,
    });
  });

  it('lose neither of two changes made at once', async () => {
    core = await testCore(dataDir);
    await Promise.all([
      call(core, 'app.settings.set', { closeToTray: true }),
      call(core, 'app.settings.set', { startAtLogin: true }),
    ]);
    expect(await call(core, 'app.settings.get', {})).toMatchObject({
      closeToTray: true,
      startAtLogin: true,
    });
  });

  it('refuse unknown settings and impossible values, changing nothing', async () => {
    core = await testCore(dataDir);
    for (const input of [
      { logLevel: 'verbose' },
      { autoUpdate: 'yes' },
      { updateUrl: 'https://x' },
    ]) {
      const result = await core.dispatch('app.settings.set', input, { shell: 'test' });
      expect(result, JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(await call(core, 'app.settings.get', {})).toEqual(defaultAppSettings);
  });

  it('read a damaged or foreign stored value field by field, never failing', () => {
    expect(parseStoredSettings(null)).toEqual(defaultAppSettings);
    expect(parseStoredSettings('not json')).toEqual(defaultAppSettings);
    expect(parseStoredSettings('[1,2]')).toEqual(defaultAppSettings);
    expect(
      parseStoredSettings(
        JSON.stringify({ autoUpdate: false, logLevel: 'trace', futureSetting: 1 }),
      ),
    ).toEqual({ ...defaultAppSettings, autoUpdate: false });
  });
});
