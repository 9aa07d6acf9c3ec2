import type { WebContents } from 'electron';
import {
  allowedExternalLink,
  createWindowOpenHandler,
  isAppUrl,
  type RendererSource,
} from './security.js';

export interface GuardOptions {
  source: RendererSource;
  /** Opens an already allow-listed https URL in the system browser. */
  openExternal: (url: string) => void;
}

/**
 * Applied to every webContents the app creates: no frame leaves the app, no window opens,
 * no <webview> attaches. A click on an allow-listed link in the main frame goes to the system
 * browser instead of replacing the app.
 */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url, options.source)) return;
    event.preventDefault();
    const link = event.isMainFrame ? allowedExternalLink(event.url) : null;
    if (link) options.openExternal(link);
  });
  // A server redirect is not a user's click: it is refused, never sent to the browser.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.source)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(createWindowOpenHandler(options.openExternal));
}
