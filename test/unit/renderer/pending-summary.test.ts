import { describe, expect, it } from 'vitest';
import { describeChange, ticketLabel } from '../../../src-renderer/src/format/changes';

// The sync panel's "Waiting to send" list reads each queued change as a sentence, from the
// change's own arguments (PendingChange.args), with the ticket's number.
describe('pending changes in words', () => {
  const ticket = ticketLabel({ number: 'HW00001234', subject: 'Gate' });

  it('names the change and the value it sets', () => {
    expect(describeChange('ticket.reply', { body: 'On my way' }, ticket).title).toBe(
      'Reply to HW00001234',
    );
    expect(describeChange('ticket.setStatus', { status: 'RESOLVED' }, ticket).title).toBe(
      'Set HW00001234 to Resolved',
    );
    expect(describeChange('ticket.setPriority', { priority: 'critical' }, ticket).title).toBe(
      'Set the priority of HW00001234 to Critical',
    );
    expect(
      describeChange('callback.complete', { outcome: 'missed', note: 'No answer' }, ticket),
    ).toEqual({
      title: 'Callback on HW00001234: missed',
      content: [{ label: 'Note', text: 'No answer' }],
    });
    expect(describeChange('unit.setMapping', { ptiUnitName: 'A-101' }, 'a ticket').title).toBe(
      'Map a unit to PTI unit A-101',
    );
  });
});
