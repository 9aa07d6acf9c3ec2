import { describe, expect, it } from 'vitest';
import { calls } from '../../../src-shared/contract';
import { TicketDetail, TimelineEntry } from '../../../src-shared/domain/timeline';
import {
  optimisticMessage,
  optimisticTicket,
  withEntry,
  withoutEntry,
} from '../../../src-renderer/src/api/optimistic';
import {
  emptyNewTicket,
  followUpValues,
  NewTicketForm,
  newTicketFormFor,
  restoreValues,
  toCreateInput,
} from '../../../src-renderer/src/state/new-ticket-form';

const filled = {
  ...emptyNewTicket,
  subject: '  Gate arm stuck  ',
  description: 'Halfway since Monday.',
};

describe('the new-ticket form', () => {
  it('validates with the contract’s rules and turns blank optional fields into null', () => {
    const parsed = NewTicketForm.parse({ ...filled, helpTopic: '   ', internalReference: 'WO-7' });
    expect(parsed).toMatchObject({
      subject: 'Gate arm stuck',
      helpTopic: null,
      internalReference: 'WO-7',
      siteId: null,
    });
    const input = toCreateInput(parsed, null);
    expect(calls['tickets.create'].input.safeParse(input).success).toBe(true);
  });

  it('says which field to fix, in the contract’s words', () => {
    const result = NewTicketForm.safeParse({ ...emptyNewTicket, helpTopic: 'x'.repeat(121) });
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(
      result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]),
    );
    expect(issues.subject).toBe('give the ticket a subject');
    expect(issues.description).toBe('describe the problem');
    expect(issues.helpTopic).toBeDefined();
  });

  it('asks a technician for the customer’s site, but not a site manager', () => {
    expect(newTicketFormFor({ siteRequired: false }).safeParse(filled).success).toBe(true);
    const staff = newTicketFormFor({ siteRequired: true });
    const missing = staff.safeParse(filled);
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['siteId']);
    expect(staff.safeParse({ ...filled, siteId: 'site-1' }).success).toBe(true);
  });

  it('starts a follow-up from the closed ticket and links back to it', () => {
    const values = followUpValues({
      number: 'HW00000094',
      subject: 'Keypad dead',
      productLine: 'digigate_hardware',
      category: 'technical',
      priority: 'high',
      helpTopic: null,
      siteId: 'site-9',
    });
    expect(values).toMatchObject({
      subject: 'Follow-up to HW00000094: Keypad dead',
      productLine: 'digigate_hardware',
      priority: 'high',
      siteId: 'site-9',
      description: '',
    });
    const long = followUpValues({
      ...values,
      number: null,
      subject: 'y'.repeat(250),
      helpTopic: 'x',
      siteId: null,
      productLine: 'pti_software',
      category: 'general',
      priority: 'low',
    });
    expect(long.subject).toHaveLength(200);
    expect(NewTicketForm.shape.subject.safeParse(long.subject).success).toBe(true);
  });

  it('restores a draft, dropping choices that are no longer valid', () => {
    expect(
      restoreValues({
        subject: 'Kept',
        priority: 'urgent!',
        productLine: 'pti_software',
        siteId: 's',
      }),
    ).toEqual({ ...emptyNewTicket, subject: 'Kept', productLine: 'pti_software', siteId: 's' });
  });
});

describe('optimistic entries', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('shows a sent message as pending, in the contract’s shape', () => {
    const entry = optimisticMessage({
      localId: 'l1',
      ticketId: 't1',
      kind: 'internal',
      body: '  checked the logs  ',
      quotedMessageId: null,
      author: { id: 'u1', name: 'Dana' },
      now,
    });
    expect(TimelineEntry.parse(entry)).toMatchObject({
      body: 'checked the logs',
      kind: 'internal',
      pending: true,
      authorName: 'Dana',
    });
    const timeline = withEntry([], entry);
    expect(timeline).toEqual([entry]);
    expect(withEntry(undefined, entry)).toBeUndefined();
    expect(withoutEntry(timeline, entry.id)).toEqual([]);
  });

  it('shows a created ticket as NEW and unnumbered until the server numbers it', () => {
    const ticket = optimisticTicket(
      't9',
      {
        productLine: 'pti_hardware',
        helpTopic: null,
        category: 'technical',
        priority: 'normal',
        siteId: 's1',
        subject: 'Gate',
        description: 'Stuck',
        internalReference: null,
        followUpOfId: null,
      },
      { organisationId: 'o1' },
      now,
      'Harbor Point',
    );
    expect(TicketDetail.parse(ticket)).toMatchObject({
      number: null,
      status: 'NEW',
      pending: true,
      siteName: 'Harbor Point',
    });
  });
});
