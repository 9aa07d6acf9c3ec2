import { describe, expect, it } from 'vitest';
import { isSecretName, redactText } from '../../../src-main/core/diagnostics/redact-text.js';

describe('secret names', () => {
  it('recognises secrets by word, whatever the case convention', () => {
    for (const name of [
      'password',
      'sitePassword',
      'site_key',
      'siteKey',
      'X-Api-Key',
      'access_token_sealed',
      'refreshToken',
      'supportPin',
      'Set-Cookie',
      'client_secret',
      'credentials',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('leaves words that only contain the letters alone', () => {
    for (const name of [
      'keypad',
      'unitMapping',
      'shipping',
      'passage',
      'tokenizer',
      'siteCode',
      'monkey',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('redacting text', () => {
  it('removes Authorization and Cookie headers in every spelling', () => {
    expect(redactText('Authorization: Bearer abc.def')).toBe('Authorization: [redacted]');
    expect(redactText('authorization=Basic dGVzdDp0ZXN0')).toBe('authorization=[redacted]');
    expect(redactText('{"authorization":"Bearer x1","accept":"*/*"}')).toBe(
      '{"authorization":"[redacted]","accept":"*/*"}',
    );
    expect(redactText('Set-Cookie: gatedesk_host=abc123; HttpOnly')).toBe('Set-Cookie: [redacted]');
  });

  it('removes bearer tokens and JWTs wherever they are', () => {
    expect(redactText('retrying with Bearer 0a1b2c3d4e')).toBe('retrying with Bearer [redacted]');
    expect(redactText('got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl back')).toBe(
      'got [redacted] back',
    );
  });

  it('removes secret values from JSON, object dumps, query strings and prose pairs', () => {
    expect(redactText('{"siteKey":"SK-1","pin":1234,"tokens":{"a":"b"},"siteCode":"HPS101"}')).toBe(
      '{"siteKey":"[redacted]","pin":"[redacted]","tokens":"[redacted]","siteCode":"HPS101"}',
    );
    expect(redactText("{ user: 'bob', password: 'p w' }")).toBe(
      "{ user: 'bob', password: '[redacted]' }",
    );
    expect(redactText('GET /?token=abc&view=queue')).toBe('GET /?token=[redacted]&view=queue');
    expect(redactText('http://127.0.0.1:4000/?token=abc')).toBe(
      'http://127.0.0.1:4000/?token=[redacted]',
    );
    expect(redactText('site key: 9F8E7D, user=admin')).toBe('site key: [redacted], user=admin');
  });

  it('removes credentials from URLs', () => {
    expect(redactText('fetch https://me:pw@gw.example/api failed')).toBe(
      'fetch https://[redacted]@gw.example/api failed',
    );
  });

  it('removes known values anywhere, but not values too short to be secrets', () => {
    expect(redactText('a q8XcT0n1Lk2p b', ['q8XcT0n1Lk2p'])).toBe('a [redacted] b');
    expect(redactText('the cat sat', ['at'])).toBe('the cat sat');
  });

  it('keeps what support needs and is idempotent', () => {
    const line =
      '2026-11-23T09:00:00Z info [sync] pulled 120 rows for ticket HW00000094 at site HPS101 in 35 ms';
    expect(redactText(line)).toBe(line);
    const once = redactText('{"password":"x","note":"Bearer y","url":"https://a/?token=z"}');
    expect(redactText(once)).toBe(once);
  });
});
