import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, ticketInStatus, upserts } from '../../helpers/sync-client.js';

let f: SupportFixture;
let ticketA: string;
let noteBody: string;
let noteId: string;

beforeAll(async () => {
  f = await startSupportFixture({ label: 'authorization' });
  ticketA = (await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' })).id;
  noteBody = `Internal: customer owes two invoices ${randomUUID()}`;
  noteId = randomUUID();
  const results = await f.as.tech.push([
    mutation('ticket.note', { ticketId: ticketA, messageId: noteId, body: noteBody }),
    mutation('ticket.reply', {
      ticketId: ticketA,
      messageId: randomUUID(),
      body: 'We are looking into it.',
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
});
afterAll(async () => {
  await f?.server.close();
});

describe("a customer and another organisation's tickets", () => {
  it('never pulls them, nor their messages', async () => {
    const { changes } = await f.as.managerB.pullAll(null);
    expect(upserts(changes, 'tickets').some((t) => t.organisationId === f.orgA)).toBe(false);
    expect(upserts(changes, 'messages').some((m) => m.ticketId === ticketA)).toBe(false);
    expect(JSON.stringify(changes)).not.toContain(noteBody);
  });

  it('cannot act on them, and is told no more than "not found"', async () => {
    const attempts = [
      mutation('ticket.reply', { ticketId: ticketA, messageId: randomUUID(), body: 'Hello?' }),
      mutation('ticket.reopen', { ticketId: ticketA }),
      mutation('ticket.survey', { ticketId: ticketA, rating: 'unsatisfied' }),
      mutation('ticket.create', {
        ticketId: randomUUID(),
        productLine: 'pti_hardware',
        category: 'technical',
        priority: 'normal',
        subject: 'Follow-up',
        description: 'x',
        followUpOfId: ticketA,
      }),
      mutation('ticket.create', {
        ticketId: randomUUID(),
        productLine: 'pti_hardware',
        category: 'technical',
        priority: 'normal',
        subject: 'On their site',
        description: 'x',
        siteId: f.siteA,
      }),
    ];
    const results = await f.as.managerB.push(attempts);
    expect(results.map((r) => r.status === 'rejected' && r.code)).toEqual([
      'not_found',
      'not_found',
      'not_found',
      'not_found',
      'invalid_args',
    ]);
    // The refusal for an existing ticket reads exactly like the one for a made-up id.
    const [madeUp] = await f.as.managerB.push([
      mutation('ticket.reopen', { ticketId: randomUUID() }),
    ]);
    expect(results[1]).toMatchObject({ message: (madeUp as { message: string }).message });
    const messages = await f.server.db
      .selectFrom('messages')
      .select('author_id')
      .where('ticket_id', '=', ticketA)
      .execute();
    expect(messages.some((m) => m.author_id === f.accounts.managerB.id)).toBe(false);
  });

  it('raises tickets for its own organisation only, whatever it asks', async () => {
    const ticketId = randomUUID();
    const [result] = await f.as.managerB.push([
      mutation('ticket.create', {
        ticketId,
        productLine: 'digigate_hardware',
        category: 'technical',
        priority: 'high',
        subject: 'DigiGate keypad not powering on',
        description: 'Dark since the storm.',
        siteId: f.siteB,
      }),
    ]);
    expect(result).toMatchObject({ status: 'applied' });
    const row = await f.server.db
      .selectFrom('tickets')
      .select(['organisation_id', 'number'])
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    expect(row.organisation_id).toBe(f.orgB);
  });
});

describe('internal notes', () => {
  it("reach staff, but never the ticket's own customers", async () => {
    const staff = await f.as.tech2.pullAll(null);
    expect(upserts(staff.changes, 'messages').map((m) => m.body)).toContain(noteBody);

    for (const customer of [f.as.managerA, f.as.installerA]) {
      const { changes } = await customer.pullAll(null);
      const messages = upserts(changes, 'messages').filter((m) => m.ticketId === ticketA);
      expect(messages.map((m) => [m.kind, m.body])).toEqual([
        ['public', 'We are looking into it.'],
        ['system', 'Status changed from OPEN to ANSWERED.'],
      ]);
      expect(JSON.stringify(changes)).not.toContain(noteBody);
      expect(JSON.stringify(changes)).not.toContain(noteId);
      expect(upserts(changes, 'tickets').some((t) => t.id === ticketA)).toBe(true);
    }
  });

  it('cannot be written, quoted or probed by a customer', async () => {
    const results = await f.as.managerA.push([
      mutation('ticket.note', { ticketId: ticketA, messageId: randomUUID(), body: 'Sneaky' }),
      mutation('ticket.reply', {
        ticketId: ticketA,
        messageId: randomUUID(),
        body: 'Quoting you',
        quotedMessageId: noteId,
      }),
      // Reusing the note's id must not reveal it exists, nor overwrite it.
      mutation('ticket.reply', { ticketId: ticketA, messageId: noteId, body: 'Mine now' }),
    ]);
    expect(results.map((r) => r.status === 'rejected' && r.code)).toEqual([
      'not_allowed_for_role',
      'invalid_args',
      'invalid_args',
    ]);
    for (const result of results) expect(JSON.stringify(result)).not.toContain(noteBody);
    expect(results[1]).toMatchObject({ message: expect.stringMatching(/no such message/) });
    const note = await f.server.db
      .selectFrom('messages')
      .select('body')
      .where('id', '=', noteId)
      .executeTakeFirstOrThrow();
    expect(note.body).toBe(noteBody);
  });

  it('do not move the ticket, so customers cannot see that one was written', async () => {
    const { cursor } = await f.as.managerA.pullAll(null);
    await f.as.tech.push([
      mutation('ticket.note', { ticketId: ticketA, messageId: randomUUID(), body: 'Another' }),
    ]);
    const next = await f.as.managerA.pull(cursor);
    expect(next.changes).toEqual([]);
  });
});

describe('roles', () => {
  it('lets only staff change status, priority and assignee', async () => {
    const id = (await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'NEW' })).id;
    const asked = [
      mutation('ticket.setStatus', { ticketId: id, status: 'RESOLVED' }),
      mutation('ticket.setPriority', { ticketId: id, priority: 'critical' }),
      mutation('ticket.assign', { ticketId: id, assigneeId: f.accounts.tech.id }),
    ];
    for (const customer of [f.as.managerA, f.as.installerA]) {
      const results = await customer.push(asked.map((m) => ({ ...m, id: randomUUID() })));
      expect(results.map((r) => r.status === 'rejected' && r.code)).toEqual([
        'not_allowed_for_role',
        'not_allowed_for_role',
        'not_allowed_for_role',
      ]);
    }
    const admin = await f.as.admin.push(asked);
    expect(admin.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('refuses a replayed mutation id from another account without revealing its result', async () => {
    const m = mutation('ticket.reply', {
      ticketId: ticketA,
      messageId: randomUUID(),
      body: 'From the tech',
    });
    await f.as.tech.push([m]);
    const stolen = await fetch(`${f.server.url}/sync/v1/push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${f.as.managerB.token}`,
      },
      body: JSON.stringify({ clientId: f.as.tech.clientId, mutations: [m] }),
    });
    const body = (await stolen.json()) as { results: unknown[] };
    expect(body.results).toEqual([
      expect.objectContaining({ id: m.id, status: 'rejected', code: 'forbidden' }),
    ]);
  });
});
