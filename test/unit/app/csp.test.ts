import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src-shared/csp.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('content security policy', () => {
  const built = directives(contentSecurityPolicy());

  it('lets only the app’s own scripts run: no eval, no inline code', () => {
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy()).not.toContain('unsafe-inline');
    expect(built.get('script-src')).toEqual(["'self'"]);
    expect(built.get('style-src')).toEqual(["'self'"]);
    expect(built.get('default-src')).toEqual(["'self'"]);
  });

  it('shuts plugins, base rewriting, framing and form posts', () => {
    expect(built.get('object-src')).toEqual(["'none'"]);
    expect(built.get('base-uri')).toEqual(["'none'"]);
    expect(built.get('frame-ancestors')).toEqual(["'none'"]);
    expect(built.get('form-action')).toEqual(["'none'"]);
    expect(built.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('adds the connect origins a shell asks for, and nothing else', () => {
    const policy = directives(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4123'] }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4123']);
    expect(built.get('connect-src')).toEqual(["'self'"]);
  });

  it('refuses a connect origin that would smuggle in another directive or keyword', () => {
    for (const bad of [
      "ws://x; script-src 'unsafe-eval'",
      "'unsafe-inline'",
      'ws://a ws://b',
      '*',
      '',
    ]) {
      expect(() => contentSecurityPolicy({ connectSrc: [bad] })).toThrow(/connect-src/);
    }
  });

  it('relaxes inline code only for the dev server, still without eval', () => {
    const dev = contentSecurityPolicy({ devServer: true, connectSrc: ['ws://localhost:5173'] });
    expect(directives(dev).get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev).not.toContain('unsafe-eval');
    expect(directives(dev).get('object-src')).toEqual(["'none'"]);
  });
});
