import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../../src-shared/attachments';
import { checkAttachmentFiles, formatBytes } from '../../../src-renderer/src/format/attachments';
import {
  describeChange,
  refusalTitle,
  ticketLabel,
} from '../../../src-renderer/src/format/changes';
import { snippetParts, snippetText } from '../../../src-renderer/src/format/snippet';
import { excerpt } from '../../../src-renderer/src/format/text';

describe('search snippets', () => {
  it('splits ⟦matches⟧ from the text around them', () => {
    expect(snippetParts('…the old ⟦firmware⟧; update ⟦firm⟧ware…')).toEqual([
      { text: '…the old ', match: false },
      { text: 'firmware', match: true },
      { text: '; update ', match: false },
      { text: 'firm', match: true },
      { text: 'ware…', match: false },
    ]);
  });

  it('keeps markup as text and survives broken markers', () => {
    expect(snippetParts('<b>⟦x⟧</b>')).toEqual([
      { text: '<b>', match: false },
      { text: 'x', match: true },
      { text: '</b>', match: false },
    ]);
    expect(snippetParts('a⟦b')).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: true },
    ]);
    expect(snippetParts('a⟧b')).toEqual([{ text: 'ab', match: false }]);
    expect(snippetParts('')).toEqual([]);
    expect(snippetText('see ⟦gate⟧ 4')).toBe('see gate 4');
  });
});

describe('refused and queued changes in words', () => {
  it('names a ticket by number, or by subject while it has none', () => {
    expect(ticketLabel({ number: 'HW00000012', subject: 'Gate' })).toBe('HW00000012');
    expect(ticketLabel({ number: null, subject: 'Gate' })).toBe('the new ticket “Gate”');
    expect(ticketLabel(null)).toBe('a ticket');
  });

  it('shows the text a person wrote with the change', () => {
    expect(
      describeChange(
        'ticket.reply',
        { ticketId: 't', body: 'Please retry the keypad.' },
        'HW00000012',
      ),
    ).toEqual({
      title: 'Reply to HW00000012',
      content: [{ label: 'Reply', text: 'Please retry the keypad.' }],
    });
    expect(
      describeChange('ticket.create', { subject: 'Gate stuck', description: 'Since Monday.' }, 'x'),
    ).toEqual({
      title: 'New ticket “Gate stuck”',
      content: [
        { label: 'Subject', text: 'Gate stuck' },
        { label: 'Description', text: 'Since Monday.' },
      ],
    });
    expect(describeChange('ticket.note', { body: 'inside' }, 'SW1').title).toBe(
      'Internal note on SW1',
    );
  });

  it('words field changes, and changes it does not know, without losing them', () => {
    expect(describeChange('ticket.setStatus', { status: 'RESOLVED' }, 'HW1').title).toBe(
      'Set HW1 to Resolved',
    );
    expect(describeChange('ticket.setPriority', { priority: 'critical' }, 'HW1').title).toBe(
      'Set the priority of HW1 to Critical',
    );
    expect(describeChange('ticket.assign', { assigneeId: null }, 'HW1').title).toBe('Unassign HW1');
    // Without its arguments the title must still make sense.
    expect(describeChange('ticket.setStatus', undefined, 'HW1').title).toBe(
      'Change the status of HW1',
    );
    expect(describeChange('ticket.merge', {}, 'HW1').title).toBe('A change to HW1 (ticket.merge)');
    expect(refusalTitle('ticket_closed')).toBe('The ticket was closed meanwhile');
    expect(refusalTitle('something_new')).toBe('The server refused this change');
  });
});

describe('attachments before staging', () => {
  it('accepts allowed files and explains each refusal', () => {
    const result = checkAttachmentFiles(
      [
        { name: 'logs.txt', size: 120 },
        { name: 'setup.exe', size: 10 },
        { name: 'photo.JPG', size: MAX_ATTACHMENT_BYTES + 1 },
        { name: 'empty.pdf', size: 0 },
        { name: 'README', size: 5 },
      ],
      0,
    );
    expect(result.accepted.map((f) => f.name)).toEqual(['logs.txt']);
    expect(result.refused).toEqual([
      { name: 'setup.exe', reason: expect.stringMatching(/^\.exe files cannot be attached/) },
      { name: 'photo.JPG', reason: 'it is 15 MB; a file can be at most 15 MB' },
      { name: 'empty.pdf', reason: 'the file is empty' },
      { name: 'README', reason: expect.stringMatching(/^a file needs one of these extensions/) },
    ]);
  });

  it('stops at five files a message, counting those already attached', () => {
    const files = ['a', 'b', 'c'].map((n) => ({ name: `${n}.png`, size: 1 }));
    const result = checkAttachmentFiles(files, 3);
    expect(result.accepted.map((f) => f.name)).toEqual(['a.png', 'b.png']);
    expect(result.refused).toEqual([
      { name: 'c.png', reason: 'a message can carry at most 5 files' },
    ]);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

describe('excerpts', () => {
  it('flattens whitespace and cuts at a word', () => {
    expect(excerpt('short\n\ntext')).toBe('short text');
    expect(excerpt('one two three four five six', 14)).toBe('one two three…');
  });
});
