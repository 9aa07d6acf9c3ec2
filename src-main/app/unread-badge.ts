/**
 * The unread count where the OS shows it: the dock badge on macOS, the launcher badge on
 * Linux desktops that have one, and on Windows and Linux the tray icon (a red dot) and its
 * tooltip, plus a taskbar overlay on Windows. The count comes from the core's
 * `notifications.unread` event.
 */

/** A count fit to show: a whole number, never negative. */
export function normaliseCount(count: number): number {
  return Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
}

/** The dock badge text: nothing at zero, "99+" past 99 (a badge has room for three glyphs). */
export function badgeText(count: number): string {
  const n = normaliseCount(count);
  if (n === 0) return '';
  return n > 99 ? '99+' : String(n);
}

export function unreadTooltip(count: number): string {
  const n = normaliseCount(count);
  if (n === 0) return 'Gatedesk';
  return `Gatedesk — ${n === 1 ? '1 unread item' : `${n} unread items`}`;
}

/** The parts of Electron the indicator drives; each is optional because platforms differ. */
export interface UnreadSurfaces {
  platform: NodeJS.Platform;
  /** app.dock.setBadge (macOS). */
  setDockBadge?: (text: string) => void;
  /** app.setBadgeCount (Linux launchers that support it). */
  setBadgeCount?: (count: number) => void;
  /** The tray icon: plain or with the unread dot, and its tooltip. */
  tray?: { setUnread(unread: boolean): void; setToolTip(text: string): void } | null;
  /** BrowserWindow.setOverlayIcon (Windows taskbar); null image clears it. */
  setOverlay?: (unread: boolean, description: string) => void;
}

export interface UnreadIndicator {
  setCount(count: number): void;
  readonly count: number;
}

export function createUnreadIndicator(surfaces: UnreadSurfaces): UnreadIndicator {
  let current = -1;
  const apply = (n: number) => {
    const unread = n > 0;
    if (surfaces.platform === 'darwin') surfaces.setDockBadge?.(badgeText(n));
    if (surfaces.platform === 'linux') surfaces.setBadgeCount?.(n);
    if (surfaces.platform === 'win32') surfaces.setOverlay?.(unread, unreadTooltip(n));
    surfaces.tray?.setUnread(unread);
    surfaces.tray?.setToolTip(unreadTooltip(n));
  };
  return {
    setCount(count) {
      const n = normaliseCount(count);
      // The OS calls are not free and some repaint the taskbar: only on a change.
      if (n === current) return;
      current = n;
      apply(n);
    },
    get count() {
      return Math.max(current, 0);
    },
  };
}
