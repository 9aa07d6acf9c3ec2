import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  aboutDetails,
  appMenuTemplate,
  trayMenuTemplate,
  type MenuActions,
} from '../../../src-main/app/menu-template.js';

function actions() {
  const action = () => vi.fn<() => void>();
  return {
    newTicket: action(),
    search: action(),
    syncNow: action(),
    preferences: action(),
    checkForUpdates: action(),
    reportProblem: action(),
    openLogsFolder: action(),
    about: action(),
  } satisfies MenuActions;
}

const items = (menu: MenuItemConstructorOptions) =>
  (menu.submenu ?? []) as MenuItemConstructorOptions[];
const flat = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  template.flatMap((item) => [item, ...flat(items(item))]);
const byId = (template: MenuItemConstructorOptions[], id: string) => {
  const found = flat(template).find((item) => item.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
};
const click = (item: MenuItemConstructorOptions) =>
  (item.click as unknown as () => void | undefined)();
const roles = (template: MenuItemConstructorOptions[]) =>
  flat(template)
    .map((item) => item.role)
    .filter(Boolean);

describe('application menu', () => {
  for (const platform of ['win32', 'linux', 'darwin'] as const) {
    it(`has the standard Edit, View, Window and Help menus on ${platform}`, () => {
      const template = appMenuTemplate({ platform, isPackaged: true, actions: actions() });
      const labels = template.map((menu) => menu.label?.replace('&', ''));
      expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
      expect(roles(template)).toEqual(
        expect.arrayContaining([
          'undo',
          'redo',
          'cut',
          'copy',
          'paste',
          'selectAll',
          'resetZoom',
          'zoomIn',
          'zoomOut',
          'togglefullscreen',
          'windowMenu',
          'help',
        ]),
      );
    });

    it(`wires the app's own items to their actions on ${platform}`, () => {
      const a = actions();
      const template = appMenuTemplate({ platform, isPackaged: true, actions: a });
      const wired: [string, keyof MenuActions][] = [
        ['new-ticket', 'newTicket'],
        ['sync-now', 'syncNow'],
        ['search', 'search'],
        ['preferences', 'preferences'],
        ['check-for-updates', 'checkForUpdates'],
        ['report-problem', 'reportProblem'],
        ['open-logs', 'openLogsFolder'],
      ];
      for (const [id, action] of wired) {
        click(byId(template, id));
        expect(a[action], id).toHaveBeenCalledTimes(1);
      }
      expect(byId(template, 'report-problem').label).toBe('Report a Problem…');
    });

    it(`gives every shortcut to one item only on ${platform}`, () => {
      const template = appMenuTemplate({ platform, isPackaged: false, actions: actions() });
      const accelerators = flat(template)
        .map((item) => item.accelerator)
        .filter(Boolean);
      expect(accelerators.length).toBeGreaterThanOrEqual(4);
      expect(new Set(accelerators).size).toBe(accelerators.length);
    });
  }

  it('puts About, Preferences and Quit in the app menu on macOS, with the standard About panel', () => {
    const template = appMenuTemplate({ platform: 'darwin', isPackaged: true, actions: actions() });
    const appMenu = items(template[0]!);
    expect(appMenu[0]).toEqual({ role: 'about' });
    expect(appMenu.map((item) => item.role ?? item.id)).toEqual(
      expect.arrayContaining(['about', 'preferences', 'services', 'hide', 'quit']),
    );
    expect(flat(template).some((item) => item.id === 'about')).toBe(false);
  });

  it('has an About item on Windows and Linux that opens the About dialog', () => {
    const a = actions();
    const template = appMenuTemplate({ platform: 'win32', isPackaged: true, actions: a });
    click(byId(template, 'about'));
    expect(a.about).toHaveBeenCalledTimes(1);
    expect(roles(template)).toContain('quit');
  });

  it('offers reload and developer tools only in development builds', () => {
    const installed = roles(
      appMenuTemplate({ platform: 'linux', isPackaged: true, actions: actions() }),
    );
    const dev = roles(
      appMenuTemplate({ platform: 'linux', isPackaged: false, actions: actions() }),
    );
    expect(installed).not.toContain('toggleDevTools');
    expect(installed).not.toContain('reload');
    expect(dev).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']));
  });

  it('shows the version and the runtime in About', () => {
    const about = aboutDetails({
      version: '1.4.2',
      versions: { electron: '45.4.1', chrome: '142.0.0.0', node: '22.20.0' },
      platform: 'win32',
      arch: 'x64',
    });
    expect(about.message).toBe('Gatedesk 1.4.2');
    expect(about.detail).toContain('Electron 45.4.1');
    expect(about.detail).toContain('win32 x64');
  });
});

describe('tray menu', () => {
  it('opens the window, syncs and quits', () => {
    const show = vi.fn();
    const syncNow = vi.fn();
    const quit = vi.fn();
    const template = trayMenuTemplate({ show, syncNow, quit });
    for (const id of ['show', 'sync-now', 'quit']) click(byId(template, id));
    expect([show, syncNow, quit].map((fn) => fn.mock.calls.length)).toEqual([1, 1, 1]);
  });
});
