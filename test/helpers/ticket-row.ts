import type { TicketRow } from '../../src-shared/sync-protocol.js';

/** A ticket as the server sends it: an open hardware ticket of org-1, with what `patch` says. */
export function ticketRow(patch: Partial<TicketRow> = {}): TicketRow {
  return {
    id: 't1',
    number: 'HW00000001',
    subject: 'Gate keypad offline',
    description: 'The keypad at the front gate shows nothing since the storm.',
    status: 'OPEN',
    priority: 'normal',
    category: 'technical',
    productLine: 'pti_hardware',
    helpTopic: null,
    organisationId: 'org-1',
    siteId: null,
    unitId: null,
    internalReference: null,
    assigneeId: null,
    resolvedAt: null,
    followUpOfId: null,
    statusHistory: [],
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    version: '10',
    ...patch,
  };
}
