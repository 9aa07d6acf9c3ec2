import { describe, expect, it } from 'vitest';
import {
  badgeText,
  createUnreadIndicator,
  normaliseCount,
  unreadTooltip,
} from '../../../src-main/app/unread-badge.js';

describe('unread count', () => {
  it('shows nothing at zero and caps the badge at 99+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(1)).toBe('1');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(12_345)).toBe('99+');
  });

  it('treats nonsense as zero rather than showing it', () => {
    for (const n of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(normaliseCount(n)).toBe(0);
    expect(normaliseCount(2.7)).toBe(2);
    expect(badgeText(-3)).toBe('');
  });

  it('says the count in the tray tooltip, in words', () => {
    expect(unreadTooltip(0)).toBe('Gatedesk');
    expect(unreadTooltip(1)).toBe('Gatedesk — 1 unread item');
    expect(unreadTooltip(250)).toBe('Gatedesk — 250 unread items');
  });
});

function surfaces(platform: NodeJS.Platform) {
  const calls: string[] = [];
  return {
    calls,
    surfaces: {
      platform,
      setDockBadge: (text: string) => calls.push(`dock:${text}`),
      setBadgeCount: (n: number) => calls.push(`badge:${n}`),
      setOverlay: (on: boolean, description: string) => calls.push(`overlay:${on}:${description}`),
      tray: {
        setUnread: (on: boolean) => calls.push(`tray:${on}`),
        setToolTip: (text: string) => calls.push(`tip:${text}`),
      },
    },
  };
}

describe('unread indicator', () => {
  it('uses the dock badge on macOS', () => {
    const { calls, surfaces: s } = surfaces('darwin');
    const indicator = createUnreadIndicator({ platform: s.platform, setDockBadge: s.setDockBadge });
    indicator.setCount(3);
    indicator.setCount(0);
    expect(calls).toEqual(['dock:3', 'dock:']);
  });

  it('uses the tray icon and tooltip on Windows and Linux, plus the taskbar overlay on Windows', () => {
    const win = surfaces('win32');
    createUnreadIndicator(win.surfaces).setCount(5);
    expect(win.calls).toEqual([
      'overlay:true:Gatedesk — 5 unread items',
      'tray:true',
      'tip:Gatedesk — 5 unread items',
    ]);
    const linux = surfaces('linux');
    createUnreadIndicator(linux.surfaces).setCount(150);
    expect(linux.calls).toEqual(['badge:150', 'tray:true', 'tip:Gatedesk — 150 unread items']);
  });

  it('touches the OS only when the count changes', () => {
    const { calls, surfaces: s } = surfaces('linux');
    const indicator = createUnreadIndicator(s);
    indicator.setCount(2);
    indicator.setCount(2);
    indicator.setCount(2.4);
    expect(calls).toHaveLength(3);
    expect(indicator.count).toBe(2);
    indicator.setCount(0);
    expect(calls.slice(3)).toEqual(['badge:0', 'tray:false', 'tip:Gatedesk']);
  });
});
