import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyAutostartFile,
  autostartEntry,
  loginItemPlan,
  quoteExecArg,
} from '../../../src-main/app/login-item.js';
import { closeAction, startsHidden } from '../../../src-main/app/window-behaviour.js';

describe('closing the window', () => {
  const base = { platform: 'win32' as const, closeToTray: true, trayExists: true, quitting: false };

  it('hides to the tray on Windows and Linux when the setting is on', () => {
    expect(closeAction(base)).toBe('hide');
    expect(closeAction({ ...base, platform: 'linux' })).toBe('hide');
  });

  it('closes when the setting is off, there is no tray, on macOS, or when quitting', () => {
    expect(closeAction({ ...base, closeToTray: false })).toBe('close');
    expect(closeAction({ ...base, trayExists: false })).toBe('close');
    expect(closeAction({ ...base, platform: 'darwin' })).toBe('close');
    expect(closeAction({ ...base, quitting: true })).toBe('close');
  });

  it('starts hidden only when the login item asked for it and a tray can bring it back', () => {
    expect(startsHidden(['gatedesk.exe', '--hidden'], 'win32')).toBe(true);
    expect(startsHidden(['gatedesk.exe'], 'win32')).toBe(false);
    expect(startsHidden(['Gatedesk', '--hidden'], 'darwin')).toBe(false);
  });
});

describe('start at login', () => {
  const base = {
    enabled: true,
    isPackaged: true,
    execPath: '/opt/Gatedesk/gatedesk',
    env: {},
    homeDir: '/home/me',
  };

  it('uses login items on Windows (starting hidden) and macOS', () => {
    expect(
      loginItemPlan({ ...base, platform: 'win32', execPath: 'C:\\Users\\me\\Gatedesk.exe' }),
    ).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: true, path: 'C:\\Users\\me\\Gatedesk.exe', args: ['--hidden'] },
    });
    expect(loginItemPlan({ ...base, platform: 'darwin', enabled: false })).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: false },
    });
  });

  it('writes an XDG autostart entry on Linux, starting the AppImage file when there is one', () => {
    const plan = loginItemPlan({
      ...base,
      platform: 'linux',
      env: { APPIMAGE: '/home/me/Apps/Gatedesk-1.0.0.AppImage', XDG_CONFIG_HOME: '/home/me/.cfg' },
    });
    expect(plan).toMatchObject({
      kind: 'autostart-file',
      file: '/home/me/.cfg/autostart/gatedesk.desktop',
    });
    if (plan.kind !== 'autostart-file') return;
    expect(plan.content).toContain('Exec=/home/me/Apps/Gatedesk-1.0.0.AppImage --hidden');
    expect(loginItemPlan({ ...base, platform: 'linux', enabled: false })).toEqual({
      kind: 'autostart-file',
      file: '/home/me/.config/autostart/gatedesk.desktop',
      content: null,
    });
  });

  it('never registers a development build', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(loginItemPlan({ ...base, platform, isPackaged: false }).kind).toBe('unsupported');
    }
  });

  it('quotes program paths by the Desktop Entry rules', () => {
    expect(quoteExecArg('/opt/Gatedesk/gatedesk')).toBe('/opt/Gatedesk/gatedesk');
    expect(quoteExecArg('/home/me/My Apps/Gatedesk.AppImage')).toBe(
      '"/home/me/My Apps/Gatedesk.AppImage"',
    );
    // `$` is escaped for the shell-like quoting, then the backslash doubled for the string.
    expect(quoteExecArg('/home/me/$x/a"b')).toBe('"/home/me/\\\\$x/a\\\\"b"');
    expect(quoteExecArg('/apps/100%/g')).toBe('/apps/100%%/g');
    expect(autostartEntry('/a b/g')).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
  });

  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('creates and removes only its own autostart file', () => {
    dir = mkdtempSync(join(tmpdir(), 'gatedesk-autostart-'));
    const on = loginItemPlan({ ...base, platform: 'linux', env: { XDG_CONFIG_HOME: dir } });
    if (on.kind !== 'autostart-file') throw new Error('expected an autostart plan');
    applyAutostartFile(on);
    expect(readFileSync(on.file, 'utf8')).toBe(autostartEntry('/opt/Gatedesk/gatedesk'));
    const off = loginItemPlan({
      ...base,
      platform: 'linux',
      enabled: false,
      env: { XDG_CONFIG_HOME: dir },
    });
    if (off.kind !== 'autostart-file') throw new Error('expected an autostart plan');
    applyAutostartFile(off);
    applyAutostartFile(off);
    expect(existsSync(on.file)).toBe(false);
    expect(existsSync(join(dir, 'autostart'))).toBe(true);
  });
});
