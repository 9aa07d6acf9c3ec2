import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketStatuses } from '../../../src-shared/domain/ticket.js';
import type { TicketStatus } from '../../../src-shared/domain/ticket.js';
import type { Mutation } from '../../../src-shared/mutations.js';
import {
  eventForStatusChange,
  statusMachine,
  ticketEvents,
  transition,
} from '../../../src-shared/status-machine.js';
import type { Actor, TicketEvent } from '../../../src-shared/status-machine.js';
import { updateServerSettings } from '../../../src-server/settings.js';
import type { TicketActivity } from '../../../src-server/tickets/activity.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { mutation, ticketInStatus } from '../../helpers/sync-client.js';
import type { SyncSession } from '../../helpers/sync-client.js';

const day = 24 * 60 * 60 * 1000;
const activity: TicketActivity[] = [];
let f: SupportFixture;

beforeAll(async () => {
  f = await startSupportFixture({
    label: 'lifecycle',
    ticketHooks: { activity: [async (_trx, event) => void activity.push(event)] },
  });
  // Callbacks need preferred support: organisation A has it, so the machine alone decides.
  await f.server.db
    .updateTable('organisations')
    .set({ support_tier: 'preferred', tier_expires_at: null })
    .where('id', '=', f.orgA)
    .execute();
});
afterAll(async () => {
  await f?.server.close();
});

const ticket = (id: string) =>
  f.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const timeline = (id: string) =>
  f.server.db
    .selectFrom('messages')
    .selectAll()
    .where('ticket_id', '=', id)
    .orderBy('version')
    .execute();

function reply(ticketId: string, body = 'Any news on this?') {
  return mutation('ticket.reply', { ticketId, messageId: randomUUID(), body });
}

// Each booking in these tests takes a slot of its own on the technician's calendar.
let nextSlot = Date.parse('2027-01-04T14:00:00Z');
const freshSlot = () => new Date((nextSlot += 30 * 60_000)).toISOString();

/** A callback already booked on a ticket, as test setup (booking itself is what tests push). */
async function bookedCallback(ticketId: string, id: string = randomUUID()): Promise<string> {
  const now = new Date();
  await f.server.db
    .insertInto('callbacks')
    .values({
      id,
      ticket_id: ticketId,
      organisation_id: f.orgA,
      status: 'booked',
      requested_by: null,
      window_start: null,
      window_end: null,
      customer_time_zone: null,
      phone: null,
      technician_id: f.accounts.tech.id,
      starts_at: freshSlot(),
      duration_minutes: 30,
      booked_by: f.accounts.tech.id,
      completed_at: null,
      outcome_note: null,
      created_at: now,
      updated_at: now,
      version: 0,
    })
    .execute();
  return id;
}

/**
 * How a client causes each status-machine event through push, for each actor, with any setup the
 * cause needs. Events without a mutation are listed, so adding one fails this test until its
 * cases are generated too.
 */
type Cause = { actor: Actor; m: Mutation; prepare?: () => Promise<unknown> };
const causes: Partial<Record<TicketEvent, (ticketId: string, from: TicketStatus) => Cause[]>> = {
  staff_pick_up: (ticketId, from) =>
    eventForStatusChange(from, 'OPEN') === 'staff_pick_up'
      ? (['staff', 'customer'] as const).map((actor) => ({
          actor,
          m: mutation('ticket.setStatus', { ticketId, status: 'OPEN' }),
        }))
      : [],
  staff_resolve: (ticketId) =>
    (['staff', 'customer'] as const).map((actor) => ({
      actor,
      m: mutation('ticket.setStatus', { ticketId, status: 'RESOLVED' }),
    })),
  staff_close: (ticketId) =>
    (['staff', 'customer'] as const).map((actor) => ({
      actor,
      m: mutation('ticket.setStatus', { ticketId, status: 'CLOSED' }),
    })),
  staff_reopen: (ticketId) => [{ actor: 'staff', m: mutation('ticket.reopen', { ticketId }) }],
  customer_reopen: (ticketId) => [
    { actor: 'customer', m: mutation('ticket.reopen', { ticketId }) },
  ],
  staff_public_reply: (ticketId) => [{ actor: 'staff', m: reply(ticketId) }],
  customer_reply: (ticketId) => [{ actor: 'customer', m: reply(ticketId) }],
  internal_note: (ticketId) =>
    (['staff', 'customer'] as const).map((actor) => ({
      actor,
      m: mutation('ticket.note', { ticketId, messageId: randomUUID(), body: 'Checked the logs.' }),
    })),
  edit_fields: (ticketId) =>
    (['staff', 'customer'] as const).map((actor) => ({
      actor,
      m: mutation('ticket.setPriority', { ticketId, priority: 'critical' }),
    })),
  // Customers request callbacks (no status change); staff book them, which schedules the ticket.
  callback_booked: (ticketId) => [
    {
      actor: 'staff',
      m: mutation('callback.book', {
        callbackId: randomUUID(),
        ticketId,
        startsAt: freshSlot(),
        durationMinutes: 30,
      }),
    },
  ],
  // Finishing a callback moves the ticket on only from SCHEDULED; elsewhere it closes the
  // callback alone (tested below).
  callback_finished: (ticketId, from) => {
    if (from !== 'SCHEDULED') return [];
    const callbackId = randomUUID();
    return [
      {
        actor: 'staff',
        m: mutation('callback.complete', { callbackId, ticketId, outcome: 'done' }),
        prepare: () => bookedCallback(ticketId, callbackId),
      },
    ];
  },
};
const notPushable: TicketEvent[] = ['auto_close'];

