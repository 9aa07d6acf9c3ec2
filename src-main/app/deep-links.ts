import { SiteCode, type NavigationTarget } from '../../src-shared/domain/desktop.js';
import { TicketNumber } from '../../src-shared/domain/ticket.js';

/**
 * `gatedesk://` links, as other programs (mail, a browser, a support portal) hand them to us:
 *
 *   gatedesk://ticket/HW00000094   opens that ticket
 *   gatedesk://site/HPS101         opens that site
 *
 * Anything else is refused with a reason for the log. The parser is strict on purpose: a
 * link is input from outside the app, and the only thing it may do is choose a screen.
 */

export const DEEP_LINK_SCHEME = 'gatedesk';
const MAX_LINK_LENGTH = 200;

export type DeepLinkResult = { ok: true; target: NavigationTarget } | { ok: false; reason: string };

const refuse = (reason: string): DeepLinkResult => ({ ok: false, reason });

export function parseDeepLink(raw: string): DeepLinkResult {
  if (raw.length > MAX_LINK_LENGTH) return refuse(`longer than ${MAX_LINK_LENGTH} characters`);
  // Checked on the raw text, before URL parsing can decode or normalise anything away.
  if (/[^\x21-\x7e]/.test(raw)) return refuse('contains spaces, control or non-ASCII characters');
  if (/[%\\]/.test(raw)) return refuse('contains percent-encoding or a backslash');
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(\/[^?#]*)?([?#].*)?$/i.exec(raw);
  if (!match) return refuse('is not a gatedesk:// link');
  const [, scheme, host = '', path = '', rest] = match;
  if (scheme!.toLowerCase() !== DEEP_LINK_SCHEME)
    return refuse(`scheme is not ${DEEP_LINK_SCHEME}:`);
  if (rest) return refuse('carries a query or fragment');
  // One value segment, optionally followed by the trailing slash some launchers add.
  const segments = path.replace(/\/$/, '').split('/').slice(1);
  if (segments.length !== 1 || !segments[0])
    return refuse('must be gatedesk://ticket/<number> or gatedesk://site/<code>');
  const value = segments[0];
  switch (host.toLowerCase()) {
    case 'ticket': {
      const number = TicketNumber.safeParse(value);
      if (!number.success) return refuse('the ticket number is not HW or SW and 8 digits');
      return { ok: true, target: { to: 'ticket', number: number.data } };
    }
    case 'site': {
      const code = SiteCode.safeParse(value);
      if (!code.success) return refuse('the site code is not 1–32 letters, digits, "-" or "_"');
      return { ok: true, target: { to: 'site', code: code.data } };
    }
    default:
      return refuse('must be gatedesk://ticket/<number> or gatedesk://site/<code>');
  }
}

/**
 * The link in a command line: on Windows and Linux the OS starts Gatedesk with the URL as an
 * argument, and a second start hands its argv to the running one ('second-instance').
 * The first argument is the executable (and, unpackaged, the second is the app's path) and
 * is never taken for a link; of several links, the last one wins.
 */
export function deepLinkFromArgv(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (const arg of argv.slice(1)) {
    if (arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) found = arg;
  }
  return found;
}

/**
 * How to register for gatedesk:// with app.setAsDefaultProtocolClient. A packaged app
 * registers itself (null: no path or arguments); an unpackaged one runs as
 * `electron <app path>`, so the OS must be told to pass that path too.
 */
export function protocolClientLaunch(options: {
  defaultApp: boolean;
  execPath: string;
  argv: readonly string[];
  resolve: (path: string) => string;
}): { path: string; args: string[] } | null {
  if (options.defaultApp && options.argv.length >= 2 && options.argv[1])
    return { path: options.execPath, args: [options.resolve(options.argv[1])] };
  return null;
}

export interface DeepLinkRouterOptions {
  /** Sends the target to the renderer (queued until it is ready) and brings the window up. */
  open: (target: NavigationTarget) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}

/** One entry for links from every source (argv, second-instance, open-url). */
export function createDeepLinkRouter(options: DeepLinkRouterOptions) {
  return (raw: string, source: 'argv' | 'second-instance' | 'open-url'): boolean => {
    const parsed = parseDeepLink(raw);
    if (!parsed.ok) {
      // The link itself is not logged: it came from outside and may carry anything.
      options.log('refused a gatedesk:// link', { source, reason: parsed.reason });
      return false;
    }
    options.open(parsed.target);
    return true;
  };
}
