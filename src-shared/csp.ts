/**
 * The Content-Security-Policy of the renderer, shared by the Electron shell (response header
 * for the dev server) and the web host (response header for every page it serves), so both
 * shells hold the renderer to the same rules.
 */
export interface CspOptions {
  /** Extra origins the page may open connections to, e.g. the web host's WebSocket or the dev server's HMR socket. */
  connectSrc?: string[];
  /**
   * Vite's dev server injects the React Refresh preamble as an inline module script and CSS as
   * inline <style> elements. Only for a renderer served by the dev server on loopback; a built
   * renderer never needs it.
   */
  devServer?: boolean;
}

// A CSP source is one token: anything that could end the directive or start a new one would
// let a caller (or an environment variable behind it) widen the policy.
const SOURCE = /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^\s;,'"]+)?$/;

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = options.connectSrc ?? [];
  for (const source of connect) {
    if (!SOURCE.test(source))
      throw new Error(`not a valid connect-src origin: ${JSON.stringify(source)}`);
  }
  const inline = options.devServer ? ["'unsafe-inline'"] : [];
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...inline]],
    ['style-src', ["'self'", ...inline]],
    ['connect-src', ["'self'", ...connect]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
