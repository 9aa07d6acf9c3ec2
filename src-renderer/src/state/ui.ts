import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { TicketListQuery, type TicketSortColumn } from '../../../src-shared/domain/ticket';
import type { TicketSort } from '../api/ticket-pages';
import { defaultSort, nextSort } from './sort';
import { ALL_VIEW_ID } from './views';

/** UI state only: what the person chose to look at. Server data lives in react-query. */

export type Theme = 'system' | 'light' | 'dark';
export type View =
  | 'tickets'
  | 'search'
  | 'new-ticket'
  | 'kb'
  | 'profiles'
  | 'sites'
  | 'account'
  | 'replies'
  | 'callbacks'
  | 'sla-policy';
export type DialogName = 'palette' | 'shortcuts' | 'sync' | 'sign-in';
export type ComposerMode = 'reply' | 'note';

/** Asks the open ticket's composer to take focus (r, n, "Quote"); the nonce makes repeats count. */
export interface ComposerRequest {
  mode: ComposerMode;
  quotedMessageId: string | null;
  nonce: number;
}

export interface UiState {
  view: View;
  /** The saved view or status filter the queue shows (state/views.ts). */
  listViewId: string;
  selectedTicketId: string | null;
  /** Tickets ticked for a bulk change. */
  checkedIds: readonly string[];
  searchQuery: string;
  /** The closed ticket a new ticket follows up, when the form was opened for one. */
  followUpOfId: string | null;
  dialog: DialogName | null;
  /** The knowledge base: the section shown (null: the most read articles) and the article open. */
  kbSectionId: string | null;
  kbArticleId: string | null;
  kbQuery: string;
  composerRequest: ComposerRequest | null;
  /** Set when this window signed out, so the sign-in dialog does not pop up uninvited. */
  signedOutHere: boolean;
  sort: TicketSort;
  theme: Theme;
  showView(view: View): void;
  showList(viewId: string): void;
  selectTicket(id: string | null): void;
  /** Shows a ticket in the queue screen, whatever screen is open. */
  openTicket(id: string): void;
  toggleChecked(id: string): void;
  setChecked(ids: readonly string[]): void;
  search(query: string): void;
  startNewTicket(followUpOfId?: string | null): void;
  showKb(place: { sectionId?: string | null; articleId?: string | null; query?: string }): void;
  openDialog(dialog: DialogName): void;
  closeDialog(): void;
  requestComposer(mode: ComposerMode, quotedMessageId?: string | null): void;
  setSignedOutHere(value: boolean): void;
  sortBy(column: TicketSortColumn): void;
  setTheme(theme: Theme): void;
}

export const themeOrder: readonly Theme[] = ['system', 'light', 'dark'];

type Preferences = Pick<UiState, 'theme' | 'sort' | 'listViewId'>;

export function validPreferences(persisted: unknown): Partial<Preferences> {
  if (typeof persisted !== 'object' || persisted === null) return {};
  const { theme, sort, listViewId } = persisted as {
    theme?: unknown;
    sort?: unknown;
    listViewId?: unknown;
  };
  const preferences: Partial<Preferences> = {};
  if (themeOrder.includes(theme as Theme)) preferences.theme = theme as Theme;
  const parsed = TicketListQuery.shape.sort.safeParse(sort);
  if (sort !== undefined && parsed.success) preferences.sort = parsed.data;
  if (typeof listViewId === 'string' && /^[\w:-]{1,60}$/.test(listViewId))
    preferences.listViewId = listViewId;
  return preferences;
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      view: 'tickets',
      listViewId: ALL_VIEW_ID,
      selectedTicketId: null,
      checkedIds: [],
      searchQuery: '',
      followUpOfId: null,
      dialog: null,
      kbSectionId: null,
      kbArticleId: null,
      kbQuery: '',
      composerRequest: null,
      signedOutHere: false,
      sort: defaultSort,
      theme: 'system',
      showView: (view) => set({ view }),
      // Another view is another list: what was ticked in the last one is not visible any more.
      showList: (listViewId) => set({ listViewId, view: 'tickets', checkedIds: [] }),
      selectTicket: (selectedTicketId) => set({ selectedTicketId }),
      openTicket: (id) =>
        set((state) => ({
          selectedTicketId: id,
          view: state.view === 'search' ? 'search' : 'tickets',
        })),
      toggleChecked: (id) =>
        set((state) => ({
          checkedIds: state.checkedIds.includes(id)
            ? state.checkedIds.filter((checked) => checked !== id)
            : [...state.checkedIds, id],
        })),
      setChecked: (checkedIds) => set({ checkedIds }),
      search: (searchQuery) => set({ searchQuery, view: 'search' }),
      startNewTicket: (followUpOfId = null) => set({ view: 'new-ticket', followUpOfId }),
      showKb: (place) =>
        set((state) => ({
          view: 'kb',
          kbSectionId: place.sectionId !== undefined ? place.sectionId : state.kbSectionId,
          kbArticleId: place.articleId !== undefined ? place.articleId : state.kbArticleId,
          kbQuery: place.query ?? state.kbQuery,
        })),
      openDialog: (dialog) => set({ dialog }),
      closeDialog: () => set({ dialog: null }),
      requestComposer: (mode, quotedMessageId = null) =>
        set((state) => ({
          composerRequest: {
            mode,
            quotedMessageId,
            nonce: (state.composerRequest?.nonce ?? 0) + 1,
          },
        })),
      setSignedOutHere: (signedOutHere) => set({ signedOutHere }),
      sortBy: (column) => set((state) => ({ sort: nextSort(state.sort, column) })),
      setTheme: (theme) => set({ theme }),
    }),
    {
      name: 'gatedesk.ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Preferences survive a restart; what was selected belongs to the last session's data.
      partialize: (state) => ({
        theme: state.theme,
        sort: state.sort,
        listViewId: state.listViewId,
      }),
      // Storage may hold what an older or newer version wrote: keep only values this one understands.
      merge: (persisted, current) => ({ ...current, ...validPreferences(persisted) }),
    },
  ),
);
