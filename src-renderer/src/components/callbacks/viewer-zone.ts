import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { TimeZoneName } from '../../../../src-shared/accounts';
import { useMySettings } from '../account/account-api';
import type { CalendarMode } from './calendar-logic';
import { defaultViewerZone } from './zone-choice';
import { systemTimeZone } from './calendar-logic';

/**
 * The callback screens' preferences (UI state only): the zone times are shown in (null: the
 * account's zone from My settings, else this computer's), and the calendar's view. Kept on this computer.
 */
interface CallbackPrefs {
  timeZone: string | null;
  mode: CalendarMode;
  /** null: the viewer's own calendar; 'team': everyone's; else a technician's id. */
  calendarOf: string | null;
  setTimeZone(zone: string | null): void;
  setMode(mode: CalendarMode): void;
  setCalendarOf(who: string | null): void;
}

export const useCallbackPrefs = create<CallbackPrefs>()(
  persist(
    (set) => ({
      timeZone: null,
      mode: 'week',
      calendarOf: null,
      setTimeZone: (timeZone) => set({ timeZone }),
      setMode: (mode) => set({ mode }),
      setCalendarOf: (calendarOf) => set({ calendarOf }),
    }),
    {
      name: 'gatedesk.callbacks',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ timeZone: state.timeZone, mode: state.mode }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as { timeZone?: unknown; mode?: unknown };
        return {
          ...current,
          timeZone:
            typeof p.timeZone === 'string' && TimeZoneName.safeParse(p.timeZone).success
              ? p.timeZone
              : null,
          mode: p.mode === 'day' || p.mode === 'week' ? p.mode : current.mode,
        };
      },
    },
  ),
);

/** The default zone for this viewer: My settings' zone once it has loaded, else this computer's. */
export function useDefaultViewerZone(): string {
  const settings = useMySettings(true);
  return defaultViewerZone(settings.data?.timezone, systemTimeZone());
}

/** The zone the viewer reads times in: the one they chose here, else the default above. */
export function useViewerZone(): string {
  const chosen = useCallbackPrefs((state) => state.timeZone);
  const fallback = useDefaultViewerZone();
  return chosen ?? fallback;
}
