import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { START_HIDDEN_FLAG } from './window-behaviour.js';

/**
 * "Start at login": Electron's login items on Windows and macOS; on Linux, where Electron has
 * none, an XDG autostart entry (~/.config/autostart/gatedesk.desktop), which GNOME, KDE, Xfce
 * and the other XDG desktops honour.
 */
export type LoginItemPlan =
  | {
      kind: 'login-item';
      settings: { openAtLogin: boolean; path?: string; args?: string[] };
    }
  | { kind: 'autostart-file'; file: string; content: string | null }
  | { kind: 'unsupported'; reason: string };

export const AUTOSTART_FILE_NAME = 'gatedesk.desktop';

/**
 * Quotes one Exec argument by the Desktop Entry rules: arguments with reserved characters go
 * in double quotes with `"`, `` ` ``, `$` and `\` escaped; then, because the value is also a
 * desktop-entry string, every backslash is doubled; `%` is doubled so it is not a field code.
 */
export function quoteExecArg(arg: string): string {
  const quoted = /[\s"'\\><~|&;$*?#()`]/.test(arg) ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Gatedesk',
    'Comment=Helpdesk for sites that run PTI access control',
    `Exec=${quoteExecArg(executable)} ${START_HIDDEN_FLAG}`,
    'Icon=gatedesk',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function loginItemPlan(input: {
  platform: NodeJS.Platform;
  enabled: boolean;
  isPackaged: boolean;
  execPath: string;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
}): LoginItemPlan {
  // A development run would register the bare Electron binary to start at every login.
  if (!input.isPackaged)
    return { kind: 'unsupported', reason: 'only an installed Gatedesk can start at login' };
  if (input.platform === 'win32') {
    return {
      kind: 'login-item',
      settings: { openAtLogin: input.enabled, path: input.execPath, args: [START_HIDDEN_FLAG] },
    };
  }
  if (input.platform === 'darwin')
    return { kind: 'login-item', settings: { openAtLogin: input.enabled } };
  if (input.platform === 'linux') {
    // An AppImage runs from a temporary mount; the login entry must start the AppImage file.
    const executable = input.env.APPIMAGE || input.execPath;
    if (/[\r\n]/.test(executable))
      return { kind: 'unsupported', reason: 'the program path contains a line break' };
    const configHome = input.env.XDG_CONFIG_HOME || join(input.homeDir, '.config');
    return {
      kind: 'autostart-file',
      file: join(configHome, 'autostart', AUTOSTART_FILE_NAME),
      content: input.enabled ? autostartEntry(executable) : null,
    };
  }
  return { kind: 'unsupported', reason: `starting at login is not supported on ${input.platform}` };
}

/** Writes or removes the Linux autostart entry; only touches that one file. */
export function applyAutostartFile(plan: { file: string; content: string | null }): void {
  if (plan.content === null) {
    rmSync(plan.file, { force: true });
    return;
  }
  mkdirSync(dirname(plan.file), { recursive: true });
  writeFileSync(plan.file, plan.content, { mode: 0o644 });
}
