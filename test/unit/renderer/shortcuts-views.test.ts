import { describe, expect, it } from 'vitest';
import { TicketListQuery, ticketStatuses } from '../../../src-shared/domain/ticket';
import { commandMatches } from '../../../src-renderer/src/state/palette';
import {
  isTextField,
  shortcutFor,
  shortcuts,
  type KeyFacts,
} from '../../../src-renderer/src/state/shortcuts';
import {
  ALL_VIEW_ID,
  audienceFor,
  savedViewsFor,
  statusViewId,
  viewById,
} from '../../../src-renderer/src/state/views';

const key = (k: string, more: Partial<KeyFacts> = {}): KeyFacts => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inTextField: false,
  inDialog: false,
  defaultPrevented: false,
  repeat: false,
  ...more,
});

describe('keyboard shortcuts', () => {
  it('maps single keys outside text fields', () => {
    expect(shortcutFor(key('j'))).toBe('next');
    expect(shortcutFor(key('k'))).toBe('previous');
    expect(shortcutFor(key('r'))).toBe('reply');
    expect(shortcutFor(key('n'))).toBe('note');
    expect(shortcutFor(key('/'))).toBe('search');
    expect(shortcutFor(key('?'))).toBe('cheatSheet');
    expect(shortcutFor(key('q'))).toBeNull();
  });

  it('leaves typing, dialogs and other handlers alone', () => {
    expect(shortcutFor(key('j', { inTextField: true }))).toBeNull();
    expect(shortcutFor(key('r', { inDialog: true }))).toBeNull();
    expect(shortcutFor(key('Escape', { defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(key('r', { ctrlKey: true }))).toBeNull();
  });

  it('opens the palette with Ctrl+K or ⌘K, even from a text field', () => {
    expect(shortcutFor(key('k', { ctrlKey: true, inTextField: true }))).toBe('palette');
    expect(shortcutFor(key('K', { metaKey: true }))).toBe('palette');
    expect(shortcutFor(key('k', { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it('repeats only movement while a key is held', () => {
    expect(shortcutFor(key('j', { repeat: true }))).toBe('next');
    expect(shortcutFor(key('c', { repeat: true }))).toBeNull();
  });

  it('lists every action on the cheat sheet exactly once', () => {
    const actions = shortcuts.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const k of ['j', 'k', 'o', 'Escape', 'x', 'r', 'n', 'a', 'c', '/', '?'])
      expect(actions).toContain(shortcutFor(key(k)));
  });

  it('treats text inputs, text areas and selects as text fields, not buttons or boxes', () => {
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTextField({ tagName: 'SELECT' })).toBe(true);
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});

describe('saved views', () => {
  it('gives technicians work queues and customers their own tickets by state', () => {
    expect(audienceFor('technician')).toBe('staff');
    expect(audienceFor('site_manager')).toBe('customer');
    expect(audienceFor(null)).toBe('customer');
    expect(savedViewsFor('staff').map((v) => v.label)).toEqual([
      'My open',
      'Unassigned',
      'Waiting on customer',
      'Scheduled today',
      'Breaching SLA',
      'All tickets',
    ]);
    expect(savedViewsFor('customer').map((v) => v.label)).toEqual([
      "My organisation's open",
      'Waiting for me',
      'Resolved',
      'Closed',
      'All tickets',
    ]);
    const staff = (id: string) => savedViewsFor('staff').find((v) => v.id === id)?.filter;
    expect(staff('my-open')).toMatchObject({ assigneeId: 'me' });
    expect(staff('unassigned')).toMatchObject({ assigneeId: null });
    expect(staff('my-open')?.status).not.toContain('RESOLVED');
    expect(savedViewsFor('customer').find((v) => v.id === 'waiting-for-me')?.filter).toEqual({
      status: ['ANSWERED'],
    });
  });

  it('finds a view by id, status views included, and falls back to all tickets', () => {
    const label = (s: string) => `L-${s}`;
    expect(viewById(statusViewId('CLOSED'), label)).toMatchObject({
      label: 'L-CLOSED',
      filter: { status: ['CLOSED'] },
      status: 'CLOSED',
    });
    expect(viewById('waiting-on-customer', label).filter).toEqual({ status: ['ANSWERED'] });
    expect(viewById('gone', label).id).toBe(ALL_VIEW_ID);
    for (const status of ticketStatuses)
      expect(viewById(statusViewId(status), label).filter.status).toEqual([status]);
  });

  it("schedules today as the viewer's day, midnight to midnight", () => {
    const evening = new Date(2026, 10, 23, 22, 30);
    const today = savedViewsFor('staff', evening).find((v) => v.id === 'scheduled-today');
    expect(today?.filter.callbackBetween).toEqual({
      from: new Date(2026, 10, 23).toISOString(),
      to: new Date(2026, 10, 24).toISOString(),
      technicianId: 'me',
    });
  });

  it('uses only filters the contract has', () => {
    const allowed = new Set(Object.keys(TicketListQuery.shape));
    for (const view of [...savedViewsFor('staff'), ...savedViewsFor('customer')])
      for (const field of Object.keys(view.filter)) expect(allowed).toContain(field);
  });
});

describe('command palette matching', () => {
  it('matches word starts in any order, ignoring case and accents', () => {
    expect(commandMatches('new t', 'New ticket')).toBe(true);
    expect(commandMatches('ticket new', 'New ticket')).toBe(true);
    expect(commandMatches('sync', 'Open the sync panel')).toBe(true);
    expect(commandMatches('pending', 'Open the sync panel', ['pending'])).toBe(true);
    expect(commandMatches('icket', 'New ticket')).toBe(false);
    expect(commandMatches('REOUVRIR', 'Réouvrir')).toBe(true);
    expect(commandMatches('  ', 'Anything')).toBe(true);
  });
});
