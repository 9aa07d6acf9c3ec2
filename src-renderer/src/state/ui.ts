import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import {
  TicketListQuery,
  type TicketSortColumn,
  type TicketStatus,
} from '../../../src-shared/domain/ticket';
import type { TicketSort } from '../api/ticket-pages';
import { defaultSort, nextSort } from './sort';

/** UI state only: what the person chose to look at. Server data lives in react-query. */

export type Theme = 'system' | 'light' | 'dark';
export type View = 'tickets' | 'profiles';

export interface UiState {
  view: View;
  selectedTicketId: string | null;
  sort: TicketSort;
  statusFilter: TicketStatus | null;
  theme: Theme;
  showView(view: View): void;
  selectTicket(id: string | null): void;
  sortBy(column: TicketSortColumn): void;
  setStatusFilter(status: TicketStatus | null): void;
  setTheme(theme: Theme): void;
}

export const themeOrder: readonly Theme[] = ['system', 'light', 'dark'];

export function validPreferences(persisted: unknown): Partial<Pick<UiState, 'theme' | 'sort'>> {
  if (typeof persisted !== 'object' || persisted === null) return {};
  const { theme, sort } = persisted as { theme?: unknown; sort?: unknown };
  const preferences: Partial<Pick<UiState, 'theme' | 'sort'>> = {};
  if (themeOrder.includes(theme as Theme)) preferences.theme = theme as Theme;
  const parsed = TicketListQuery.shape.sort.safeParse(sort);
  if (sort !== undefined && parsed.success) preferences.sort = parsed.data;
  return preferences;
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      view: 'tickets',
      selectedTicketId: null,
      sort: defaultSort,
      statusFilter: null,
      theme: 'system',
      showView: (view) => set({ view }),
      selectTicket: (selectedTicketId) => set({ selectedTicketId }),
      sortBy: (column) => set((state) => ({ sort: nextSort(state.sort, column) })),
      // A filter change starts a new list: keep the view on tickets so the filter is visible.
      setStatusFilter: (statusFilter) => set({ statusFilter, view: 'tickets' }),
      setTheme: (theme) => set({ theme }),
    }),
    {
      name: 'gatedesk.ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Preferences survive a restart; what was selected belongs to the last session's data.
      partialize: (state) => ({ theme: state.theme, sort: state.sort }),
      // Storage may hold what an older or newer version wrote: keep only values this one understands.
      merge: (persisted, current) => ({ ...current, ...validPreferences(persisted) }),
    },
  ),
);
