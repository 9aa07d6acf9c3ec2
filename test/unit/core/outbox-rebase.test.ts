import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketRow } from '../../../src-shared/sync-protocol.js';
import { createInlineStore } from '../../../src-main/core/store/inline-store.js';
import type { Store, StoreDb } from '../../../src-main/core/store/store-types.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { ticketRow } from '../../helpers/ticket-row.js';

// The optimistic-write and rebase rules of the outbox, on a real SQLite file.
let dir: ReturnType<typeof tempDir>;
let store: Store;
let db: StoreDb;

const technician = {
  id: 'u-tech',
  name: 'Dana',
  email: 'dana@example.com',
  role: 'technician',
  organisationId: null,
};
const serverTicket = ticketRow;

const pull = (tickets: TicketRow[], messages: Parameters<typeof messageChange>[0][] = []) =>
  db.write('sync.applyPulledPage', {
    target: 'support',
    cursor: 'c',
    pulledAt: '2026-11-02T00:00:00.000Z',
    changes: [
      ...tickets.map((row) => ({ table: 'tickets' as const, op: 'upsert' as const, row })),
      ...messages.map(messageChange),
    ],
  });
const messageChange = (m: { id: string; ticketId: string; body: string }) => ({
  table: 'messages' as const,
  op: 'upsert' as const,
  row: {
    ...m,
    kind: 'public' as const,
    authorId: 'u-tech',
    quotedMessageId: null,
    attachments: [],
    createdAt: '2026-11-02T09:00:00.000Z',
    version: '12',
  },
});
const queue = (id: string, name: string, args: unknown, createdAt = '2026-11-02T09:00:00.000Z') =>
  db.write('outbox.queue', {
    mutation: { id, target: 'support', name, args, baseVersion: null, createdAt },
  });
const ticket = () => db.read('tickets.get', { id: 't1' });
const reply = (id: string, body: string) => ({
  ticketId: 't1',
  messageId: id,
  body,
  quotedMessageId: null,
  attachments: [],
});
const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';
const MSG = '00000000-0000-4000-8000-0000000000aa';

