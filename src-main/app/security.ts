import { pathToFileURL } from 'node:url';

/**
 * The shell's security decisions, kept free of Electron so they are unit-tested: where the
 * renderer comes from, which URLs may load inside the window, which links may leave it for
 * the system browser, and which IPC senders are ours.
 */

/** Where the window's renderer is loaded from; every guard compares against this. */
export type RendererSource =
  { kind: 'file'; url: string } | { kind: 'dev-server'; url: string; origin: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A packaged app ignores the dev server variable: otherwise anyone who can set an environment
 * variable could load a remote page with the preload's full API.
 */
export function rendererSource(options: {
  devServerUrl: string | undefined;
  isPackaged: boolean;
  indexHtmlPath: string;
}): RendererSource {
  if (options.devServerUrl && !options.isPackaged) {
    const url = new URL(options.devServerUrl);
    if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
      throw new Error(`The renderer dev server must be http on loopback, not ${url.origin}.`);
    }
    return { kind: 'dev-server', url: url.href, origin: url.origin };
  }
  return { kind: 'file', url: pathToFileURL(options.indexHtmlPath).href };
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Whether a URL is the app itself. file:// URLs share one opaque origin with every file on
 * disk, so for a built renderer only the exact index.html counts (any query or fragment).
 */
export function isAppUrl(raw: string, source: RendererSource): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (source.kind === 'dev-server') return url.origin === source.origin;
  const index = new URL(source.url);
  return url.protocol === 'file:' && url.host === '' && url.pathname === index.pathname;
}

/** Hosts whose pages may be opened in the system browser; each also admits its subdomains. */
export const EXTERNAL_LINK_HOSTS = ['ptisecurity.com', 'ptiaccess.com', 'gatedesk.app'] as const;

/**
 * The URL to hand to the system browser, or null when the link must not leave the app:
 * https only, default port, no credentials, and a host that is an allow-listed domain or one
 * of its subdomains (so ptiaccess.com.evil.example and IP literals do not pass).
 */
export function allowedExternalLink(raw: string): string | null {
  const url = parse(raw);
  if (!url || url.protocol !== 'https:') return null;
  if (url.username || url.password || url.port) return null;
  const host = url.hostname;
  const allowed = EXTERNAL_LINK_HOSTS.some(
    (domain) => host === domain || host.endsWith(`.${domain}`),
  );
  return allowed ? url.href : null;
}

/**
 * The renderer never opens windows of its own; an allow-listed link goes to the system
 * browser instead, anything else is dropped.
 */
export function createWindowOpenHandler(openExternal: (url: string) => void) {
  return (details: { url: string }): { action: 'deny' } => {
    const target = allowedExternalLink(details.url);
    if (target) openExternal(target);
    return { action: 'deny' };
  };
}

/** The part of an IPC event the sender check reads (structurally an IpcMainInvokeEvent). */
export interface IpcSenderInfo {
  sender: { id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/**
 * An IPC call is served only for the main frame of one of our windows while it shows the
 * app; a subframe, another webContents or a page that navigated away gets nothing.
 */
export function createSenderCheck(
  source: RendererSource,
  isOurWebContents: (webContentsId: number) => boolean,
): (event: IpcSenderInfo) => boolean {
  return (event) => {
    try {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null) return false;
      if (!isOurWebContents(event.sender.id)) return false;
      return isAppUrl(frame.url, source);
    } catch {
      // A frame destroyed mid-call throws on access; it is no longer a trusted sender.
      return false;
    }
  };
}

/** Response headers with our CSP replacing whatever policy the response carried. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}
