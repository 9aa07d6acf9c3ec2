import { describe, expect, it } from 'vitest';
import {
  clearMessageDraft,
  loadMessageDraft,
  loadNewTicketDraft,
  markSurveySent,
  messageDraftKey,
  saveMessageDraft,
  saveNewTicketDraft,
  surveySent,
  type DraftStorage,
} from '../../../src-renderer/src/state/drafts';

/** localStorage's contract, kept in a Map; `failing` makes every write throw like a full disk. */
function memoryStorage(failing = false): DraftStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      if (failing) throw new Error('QuotaExceededError');
      data.set(key, value);
    },
    removeItem: (key) => void data.delete(key),
  };
}

const at = new Date('2026-03-10T12:00:00Z');

describe('message drafts', () => {
  it('keeps what was typed per profile and ticket, and gives it back', () => {
    const storage = memoryStorage();
    saveMessageDraft(
      storage,
      'p1',
      't1',
      { mode: 'note', body: 'half a thought', quotedMessageId: 'm9' },
      at,
    );
    saveMessageDraft(
      storage,
      'p2',
      't1',
      { mode: 'reply', body: 'other server', quotedMessageId: null },
      at,
    );
    expect(loadMessageDraft(storage, 'p1', 't1')).toEqual({
      mode: 'note',
      body: 'half a thought',
      quotedMessageId: 'm9',
      savedAt: at.toISOString(),
    });
    expect(loadMessageDraft(storage, 'p2', 't1')?.body).toBe('other server');
    expect(loadMessageDraft(storage, 'p1', 't2')).toBeNull();
  });

  it('removes a draft that became empty, and one that was sent', () => {
    const storage = memoryStorage();
    saveMessageDraft(storage, 'p1', 't1', { mode: 'reply', body: 'x', quotedMessageId: null }, at);
    saveMessageDraft(
      storage,
      'p1',
      't1',
      { mode: 'reply', body: '   ', quotedMessageId: null },
      at,
    );
    expect(storage.data.size).toBe(0);
    saveMessageDraft(storage, 'p1', 't1', { mode: 'reply', body: '', quotedMessageId: 'm1' }, at);
    expect(loadMessageDraft(storage, 'p1', 't1')?.quotedMessageId).toBe('m1');
    clearMessageDraft(storage, 'p1', 't1');
    expect(loadMessageDraft(storage, 'p1', 't1')).toBeNull();
  });

  it('ignores what it cannot read instead of failing', () => {
    const storage = memoryStorage();
    storage.data.set(messageDraftKey('p1', 't1'), '{not json');
    expect(loadMessageDraft(storage, 'p1', 't1')).toBeNull();
    storage.data.set(messageDraftKey('p1', 't1'), JSON.stringify({ mode: 'shout', body: 1 }));
    expect(loadMessageDraft(storage, 'p1', 't1')).toBeNull();
    expect(() =>
      saveMessageDraft(memoryStorage(true), 'p1', 't1', {
        mode: 'reply',
        body: 'x',
        quotedMessageId: null,
      }),
    ).not.toThrow();
  });
});

describe('new-ticket drafts and surveys', () => {
  it('stores a new ticket only once something was typed, with the follow-up it belongs to', () => {
    const storage = memoryStorage();
    const typed = ['subject', 'description'];
    saveNewTicketDraft(
      storage,
      'p1',
      { values: { priority: 'high', subject: '' }, followUpOfId: null },
      typed,
      at,
    );
    expect(loadNewTicketDraft(storage, 'p1')).toBeNull();
    saveNewTicketDraft(
      storage,
      'p1',
      { values: { subject: 'Gate', description: '' }, followUpOfId: 't7' },
      typed,
      at,
    );
    expect(loadNewTicketDraft(storage, 'p1')).toEqual({
      values: { subject: 'Gate', description: '' },
      followUpOfId: 't7',
      savedAt: at.toISOString(),
    });
  });

  it('remembers a sent survey per profile and ticket', () => {
    const storage = memoryStorage();
    expect(surveySent(storage, 'p1', 't1')).toBe(false);
    markSurveySent(storage, 'p1', 't1', at);
    expect(surveySent(storage, 'p1', 't1')).toBe(true);
    expect(surveySent(storage, 'p2', 't1')).toBe(false);
  });
});
