import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from '../../../src-main/core/api/dispatch.js';
import { ServiceError } from '../../../src-main/core/api/errors.js';
import { callNames } from '../../../src-shared/contract.js';

function recordingHandlers() {
  const ran: string[] = [];
  const handlers = Object.fromEntries(
    callNames.map((name) => [
      name,
      (input: unknown) => {
        ran.push(name);
        if (name === 'profiles.remove')
          throw new ServiceError('not_found', 'That server profile no longer exists.');
        if (name === 'sync.now') throw new Error('secret internal detail');
        return input;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, ran };
}

describe('dispatch', () => {
  it('refuses an unknown method without running anything', async () => {
    const { handlers, ran } = recordingHandlers();
    const logged: string[] = [];
    const dispatch = createDispatch(handlers, { onInternalError: (m) => logged.push(m) });
    const result = await dispatch('tickets.drop', {}, { shell: 'test' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await dispatch('__proto__', {}, { shell: 'test' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(ran).toEqual([]);
  });

  it('refuses input that fails the schema with a message naming the field, before the handler runs', async () => {
    const { handlers, ran } = recordingHandlers();
    const dispatch = createDispatch(handlers);
    const result = await dispatch(
      'profiles.add',
      { name: 'Work', serverUrl: 'ftp://x', account: 'me@example.com' },
      { shell: 'test' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('serverUrl');
    expect(result.error.issues?.[0]?.path).toBe('serverUrl');
    const extraKey = await dispatch(
      'tickets.list',
      { limit: 10, dropTable: true },
      { shell: 'test' },
    );
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(ran).toEqual([]);
  });

  it('applies schema defaults before the handler sees the input', async () => {
    const { handlers } = recordingHandlers();
    const result = await createDispatch(handlers)('tickets.list', {}, { shell: 'test' });
    expect(result).toEqual({
      ok: true,
      value: { sort: { column: 'updatedAt', direction: 'desc' }, offset: 0, limit: 100 },
    });
  });

  it('passes expected service errors through and hides unexpected ones behind a generic message', async () => {
    const { handlers } = recordingHandlers();
    const logged: unknown[] = [];
    const dispatch = createDispatch(handlers, { onInternalError: (_m, e) => logged.push(e) });
    expect(await dispatch('profiles.remove', { id: 'x' }, { shell: 'test' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That server profile no longer exists.' },
    });
    const internal = await dispatch('sync.now', {}, { shell: 'test' });
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('secret internal detail');
    expect(logged).toHaveLength(1);
  });
});
