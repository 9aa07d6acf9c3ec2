import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { rendererSource } from '../../../src-main/app/security.js';
import { guardWebContents } from '../../../src-main/app/web-contents-guards.js';

const indexHtmlPath = resolve('app', 'out', 'renderer', 'index.html');
const indexUrl = pathToFileURL(indexHtmlPath).href;
const source = rendererSource({ devServerUrl: undefined, isPackaged: true, indexHtmlPath });

function guarded() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  });
  const openExternal = vi.fn();
  guardWebContents(contents as unknown as WebContents, { source, openExternal });
  const navigate = (event: string, url: string, isMainFrame = true) => {
    const details = { url, isMainFrame, preventDefault: vi.fn() };
    emitter.emit(event, details);
    return details.preventDefault.mock.calls.length > 0;
  };
  return { emitter, openExternal, navigate, openWindow: (url: string) => openHandler?.({ url }) };
}

describe('web contents guards', () => {
  it('lets the app navigate within itself', () => {
    const { navigate, openExternal } = guarded();
    expect(navigate('will-frame-navigate', `${indexUrl}#/tickets`)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('keeps the window on the app and opens an allow-listed link in the browser', () => {
    const { navigate, openExternal } = guarded();
    expect(navigate('will-frame-navigate', 'https://ptiaccess.com/kb')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://ptiaccess.com/kb');
  });

  it('blocks other destinations without opening them anywhere', () => {
    const { navigate, openExternal } = guarded();
    expect(navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-frame-navigate', pathToFileURL(resolve('home', 'notes.html')).href)).toBe(
      true,
    );
    expect(navigate('will-frame-navigate', 'https://ptiaccess.com/kb', false)).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses redirects away from the app, even to allow-listed hosts', () => {
    const { navigate, openExternal } = guarded();
    expect(navigate('will-redirect', 'https://ptiaccess.com/kb')).toBe(true);
    expect(navigate('will-redirect', indexUrl)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses every <webview> and every new window', () => {
    const { navigate, openWindow, openExternal } = guarded();
    expect(navigate('will-attach-webview', indexUrl)).toBe(true);
    expect(openWindow(indexUrl)).toEqual({ action: 'deny' });
    expect(openWindow('https://gatedesk.app/help')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://gatedesk.app/help']]);
  });
});
