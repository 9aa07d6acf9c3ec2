/**
 * Keyboard shortcuts: one table for the handler and the cheat sheet (`?`), so the two never
 * disagree. Single keys act only outside text fields and dialogs; Ctrl/⌘+K works everywhere.
 */

export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'open'
  | 'close'
  | 'reply'
  | 'note'
  | 'assignToMe'
  | 'toggleCheck'
  | 'newTicket'
  | 'search'
  | 'palette'
  | 'cheatSheet';

export interface Shortcut {
  action: ShortcutAction;
  /** As shown on the cheat sheet. */
  keys: readonly string[];
  description: string;
  group: 'Moving around' | 'Working on a ticket' | 'Anywhere';
}

export const shortcuts: readonly Shortcut[] = [
  { action: 'next', keys: ['j'], description: 'Next ticket', group: 'Moving around' },
  { action: 'previous', keys: ['k'], description: 'Previous ticket', group: 'Moving around' },
  { action: 'open', keys: ['o'], description: 'Go to the open ticket', group: 'Moving around' },
  { action: 'close', keys: ['Esc'], description: 'Close the ticket', group: 'Moving around' },
  {
    action: 'toggleCheck',
    keys: ['x'],
    description: 'Select the ticket for a bulk change',
    group: 'Moving around',
  },
  { action: 'reply', keys: ['r'], description: 'Reply', group: 'Working on a ticket' },
  {
    action: 'note',
    keys: ['n'],
    description: 'Write an internal note (technicians)',
    group: 'Working on a ticket',
  },
  {
    action: 'assignToMe',
    keys: ['a'],
    description: 'Assign to me (technicians)',
    group: 'Working on a ticket',
  },
  { action: 'newTicket', keys: ['c'], description: 'New ticket', group: 'Anywhere' },
  { action: 'search', keys: ['/'], description: 'Search tickets', group: 'Anywhere' },
  { action: 'palette', keys: ['Ctrl K', '⌘ K'], description: 'Command palette', group: 'Anywhere' },
  { action: 'cheatSheet', keys: ['?'], description: 'This list of shortcuts', group: 'Anywhere' },
];

const singleKeys: Readonly<Record<string, ShortcutAction>> = {
  j: 'next',
  k: 'previous',
  o: 'open',
  Escape: 'close',
  x: 'toggleCheck',
  r: 'reply',
  n: 'note',
  a: 'assignToMe',
  c: 'newTicket',
  '/': 'search',
  '?': 'cheatSheet',
};

export interface KeyFacts {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The key went to a text field, a select or editable content. */
  inTextField: boolean;
  /** The key went to something inside an open dialog, which owns its own keys. */
  inDialog: boolean;
  /** Another handler already acted on it. */
  defaultPrevented: boolean;
  /** Auto-repeat of a held key; moving with j/k may repeat, nothing else should. */
  repeat: boolean;
}

export function shortcutFor(facts: KeyFacts): ShortcutAction | null {
  if (facts.defaultPrevented) return null;
  if ((facts.ctrlKey || facts.metaKey) && !facts.altKey && facts.key.toLowerCase() === 'k')
    return 'palette';
  if (facts.ctrlKey || facts.metaKey || facts.altKey) return null;
  if (facts.inTextField || facts.inDialog) return null;
  const action = singleKeys[facts.key] ?? null;
  if (facts.repeat && action !== 'next' && action !== 'previous') return null;
  return action;
}

/** Elements where a typed letter is text, not a command. */
export function isTextField(
  element: { tagName: string; isContentEditable?: boolean; type?: string } | null,
): boolean {
  if (!element) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = element.type ?? 'text';
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(
    type,
  );
}
