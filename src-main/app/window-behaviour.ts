/**
 * What closing the window means, and whether Gatedesk starts hidden: decisions that depend on
 * the platform and on settings, kept apart from the Electron objects they steer.
 */

/** Passed by the login item: start in the tray instead of opening the window. */
export const START_HIDDEN_FLAG = '--hidden';

/** Windows and Linux get a tray icon; macOS has the dock instead. */
export const hasTrayIcon = (platform: NodeJS.Platform) => platform !== 'darwin';

/**
 * 'hide' keeps Gatedesk running in the tray (syncing, counting unread) with the window hidden;
 * 'close' closes it. macOS apps stay in the dock after their last window closes anyway, and a
 * real quit (menu, tray, update) always closes.
 */
export function closeAction(input: {
  platform: NodeJS.Platform;
  closeToTray: boolean;
  trayExists: boolean;
  quitting: boolean;
}): 'hide' | 'close' {
  if (input.quitting || input.platform === 'darwin') return 'close';
  return input.closeToTray && input.trayExists ? 'hide' : 'close';
}

/** Started by the login item with the tray to come back from: stay out of the way. */
export function startsHidden(argv: readonly string[], platform: NodeJS.Platform): boolean {
  return argv.includes(START_HIDDEN_FLAG) && hasTrayIcon(platform);
}