const cases = ticketStatuses.flatMap((from) =>
  ticketEvents.flatMap((event) => {
    const cause = causes[event];
    return cause ? cause('placeholder', from).map(({ actor }) => ({ from, event, actor })) : [];
  }),
);

describe('status transitions through push, generated from the status machine table', () => {
  it('covers every event the table names, except those no mutation causes yet', () => {
    expect(ticketEvents.filter((e) => !causes[e]).sort()).toEqual([...notPushable].sort());
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases)('$from + $event by $actor', async ({ from, event, actor }) => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: from });
    const { m, prepare } = causes[event]!(created.id, from).find((c) => c.actor === actor)!;
    await prepare?.();
    const session: SyncSession = actor === 'staff' ? f.as.tech : f.as.managerA;
    const before = await ticket(created.id);
    const expected = transition(from, event, {
      actor,
      resolvedAt: before.resolved_at,
      now: new Date(),
    });

    const [result] = await session.push([m]);
    const after = await ticket(created.id);
    const messages = await timeline(created.id);
    const statusMessages = messages.filter((msg) => msg.system_event === 'status');

    if (expected.ok) {
      expect(result).toMatchObject({ id: m.id, status: 'applied' });
      expect(after.status).toBe(expected.to);
      expect(statusMachine[from][event]).toBe(expected.to);
      // Every status change leaves a system message in the timeline; no change leaves none.
      expect(statusMessages.map((msg) => msg.body.replace(/\..*$/s, ''))).toEqual(
        expected.to === from ? [] : [`Status changed from ${from} to ${expected.to}`],
      );
    } else {
      expect(result).toEqual({
        id: m.id,
        status: 'rejected',
        code: expected.code,
        message: expected.message,
      });
      expect(after.status).toBe(from);
      expect(after.version).toEqual(before.version);
      expect(messages).toEqual([]);
    }
  });

  it('refuses a status only the machine reaches by another route (SCHEDULED to OPEN by hand)', async () => {
    const created = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'SCHEDULED',
    });
    const [result] = await f.as.tech.push([
      mutation('ticket.setStatus', { ticketId: created.id, status: 'OPEN' }),
    ]);
    expect(result).toMatchObject({ status: 'rejected', code: 'not_allowed_in_status' });
  });
});

