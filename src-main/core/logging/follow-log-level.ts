import type { LogLevel } from '../../../src-shared/domain/desktop.js';
import type { Core } from '../core-types.js';

/**
 * Keeps a shell's log level in step with the `logLevel` setting: applies the stored value
 * now and every change after. Returns the unsubscribe.
 */
export async function followLogLevel(
  core: Pick<Core, 'dispatch' | 'events'>,
  shell: 'electron' | 'web',
  setLevel: (level: LogLevel) => void,
): Promise<() => void> {
  const unsubscribe = core.events.on('app.settings.changed', (settings) =>
    setLevel(settings.logLevel),
  );
  const current = await core.dispatch('app.settings.get', {}, { shell });
  if (current.ok) setLevel((current.value as { logLevel: LogLevel }).logLevel);
  return unsubscribe;
}
