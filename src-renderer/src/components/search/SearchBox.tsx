import { useUi } from '../../state/ui';

export const SEARCH_INPUT_ID = 'global-search';

/** One box for numbers, subjects and message text; results come from the local index, offline too. */
export function SearchBox() {
  const query = useUi((state) => state.searchQuery);
  const view = useUi((state) => state.view);
  const search = useUi((state) => state.search);
  const showView = useUi((state) => state.showView);
  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        search(query);
      }}
    >
      <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
        Search tickets
      </label>
      <span className="search-box__icon" aria-hidden="true">
        ⌕
      </span>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        className="search-box__input"
        placeholder="Search by number, subject or message text"
        autoComplete="off"
        spellCheck={false}
        value={query}
        aria-keyshortcuts="/"
        onChange={(event) => search(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            search('');
            if (view === 'search') showView('tickets');
            event.currentTarget.blur();
          }
        }}
      />
      <kbd className="search-box__key" aria-hidden="true">
        /
      </kbd>
    </form>
  );
}

export function focusSearch(): void {
  const input = document.getElementById(SEARCH_INPUT_ID);
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}