beforeEach(async () => {
  dir = tempDir('outbox');
  store = createInlineStore();
  db = await store.open(`${dir.path}/profile.sqlite`, 'profile');
  await db.write('sync.setMeta', { key: 'session_user', value: JSON.stringify(technician) });
  await pull([serverTicket()]);
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('optimistic writes', () => {
  it('shows a queued reply at once, with the status the server will set', async () => {
    const { tables } = await queue(
      M1,
      'ticket.reply',
      reply(MSG, 'Power-cycle the keypad controller.'),
    );
    expect(tables).toEqual(expect.arrayContaining(['outbox', 'tickets', 'messages']));
    expect(await ticket()).toMatchObject({ status: 'ANSWERED', pending: true });
    const timeline = await db.read('tickets.timeline', { ticketId: 't1', includeInternal: true });
    expect(timeline).toEqual([
      expect.objectContaining({
        id: MSG,
        body: 'Power-cycle the keypad controller.',
        pending: true,
      }),
    ]);
    expect(await db.read('outbox.counts', {})).toEqual({ pending: 1, needsAttention: 0 });
  });

  it('rebases pending intents on top of what the server says meanwhile', async () => {
    await queue(M1, 'ticket.reply', reply(MSG, 'On my way.'));
    await pull([serverTicket({ priority: 'critical', version: '11' })]);
    expect(await ticket()).toMatchObject({
      priority: 'critical',
      status: 'ANSWERED',
      pending: true,
    });
  });

  it('moves a refused reply to needs-attention with its text, and undoes its effect', async () => {
    await queue(M1, 'ticket.reply', reply(MSG, 'Text the user must not lose.'));
    await db.write('outbox.recordPushResults', {
      results: [
        { id: M1, status: 'rejected', code: 'ticket_closed', message: 'This ticket is closed.' },
      ],
      pullCounter: 1,
      at: '2026-11-02T09:01:00.000Z',
    });
    const [item] = await db.read('attention.list', {});
    expect(item).toMatchObject({ id: M1, code: 'ticket_closed', ticketId: 't1' });
    expect((item!.args as { body: string }).body).toBe('Text the user must not lose.');
    expect(await ticket()).toMatchObject({ status: 'OPEN', pending: false });
    expect(await db.read('tickets.timeline', { ticketId: 't1', includeInternal: true })).toEqual(
      [],
    );
  });

  it('keeps an applied intent until a later pull has brought its effect', async () => {
    await queue(M1, 'ticket.setPriority', { ticketId: 't1', priority: 'high' });
    const { counter: before } = await db.write('sync.beginPull', {});
    await db.write('outbox.recordPushResults', {
      results: [{ id: M1, status: 'applied', version: '11' }],
      pullCounter: before,
      at: 'x',
    });
    // the pull that was already running when the ack came does not carry the effect
    await db.write('sync.finishPull', { counter: before });
    expect(await ticket()).toMatchObject({ priority: 'high', pending: true });
    const { counter: after } = await db.write('sync.beginPull', {});
    await pull([serverTicket({ priority: 'high', version: '11' })]);
    await db.write('sync.finishPull', { counter: after });
    expect(await ticket()).toMatchObject({ priority: 'high', pending: false });
    expect(await db.read('outbox.counts', {})).toEqual({ pending: 0, needsAttention: 0 });
  });

  it('shows a ticket created offline as pending until the server numbers it', async () => {
    const created = '00000000-0000-4000-8000-00000000c0de';
    await queue(M2, 'ticket.create', {
      ticketId: created,
      productLine: 'pti_software',
      category: 'technical',
      priority: 'high',
      subject: 'StorLogix sync failing',
      description: 'Units do not update since Monday.',
    });
    expect(await db.read('tickets.get', { id: created })).toMatchObject({
      number: null,
      status: 'NEW',
      pending: true,
    });
    const { counter } = await db.write('sync.beginPull', {});
    await db.write('outbox.recordPushResults', {
      results: [{ id: M2, status: 'applied', version: '20' }],
      pullCounter: counter - 1,
      at: 'x',
    });
    await pull([
      serverTicket({
        id: created,
        number: 'SW00000042',
        subject: 'StorLogix sync failing',
        status: 'NEW',
        version: '20',
      }),
    ]);
    await db.write('sync.finishPull', { counter });
    expect(await db.read('tickets.get', { id: created })).toMatchObject({
      number: 'SW00000042',
      pending: false,
    });
  });

  it('keeps queued work and its effects when the pulled data is reset for a re-bootstrap', async () => {
    await queue(M1, 'ticket.reply', reply(MSG, 'Still here after a 410.'));
    await db.write('sync.resetPulledData', { target: 'support' });
    expect(await ticket()).toMatchObject({ status: 'ANSWERED', pending: true });
    expect(await db.read('outbox.counts', {})).toEqual({ pending: 1, needsAttention: 0 });
    expect(await db.read('sync.getTarget', { target: 'support' })).toMatchObject({ cursor: null });
    await pull([serverTicket({ version: '30' })]);
    expect(await ticket()).toMatchObject({
      status: 'ANSWERED',
      pending: true,
      number: 'HW00000001',
    });
  });
});

describe('a long queue on one ticket', () => {
  it('ends where a full rebase of every queued change ends', async () => {
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const at = (n: number) => new Date(Date.UTC(2026, 10, 2, 9, n)).toISOString();
    const steps: [string, unknown][] = [
      ['ticket.reply', reply(id(900), 'First answer.')],
      ['ticket.setPriority', { ticketId: 't1', priority: 'critical' }],
      ['ticket.assign', { ticketId: 't1', assigneeId: 'u-tech' }],
      ['ticket.setStatus', { ticketId: 't1', status: 'RESOLVED' }],
      ['ticket.reopen', { ticketId: 't1' }],
      ['ticket.note', { ...reply(id(901), 'Internal.'), ticketId: 't1' }],
      ['ticket.reply', reply(id(902), 'Second answer.')],
    ];
    for (let n = 0; n < 30; n++) {
      const [name, args] = steps[n % steps.length]!;
      const fresh =
        typeof (args as { messageId?: string }).messageId === 'string'
          ? { ...(args as object), messageId: id(1000 + n) }
          : args;
      await queue(id(n + 1), name, fresh, at(n));
    }
    const queued = await ticket();
    expect(queued).toMatchObject({ priority: 'critical', assigneeId: 'u-tech', pending: true });
    expect(queued!.status).toBe('ANSWERED');
    // the same server row again: the ticket is rebuilt from it and all 30 changes, in order
    await pull([serverTicket()]);
    expect(await ticket()).toEqual(queued);
  });
});

describe('local search', () => {
  it('finds tickets by number, subject words and message text, and survives query syntax', async () => {
    await pull(
      [
        serverTicket({
          id: 't2',
          number: 'SW00000077',
          subject: 'Invoice question',
          description: 'Billing',
        }),
      ],
      [
        {
          id: 'm-1',
          ticketId: 't2',
          body: 'The overlock did not apply to unit B-12 after payment.',
        },
      ],
    );
    expect(
      (await db.read('tickets.search', { query: 'HW00000001', limit: 10 })).map((h) => h.ticket.id),
    ).toEqual(['t1']);
    expect(
      (await db.read('tickets.search', { query: '77', limit: 10 })).map((h) => h.ticket.id),
    ).toEqual(['t2']);
    expect(
      (await db.read('tickets.search', { query: 'keypad', limit: 10 })).map((h) => h.ticket.id),
    ).toEqual(['t1']);
    const byMessage = await db.read('tickets.search', { query: 'overlock', limit: 10 });
    expect(byMessage).toEqual([
      expect.objectContaining({ messageId: 'm-1', snippet: expect.stringContaining('⟦overlock⟧') }),
    ]);
    for (const hostile of [
      '"unbalanced',
      'keypad OR',
      'NEAR(a b',
      '*',
      "'; DROP TABLE tickets; --",
      'ünïcödé ✓',
    ]) {
      await expect(
        db.read('tickets.search', { query: hostile, limit: 10 }),
      ).resolves.toBeInstanceOf(Array);
    }
  });
});
