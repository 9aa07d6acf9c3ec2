import {
  AppSettings,
  defaultAppSettings,
  type AppSettingsPatch,
} from '../../../src-shared/domain/desktop.js';
import type { EventBus } from '../events.js';
import type { StoreDb } from '../store/store-types.js';

/** The row of the app database's settings table that holds them, as one JSON object. */
export const APP_SETTINGS_KEY = 'app_settings';

export interface AppSettingsService {
  get(): Promise<AppSettings>;
  /** Saves the given fields, keeps the others, emits `app.settings.changed`, returns the result. */
  set(patch: AppSettingsPatch): Promise<AppSettings>;
}

/**
 * Reads what was stored field by field: a value a newer or older app wrote that this one does
 * not understand falls back to its default without resetting the settings beside it.
 */
export function parseStoredSettings(raw: string | null): AppSettings {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      stored = parsed as Record<string, unknown>;
  } catch {
    // A damaged row means defaults, never a Gatedesk that cannot start.
  }
  const out = { ...defaultAppSettings } as Record<string, unknown>;
  for (const [key, schema] of Object.entries(AppSettings.shape)) {
    const field = schema.safeParse(stored[key]);
    if (field.success) out[key] = field.data;
  }
  return out as AppSettings;
}

export function createAppSettings(
  appDb: Pick<StoreDb, 'read' | 'write'>,
  events: Pick<EventBus, 'emit'>,
): AppSettingsService {
  const get = async () =>
    parseStoredSettings(await appDb.read('settings.get', { key: APP_SETTINGS_KEY }));
  // Two quick toggles must not read the same old row and lose one of the changes.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get,
    set(patch) {
      const next = queue.then(async () => {
        const given = Object.entries(patch).filter(([, value]) => value !== undefined);
        const merged = AppSettings.parse({ ...(await get()), ...Object.fromEntries(given) });
        await appDb.write('settings.set', { key: APP_SETTINGS_KEY, value: JSON.stringify(merged) });
        events.emit('app.settings.changed', merged);
        return merged;
      });
      queue = next.catch(() => {});
      return next;
    },
  };
}
