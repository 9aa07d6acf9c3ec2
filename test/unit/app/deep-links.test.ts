import { describe, expect, it, vi } from 'vitest';
import {
  createDeepLinkRouter,
  deepLinkFromArgv,
  parseDeepLink,
  protocolClientLaunch,
} from '../../../src-main/app/deep-links.js';

describe('deep link parser', () => {
  it('opens a ticket by its number and a site by its code', () => {
    expect(parseDeepLink('gatedesk://ticket/HW00000094')).toEqual({
      ok: true,
      target: { to: 'ticket', number: 'HW00000094' },
    });
    expect(parseDeepLink('gatedesk://ticket/SW12345678')).toEqual({
      ok: true,
      target: { to: 'ticket', number: 'SW12345678' },
    });
    expect(parseDeepLink('gatedesk://site/HPS101')).toEqual({
      ok: true,
      target: { to: 'site', code: 'HPS101' },
    });
    expect(parseDeepLink('gatedesk://site/north-lot_2')).toEqual({
      ok: true,
      target: { to: 'site', code: 'north-lot_2' },
    });
  });

  it('accepts the trailing slash and upper-case scheme some launchers produce', () => {
    expect(parseDeepLink('gatedesk://ticket/HW00000094/')).toMatchObject({ ok: true });
    expect(parseDeepLink('GATEDESK://Ticket/HW00000094')).toMatchObject({
      ok: true,
      target: { number: 'HW00000094' },
    });
  });

  it('refuses ticket numbers that are not HW or SW and exactly 8 digits', () => {
    for (const link of [
      'gatedesk://ticket/HW0000094',
      'gatedesk://ticket/HW000000940',
      'gatedesk://ticket/hw00000094',
      'gatedesk://ticket/XX00000094',
      'gatedesk://ticket/',
      'gatedesk://ticket',
    ]) {
      const parsed = parseDeepLink(link);
      expect(parsed.ok, link).toBe(false);
    }
    expect(parseDeepLink('gatedesk://ticket/HW0000094')).toEqual({
      ok: false,
      reason: 'the ticket number is not HW or SW and 8 digits',
    });
  });

  it('refuses site codes outside the safe pattern', () => {
    for (const link of [
      'gatedesk://site/-leading-dash',
      'gatedesk://site/' + 'A'.repeat(33),
      'gatedesk://site/a.b',
      'gatedesk://site/..',
      'gatedesk://site/a%2Fb',
      'gatedesk://site/<script>',
    ]) {
      expect(parseDeepLink(link).ok, link).toBe(false);
    }
  });

  it('refuses other schemes, screens, extra path segments, queries, credentials and ports', () => {
    const refused = [
      'https://ticket/HW00000094',
      'gatedesk:ticket/HW00000094',
      'gatedesk:///ticket/HW00000094',
      'gatedesk://settings/reset',
      'gatedesk://ticket/HW00000094/delete',
      'gatedesk://ticket//HW00000094',
      'gatedesk://ticket/HW00000094?action=close',
      'gatedesk://ticket/HW00000094#x',
      'gatedesk://user:pw@ticket/HW00000094',
      'gatedesk://ticket:80/HW00000094',
      'gatedesk://ticket\\HW00000094',
      'gatedesk://ticket/HW00000094 --inspect',
      'gatedesk://tіcket/HW00000094', // Cyrillic і
      'gatedesk://site/HPS101\n',
      'gatedesk://ticket/' + 'HW00000094'.repeat(30),
      '',
    ];
    for (const link of refused) {
      const parsed = parseDeepLink(link);
      expect(parsed.ok, JSON.stringify(link)).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(5);
    }
  });
});

describe('links in a command line', () => {
  it('finds the link Windows and Linux pass as an argument, ignoring the executable', () => {
    expect(deepLinkFromArgv(['C:\\Gatedesk\\Gatedesk.exe', 'gatedesk://ticket/HW00000094'])).toBe(
      'gatedesk://ticket/HW00000094',
    );
    expect(
      deepLinkFromArgv([
        '/usr/lib/electron',
        '/home/me/gatedesk',
        '--allow-file-access-from-files',
        'gatedesk://site/HPS101',
      ]),
    ).toBe('gatedesk://site/HPS101');
  });

  it('returns nothing when there is no link, and never takes the executable for one', () => {
    expect(deepLinkFromArgv(['/opt/Gatedesk/gatedesk'])).toBeNull();
    expect(deepLinkFromArgv(['/opt/Gatedesk/gatedesk', '--hidden'])).toBeNull();
    expect(deepLinkFromArgv(['gatedesk://ticket/HW00000094'])).toBeNull();
    expect(deepLinkFromArgv([])).toBeNull();
  });

  it('takes the last of several links', () => {
    expect(
      deepLinkFromArgv(['exe', 'gatedesk://ticket/HW00000001', 'GATEDESK://ticket/HW00000002']),
    ).toBe('GATEDESK://ticket/HW00000002');
  });
});

describe('protocol registration', () => {
  it('registers a packaged app as itself and a development run with its app path', () => {
    const resolve = (p: string) => `/abs/${p}`;
    expect(
      protocolClientLaunch({
        defaultApp: false,
        execPath: '/x/Gatedesk',
        argv: ['/x/Gatedesk'],
        resolve,
      }),
    ).toBeNull();
    expect(
      protocolClientLaunch({
        defaultApp: true,
        execPath: '/x/electron',
        argv: ['/x/electron', '.'],
        resolve,
      }),
    ).toEqual({ path: '/x/electron', args: ['/abs/.'] });
  });
});

describe('deep link router', () => {
  it('opens what parses and logs the reason, not the link, for what does not', () => {
    const open = vi.fn();
    const log = vi.fn();
    const route = createDeepLinkRouter({ open, log });
    expect(route('gatedesk://ticket/HW00000094', 'second-instance')).toBe(true);
    expect(route('gatedesk://ticket/HW00000094?token=abc', 'open-url')).toBe(false);
    expect(open.mock.calls).toEqual([[{ to: 'ticket', number: 'HW00000094' }]]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![1]).toEqual({
      source: 'open-url',
      reason: 'carries a query or fragment',
    });
    expect(JSON.stringify(log.mock.calls)).not.toContain('abc');
  });
});
