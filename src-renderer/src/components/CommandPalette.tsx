import { Command } from 'cmdk';
import { useDeferredValue, useState } from 'react';
import { ticketStatuses } from '../../../src-shared/domain/ticket';
import { useKbSearches, useSearch } from '../api/queries';
import { useSavedViews } from '../api/saved-view-queries';
import { displayTicketNumber, statusLabels } from '../format/ticket';
import { snippetText } from '../format/snippet';
import { useViewer } from '../hooks/use-viewer';
import { commandMatches } from '../state/palette';
import { themeOrder, useUi } from '../state/ui';
import { listViewOfSaved } from '../state/saved-views';
import { savedViewsFor, statusView } from '../state/views';
import { Dialog } from './common/Dialog';
import { StatusBadge } from './common/StatusBadge';
import { focusSearch } from './search/SearchBox';

interface PaletteCommand {
  id: string;
  label: string;
  keywords?: readonly string[];
  hint?: string;
  run(): void;
}

const TICKET_HITS = 8;
const ARTICLE_HITS = 3;

/** Ctrl/⌘+K: jump to a ticket (local search, offline) or to any view, or run a command. */
export function CommandPalette() {
  const open = useUi((state) => state.dialog === 'palette');
  const closeDialog = useUi((state) => state.closeDialog);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : closeDialog())}
      title="Command palette"
      hideTitle
      className="palette"
      testId="command-palette"
    >
      {open ? <PaletteBody /> : null}
    </Dialog>
  );
}

function PaletteBody() {
  const ui = useUi.getState;
  const viewer = useViewer();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const tickets = useSearch(deferred, TICKET_HITS);
  const [articles] = useKbSearches(deferred.trim() ? [deferred.trim()] : [], ARTICLE_HITS);
  const mine = useSavedViews().data ?? [];

  const finish = (action: () => void) => {
    ui().closeDialog();
    action();
  };

  const views: PaletteCommand[] = [
    ...savedViewsFor(viewer.actor ?? 'customer'),
    ...ticketStatuses.map((status) => statusView(status, `${statusLabels[status]} tickets`)),
    ...mine.map(listViewOfSaved),
  ].map((view) => ({
    id: `view:${view.id}`,
    label: view.label,
    keywords: ['view', 'queue', 'show', 'list'],
    hint: 'View',
    run: () => ui().showList(view.id),
  }));
  const commands: PaletteCommand[] = [
    {
      id: 'new-ticket',
      label: 'New ticket',
      keywords: ['create', 'raise', 'open'],
      hint: 'c',
      run: () => ui().startNewTicket(null),
    },
    {
      id: 'search',
      label: 'Search tickets',
      keywords: ['find'],
      hint: '/',
      run: () => {
        ui().showView('search');
        // After the dialog has returned focus, so the box keeps it.
        setTimeout(focusSearch, 0);
      },
    },
    {
      id: 'kb',
      label: 'Knowledge base',
      keywords: ['articles', 'help', 'how'],
      run: () => ui().showKb({}),
    },
    {
      id: 'sync',
      label: 'Open the sync panel',
      keywords: ['pending', 'attention', 'refused', 'offline', 'outbox'],
      run: () => ui().openDialog('sync'),
    },
    {
      id: 'profiles',
      label: 'Profiles and sign-in',
      keywords: ['server', 'account', 'sign', 'out', 'switch'],
      run: () => ui().showView('profiles'),
    },
    {
      id: 'theme',
      label: 'Switch the theme',
      keywords: ['dark', 'light', 'colour', 'color'],
      run: () => {
        const theme = ui().theme;
        ui().setTheme(themeOrder[(themeOrder.indexOf(theme) + 1) % themeOrder.length] ?? 'system');
      },
    },
    {
      id: 'shortcuts',
      label: 'Keyboard shortcuts',
      keywords: ['keys', 'help', 'cheat'],
      hint: '?',
      run: () => ui().openDialog('shortcuts'),
    },
  ];
  const matching = (list: PaletteCommand[]) =>
    list.filter((command) => commandMatches(query, command.label, command.keywords));
  const shownViews = matching(views);
  const shownCommands = matching(commands);
  const hits = deferred.trim() ? (tickets.data ?? []) : [];
  const articleHits = deferred.trim() ? (articles?.data ?? []) : [];
  const nothing = shownViews.length + shownCommands.length + hits.length + articleHits.length === 0;

  return (
    <Command label="Commands, views and tickets" shouldFilter={false} loop>
      <Command.Input
        className="palette__input"
        placeholder="Type a command, a view, or search tickets…"
        value={query}
        onValueChange={setQuery}
      />
      <Command.List className="palette__list" label="Results">
        {nothing ? (
          <p className="palette__empty">
            {tickets.isFetching ? 'Searching…' : `Nothing matches “${query.trim()}”.`}
          </p>
        ) : null}
        {hits.length > 0 ? (
          <Command.Group heading="Tickets">
            {hits.map((hit) => (
              <Command.Item
                key={hit.ticket.id}
                value={`ticket:${hit.ticket.id}`}
                className="palette__item"
                onSelect={() => finish(() => ui().openTicket(hit.ticket.id))}
              >
                <span className="palette__number">{displayTicketNumber(hit.ticket.number)}</span>
                <StatusBadge status={hit.ticket.status} />
                <span className="palette__label">{hit.ticket.subject}</span>
                <span className="palette__hint" aria-hidden="true">
                  {snippetText(hit.snippet) !== hit.ticket.subject ? snippetText(hit.snippet) : ''}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {articleHits.length > 0 ? (
          <Command.Group heading="Knowledge base">
            {articleHits.map((hit) => (
              <Command.Item
                key={hit.article.id}
                value={`article:${hit.article.id}`}
                className="palette__item"
                onSelect={() => finish(() => ui().showKb({ articleId: hit.article.id }))}
              >
                <span className="palette__label">{hit.article.title}</span>
                <span className="palette__hint" aria-hidden="true">
                  {hit.article.summary}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {shownCommands.length > 0 ? (
          <Command.Group heading="Commands">
            {shownCommands.map((command) => (
              <PaletteItem key={command.id} command={command} onRun={finish} />
            ))}
          </Command.Group>
        ) : null}
        {shownViews.length > 0 ? (
          <Command.Group heading="Go to">
            {shownViews.map((command) => (
              <PaletteItem key={command.id} command={command} onRun={finish} />
            ))}
          </Command.Group>
        ) : null}
      </Command.List>
    </Command>
  );
}

function PaletteItem({
  command,
  onRun,
}: {
  command: PaletteCommand;
  onRun: (action: () => void) => void;
}) {
  return (
    <Command.Item value={command.id} className="palette__item" onSelect={() => onRun(command.run)}>
      <span className="palette__label">{command.label}</span>
      {command.hint ? (
        <span className="palette__hint" aria-hidden="true">
          {command.hint.length === 1 ? <kbd>{command.hint}</kbd> : command.hint}
        </span>
      ) : null}
    </Command.Item>
  );
}
