import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  allowedExternalLink,
  createSenderCheck,
  createWindowOpenHandler,
  isAppUrl,
  rendererSource,
  withContentSecurityPolicy,
  type IpcSenderInfo,
} from '../../../src-main/app/security.js';

const indexHtmlPath = resolve('app', 'out', 'renderer', 'index.html');
const indexUrl = pathToFileURL(indexHtmlPath).href;
const built = rendererSource({ devServerUrl: undefined, isPackaged: true, indexHtmlPath });
const dev = rendererSource({
  devServerUrl: 'http://localhost:5173/',
  isPackaged: false,
  indexHtmlPath,
});

describe('renderer source', () => {
  it('loads the built index.html, or the dev server in development', () => {
    expect(built).toEqual({ kind: 'file', url: indexUrl });
    expect(dev).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
  });

  it('ignores a dev server URL in a packaged app', () => {
    const packaged = rendererSource({
      devServerUrl: 'http://localhost:5173/',
      isPackaged: true,
      indexHtmlPath,
    });
    expect(packaged.kind).toBe('file');
  });

  it('refuses a dev server that is not plain http on loopback', () => {
    for (const url of [
      'https://evil.example/',
      'http://192.168.1.20:5173/',
      'http://localhost.evil.example/',
    ]) {
      expect(() => rendererSource({ devServerUrl: url, isPackaged: false, indexHtmlPath })).toThrow(
        /loopback/,
      );
    }
  });
});

describe('navigation inside the window', () => {
  it('allows the built app page with its routes', () => {
    expect(isAppUrl(indexUrl, built)).toBe(true);
    expect(isAppUrl(`${indexUrl}#/tickets/42`, built)).toBe(true);
    expect(isAppUrl(`${indexUrl}?view=queue`, built)).toBe(true);
  });

  it('refuses any other file, including ones reached through dot segments', () => {
    expect(
      isAppUrl(pathToFileURL(resolve('app', 'out', 'renderer', 'other.html')).href, built),
    ).toBe(false);
    expect(isAppUrl(pathToFileURL(resolve('app', 'secrets.txt')).href, built)).toBe(false);
    expect(
      isAppUrl(indexUrl.replace('/renderer/index.html', '/renderer/../../../etc/passwd'), built),
    ).toBe(false);
    expect(isAppUrl(indexUrl.replace('file:///', 'file://fileserver/'), built)).toBe(false);
  });

  it('refuses foreign origins and script or data URLs', () => {
    for (const url of [
      'https://ptiaccess.com/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
    ]) {
      expect(isAppUrl(url, built), url).toBe(false);
      expect(isAppUrl(url, dev), url).toBe(false);
    }
  });

  it('allows only the dev server origin in development', () => {
    expect(isAppUrl('http://localhost:5173/#/queue', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl(indexUrl, dev)).toBe(false);
  });
});

describe('external links', () => {
  it('accepts https links to PTI and Gatedesk, and their subdomains', () => {
    expect(allowedExternalLink('https://ptiaccess.com/x')).toBe('https://ptiaccess.com/x');
    expect(allowedExternalLink('https://support.ptiaccess.com/kb/42?q=1#top')).toBe(
      'https://support.ptiaccess.com/kb/42?q=1#top',
    );
    expect(allowedExternalLink('https://PTIACCESS.com/x')).toBe('https://ptiaccess.com/x');
    expect(allowedExternalLink('https://gatedesk.app/help')).toBe('https://gatedesk.app/help');
  });

  it('refuses anything not https', () => {
    for (const url of [
      'http://ptiaccess.com/x',
      'ftp://ptiaccess.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'mailto:a@ptiaccess.com',
    ]) {
      expect(allowedExternalLink(url), url).toBeNull();
    }
  });

  it('refuses lookalike hosts', () => {
    for (const url of [
      'https://ptiaccess.com.evil.example/',
      'https://evilptiaccess.com/',
      'https://ptiaccess.co/',
      'https://xn--pticcess-7fg.com/',
      'https://ptiaccess.com./',
      'https://gatedesk.app.evil.example/',
    ]) {
      expect(allowedExternalLink(url), url).toBeNull();
    }
  });

  it('refuses credentials, backslash and @ tricks, odd ports', () => {
    for (const url of [
      'https://ptiaccess.com@evil.example/',
      'https://user:pass@ptiaccess.com/',
      'https://evil.example\\@ptiaccess.com/',
      'https://evil.example\\.ptiaccess.com/',
      'https://ptiaccess.com:8443/',
    ]) {
      expect(allowedExternalLink(url), url).toBeNull();
    }
  });

  it('refuses IP literals in every spelling', () => {
    for (const url of [
      'https://93.184.216.34/',
      'https://0x5db8d822/',
      'https://1572395042/',
      'https://[::1]/',
      'https://[2001:db8::1]/',
    ]) {
      expect(allowedExternalLink(url), url).toBeNull();
    }
  });
});

describe('new windows', () => {
  it('never opens a window, and sends only allow-listed links to the browser', () => {
    const openExternal = vi.fn();
    const handler = createWindowOpenHandler(openExternal);
    expect(handler({ url: 'https://ptiaccess.com/docs' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: indexUrl })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://ptiaccess.com/docs']]);
  });
});

describe('trusted IPC sender', () => {
  const OUR_ID = 7;
  const check = createSenderCheck(built, (id) => id === OUR_ID);
  const event = (over: {
    id?: number;
    url?: string;
    parent?: unknown;
    frame?: null;
  }): IpcSenderInfo => ({
    sender: { id: over.id ?? OUR_ID },
    senderFrame:
      over.frame === null ? null : { url: over.url ?? indexUrl, parent: over.parent ?? null },
  });

  it('accepts the main frame of our window showing the app', () => {
    expect(check(event({}))).toBe(true);
    expect(check(event({ url: `${indexUrl}#/tickets` }))).toBe(true);
  });

  it('refuses subframes, other webContents, other pages and vanished frames', () => {
    expect(check(event({ parent: { url: indexUrl } }))).toBe(false);
    expect(check(event({ id: 8 }))).toBe(false);
    expect(check(event({ url: 'https://evil.example/' }))).toBe(false);
    expect(check(event({ url: pathToFileURL(resolve('downloads', 'attachment.html')).href }))).toBe(
      false,
    );
    expect(check(event({ frame: null }))).toBe(false);
  });

  it('refuses a frame that throws when read (destroyed mid-call)', () => {
    const destroyed = {
      sender: { id: OUR_ID },
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(check(destroyed)).toBe(false);
  });

  it('in development accepts only the dev server page', () => {
    const devCheck = createSenderCheck(dev, () => true);
    expect(
      devCheck({ sender: { id: 1 }, senderFrame: { url: 'http://localhost:5173/', parent: null } }),
    ).toBe(true);
    expect(devCheck({ sender: { id: 1 }, senderFrame: { url: indexUrl, parent: null } })).toBe(
      false,
    );
  });
});

describe('CSP response header', () => {
  it('replaces any policy the response carried, whatever its case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      "default-src 'self'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