describe('replies and the status they lead to', () => {
  it('a staff reply answers the ticket, the customer reply puts it back to OPEN', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const staff = reply(created.id, 'Please power-cycle the keypad.');
    expect((await f.as.tech.push([staff]))[0]!.status).toBe('applied');
    expect((await ticket(created.id)).status).toBe('ANSWERED');
    const customer = reply(created.id, 'Done, still offline.');
    expect((await f.as.managerA.push([customer]))[0]!.status).toBe('applied');
    expect((await ticket(created.id)).status).toBe('OPEN');

    const entries = (await timeline(created.id)).map((m) => [m.kind, m.body]);
    expect(entries).toEqual([
      ['public', 'Please power-cycle the keypad.'],
      ['system', 'Status changed from OPEN to ANSWERED.'],
      ['public', 'Done, still offline.'],
      ['system', 'Status changed from ANSWERED to OPEN.'],
    ]);
  });

  it('CLOSED refuses replies, notes, reopening and edits with ticket_closed', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'CLOSED' });
    const id = created.id;
    const results = [
      ...(await f.as.managerA.push([reply(id), mutation('ticket.reopen', { ticketId: id })])),
      ...(await f.as.tech.push([
        reply(id),
        mutation('ticket.note', { ticketId: id, messageId: randomUUID(), body: 'x' }),
        mutation('ticket.setPriority', { ticketId: id, priority: 'low' }),
        mutation('ticket.assign', { ticketId: id, assigneeId: f.accounts.tech.id }),
        mutation('ticket.setStatus', { ticketId: id, status: 'OPEN' }),
      ])),
    ];
    expect(results.map((r) => r.status === 'rejected' && r.code)).toEqual(
      results.map(() => 'ticket_closed'),
    );
    expect(results[0]).toMatchObject({ message: expect.stringMatching(/follow-up ticket/) });
    expect(await timeline(id)).toEqual([]);
  });

  it('a follow-up ticket links back to the closed one; an open ticket gets no follow-up', async () => {
    const closed = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'CLOSED' });
    const open = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const create = (followUpOfId: string) =>
      mutation('ticket.create', {
        ticketId: randomUUID(),
        productLine: 'pti_hardware',
        category: 'technical',
        priority: 'high',
        subject: 'Keypad offline again',
        description: 'Same keypad, offline again since this morning.',
        followUpOfId,
      });
    const followUp = create(closed.id);
    const [applied, refused] = await f.as.managerA.push([followUp, create(open.id)]);
    expect(applied).toMatchObject({ status: 'applied' });
    expect(refused).toMatchObject({ status: 'rejected', code: 'not_allowed_in_status' });
    const row = await ticket((followUp.args as { ticketId: string }).ticketId);
    expect(row).toMatchObject({
      follow_up_of_id: closed.id,
      organisation_id: f.orgA,
      status: 'NEW',
      requester_id: f.accounts.managerA.id,
    });
    expect(row.number).toMatch(/^HW\d{8}$/);
  });
});

describe('reopen window', () => {
  it('lets the customer reopen inside the window and refuses after it', async () => {
    const recent = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'RESOLVED',
      resolvedAt: new Date(Date.now() - 6 * day),
    });
    const old = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'RESOLVED',
      resolvedAt: new Date(Date.now() - 8 * day),
    });
    const [inside, outside, replyOutside] = await f.as.managerA.push([
      mutation('ticket.reopen', { ticketId: recent.id }),
      mutation('ticket.reopen', { ticketId: old.id }),
      reply(old.id),
    ]);
    expect(inside).toMatchObject({ status: 'applied' });
    expect((await ticket(recent.id)).status).toBe('OPEN');
    expect(outside).toMatchObject({
      status: 'rejected',
      code: 'reopen_window_passed',
      message: expect.stringMatching(/more than 7 days ago.*follow-up/),
    });
    expect(replyOutside).toMatchObject({ status: 'rejected', code: 'reopen_window_passed' });
    expect((await ticket(old.id)).status).toBe('RESOLVED');

    // Staff may reopen at any time.
    const [staff] = await f.as.tech.push([mutation('ticket.reopen', { ticketId: old.id })]);
    expect(staff).toMatchObject({ status: 'applied' });
    expect((await ticket(old.id)).status).toBe('OPEN');
  });

  it('follows the window set in the server settings', async () => {
    await updateServerSettings(f.server.db, { reopenWindowMs: day }, new Date());
    try {
      const resolved = await ticketInStatus(f.server.db, {
        organisationId: f.orgA,
        status: 'RESOLVED',
        resolvedAt: new Date(Date.now() - 2 * day),
      });
      const [result] = await f.as.managerA.push([
        mutation('ticket.reopen', { ticketId: resolved.id }),
      ]);
      expect(result).toMatchObject({ code: 'reopen_window_passed', message: /1 days/ });
    } finally {
      await updateServerSettings(f.server.db, { reopenWindowMs: 7 * day }, new Date());
    }
  });
});

describe('auto-close', () => {
  it('closes RESOLVED tickets whose window passed, with a system message and a survey request', async () => {
    const now = new Date();
    const due = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'RESOLVED',
      resolvedAt: new Date(now.getTime() - 7 * day - 60_000),
    });
    const notYet = await ticketInStatus(f.server.db, {
      organisationId: f.orgA,
      status: 'RESOLVED',
      resolvedAt: new Date(now.getTime() - 6 * day),
    });
    activity.length = 0;
    const run = await f.server.runLifecycleJobs(now);

    expect(run.closedTicketIds).toContain(due.id);
    expect(run.closedTicketIds).not.toContain(notYet.id);
    const closed = await ticket(due.id);
    expect(closed.status).toBe('CLOSED');
    expect(closed.survey_requested_at?.getTime()).toBe(now.getTime());
    expect((await ticket(notYet.id)).status).toBe('RESOLVED');
    const [message] = await timeline(due.id);
    expect(message).toMatchObject({
      kind: 'system',
      author_id: null,
      body: 'Status changed from RESOLVED to CLOSED: the reopen window passed. Please rate how we did.',
    });
    expect(activity).toContainEqual(
      expect.objectContaining({
        type: 'ticket_closed',
        reason: 'auto_close',
        surveyRequested: true,
        ticket: expect.objectContaining({ id: due.id, status: 'CLOSED' }),
      }),
    );

    // Running again finds nothing more to do.
    const again = await f.server.runLifecycleJobs(now);
    expect(again.closedTicketIds).not.toContain(due.id);
  });

  it('takes the survey answer of a closed ticket from its customer only', async () => {
    const closed = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'CLOSED' });
    const open = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const survey = (ticketId: string) =>
      mutation('ticket.survey', { ticketId, rating: 'very_satisfied', comment: 'Fast fix.' });
    const [byStaff] = await f.as.tech.push([survey(closed.id)]);
    const [onOpen, answered] = await f.as.managerA.push([survey(open.id), survey(closed.id)]);
    expect(byStaff).toMatchObject({ status: 'rejected', code: 'not_allowed_for_role' });
    expect(onOpen).toMatchObject({ status: 'rejected', code: 'not_allowed_in_status' });
    expect(answered).toMatchObject({ status: 'applied' });
    const stored = await f.server.db
      .selectFrom('ticket_surveys')
      .selectAll()
      .where('ticket_id', '=', closed.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ rating: 'very_satisfied', comment: 'Fast fix.' });
    expect((await timeline(closed.id)).map((m) => m.body)).toEqual([
      'Survey: Very satisfied. “Fast fix.”',
    ]);
  });
});

describe('numbering', () => {
  it('numbers concurrent creates by product line with no duplicates and no gaps', async () => {
    const sessions = [f.as.managerA, f.as.installerA, f.as.managerB, f.as.tech];
    const creates = Array.from({ length: 24 }, (_, i) => ({
      session: sessions[i % sessions.length]!,
      m: mutation('ticket.create', {
        ticketId: randomUUID(),
        productLine: i % 2 === 0 ? 'pti_hardware' : 'digigate_software',
        category: 'technical',
        priority: 'normal',
        subject: `Gate keypad ${i} offline`,
        description: 'Shows OFFLINE in StorLogix.',
        // Staff raise tickets for a customer by naming the customer's site.
        siteId: sessions[i % sessions.length] === f.as.tech ? f.siteB : null,
      }),
    }));
    const results = await Promise.all(creates.map(({ session, m }) => session.push([m])));
    expect(results.flat().map((r) => r.status)).toEqual(creates.map(() => 'applied'));

    const rows = await f.server.db
      .selectFrom('tickets')
      .select(['number', 'product_line'])
      .where(
        'id',
        'in',
        creates.map(({ m }) => (m.args as { ticketId: string }).ticketId),
      )
      .execute();
    for (const prefix of ['HW', 'SW']) {
      const numbers = rows
        .filter((r) => r.number.startsWith(prefix))
        .map((r) => Number(r.number.slice(2)))
        .sort((a, b) => a - b);
      expect(numbers).toHaveLength(12);
      expect(new Set(numbers).size).toBe(12);
      expect(numbers.at(-1)! - numbers[0]!).toBe(11);
    }
    expect(
      rows.every((r) => r.number.startsWith(r.product_line.endsWith('hardware') ? 'HW' : 'SW')),
    ).toBe(true);
  });
});

describe('exactly once', () => {
  it('answers a replayed push with the same results and applies it once', async () => {
    const ticketId = randomUUID();
    const messageId = randomUUID();
    const batch = [
      mutation('ticket.create', {
        ticketId,
        productLine: 'pti_software',
        category: 'licence',
        priority: 'normal',
        subject: 'Licence key not accepted',
        description: 'After the server replacement the key is refused.',
      }),
      mutation('ticket.reply', { ticketId, messageId, body: 'Screenshot to follow.' }),
      mutation('ticket.reopen', { ticketId }),
    ];
    const first = await f.as.managerA.push(batch);
    const second = await f.as.managerA.push(batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    expect(second).toEqual(first);

    // Delivered twice at the same moment, a new batch still applies once.
    const replyTwice = mutation('ticket.reply', {
      ticketId,
      messageId: randomUUID(),
      body: 'Here it is.',
    });
    const [a, b] = await Promise.all([
      f.as.managerA.push([replyTwice]),
      f.as.managerA.push([replyTwice]),
    ]);
    expect(a).toEqual(b);

    const messages = await timeline(ticketId);
    expect(messages.filter((m) => m.kind === 'public').map((m) => m.body)).toEqual([
      'Screenshot to follow.',
      'Here it is.',
    ]);
    const tickets = await f.server.db
      .selectFrom('tickets')
      .select('id')
      .where('id', '=', ticketId)
      .execute();
    expect(tickets).toHaveLength(1);
    const client = await f.server.db
      .selectFrom('sync_clients')
      .selectAll()
      .where('client_id', '=', f.as.managerA.clientId)
      .executeTakeFirstOrThrow();
    expect(client.last_mutation_id).toBe(replyTwice.id);
  });

  it('never doubles a message whose id comes again in a new mutation', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const messageId = randomUUID();
    const send = () =>
      mutation('ticket.reply', { ticketId: created.id, messageId, body: 'Sent from the road.' });
    const [first] = await f.as.tech.push([send()]);
    const [second] = await f.as.tech.push([send()]);
    expect(second).toMatchObject({ status: 'applied' });
    expect(first).toMatchObject({ status: 'applied' });
    expect((await timeline(created.id)).filter((m) => m.id === messageId)).toHaveLength(1);
  });

  it('explains unknown mutations and bad arguments, and keeps going with the rest', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const results = await f.as.tech.push([
      mutation('callback.teleport', {}),
      mutation('ticket.reply', { ticketId: created.id, messageId: randomUUID(), body: '   ' }),
      mutation('ticket.setPriority', { ticketId: created.id, priority: 'high' }),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'unknown_mutation' });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      code: 'invalid_args',
      message: expect.stringMatching(/body: write a message first/),
    });
    expect(results[2]).toMatchObject({ status: 'applied' });
  });
});

describe('field edits', () => {
  it('applies priority whatever version was seen, but refuses a stale assignment as a conflict', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const seen = String((await ticket(created.id)).version);

    const [taken] = await f.as.tech2.push([
      mutation('ticket.assign', { ticketId: created.id, assigneeId: f.accounts.tech2.id }, seen),
    ]);
    expect(taken).toMatchObject({ status: 'applied' });

    const [priority, assign] = await f.as.tech.push([
      mutation('ticket.setPriority', { ticketId: created.id, priority: 'high' }, seen),
      mutation('ticket.assign', { ticketId: created.id, assigneeId: f.accounts.tech.id }, seen),
    ]);
    expect(priority).toMatchObject({ status: 'applied' });
    expect(assign).toMatchObject({
      status: 'conflict',
      code: 'version_mismatch',
      serverRow: expect.objectContaining({ id: created.id, assigneeId: f.accounts.tech2.id }),
    });
    const row = await ticket(created.id);
    expect(row).toMatchObject({ priority: 'high', assignee_id: f.accounts.tech2.id });

    // Having seen the current version, the same assignment applies.
    const [retry] = await f.as.tech.push([
      mutation(
        'ticket.assign',
        { ticketId: created.id, assigneeId: f.accounts.tech.id },
        String(row.version),
      ),
    ]);
    expect(retry).toMatchObject({ status: 'applied' });
    expect(
      (await timeline(created.id)).filter((m) => m.kind === 'system').map((m) => m.body),
    ).toEqual([
      'Assigned to Marcus Oyelaran.',
      'Priority changed from normal to high.',
      'Assigned to Dana Whitfield.',
    ]);
  });

  it('assigns only to staff', async () => {
    const created = await ticketInStatus(f.server.db, { organisationId: f.orgA, status: 'OPEN' });
    const [result] = await f.as.tech.push([
      mutation('ticket.assign', { ticketId: created.id, assigneeId: f.accounts.managerA.id }),
    ]);
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid_args' });
  });
});
