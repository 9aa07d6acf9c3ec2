import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportServer } from '../../../src-server/app.js';
import { DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startServerOnPostgres } from '../../helpers/server-db.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';

let sink: SmtpSink;
let server: SupportServer;
let api: ReturnType<typeof jsonApi>;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServerOnPostgres({
    label: 'email',
    seed: 'demo',
    jobIntervalMs: 0,
    mail: {
      smtpUrl: sink.url,
      from: 'PTI Technical Support <tickets@pti.example>',
      supportName: 'PTI Support',
      pollIntervalMs: 50,
      retry: { firstDelayMs: 100, maxDelayMs: 300 },
    },
    rateLimits: { emailLinksPerAddress: { limit: 1000, windowMs: 60_000 } },
  });
  api = jsonApi(server.url);
});
afterAll(async () => {
  await server?.close();
  await sink?.stop();
});

let unique = 0;
const newEmail = () => `mail-${Date.now()}-${++unique}@example.test`;

async function signIn(account: { email: string; password: string }): Promise<string> {
  const reply = await api.post('/auth/v1/sign-in', account);
  expect(reply.status).toBe(200);
  return reply.body.accessToken;
}

async function push(token: string, name: string, args: Record<string, unknown>) {
  const reply = await api.post(
    '/sync/v1/push',
    { clientId: randomUUID(), mutations: [{ id: randomUUID(), name, args, baseVersion: null }] },
    token,
  );
  expect(reply.status).toBe(200);
  expect(reply.body.results[0], JSON.stringify(reply.body.results[0])).toMatchObject({
    status: 'applied',
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('the email outbox', () => {
  it('holds mail while SMTP is down, without slowing requests, and delivers it when SMTP is back', async () => {
    const requestAccount = (email: string) =>
      api.post('/auth/v1/request-account', { name: 'Held Mail', email });

    // Baseline: SMTP up.
    const up: number[] = [];
    for (let i = 0; i < 5; i++) up.push((await requestAccount(newEmail())).ms);

    await sink.stop();
    const heldAddress = newEmail();
    const down: number[] = [];
    const first = await requestAccount(heldAddress);
    expect(first.status).toBe(202);
    down.push(first.ms);
    // Let the worker fail a few times meanwhile.
    await waitUntil(async () => (await outboxRow(heldAddress))?.attempts >= 2);
    for (let i = 0; i < 5; i++) down.push((await requestAccount(newEmail())).ms);

    const held = await outboxRow(heldAddress);
    expect(held).toMatchObject({ sent_at: null, failed_at: null });
    expect(held.last_error).toMatch(/ECONNREFUSED|connect/i);
    // A request that queues mail during the outage costs what it costs with SMTP up.
    expect(median(down)).toBeLessThan(median(up) * 3 + 50);

    await sink.start();
    const delivered = await sink.waitFor((e) => e.to.includes(heldAddress));
    expect(delivered.subject).toBe('Activate your PTI Support account');
    expect(delivered.from).toBe('tickets@pti.example');
    await waitUntil(async () => (await outboxRow(heldAddress))?.sent_at !== null);
    // Sent mail leaves no single-use link behind in the database.
    expect(await outboxRow(heldAddress)).toMatchObject({ text_body: '', html_body: '' });
  });

  it('gives up on an address the mail server refuses for good, and keeps sending the rest', async () => {
    const refusing = await startSmtpSink({ refuse: (address) => address.startsWith('nobody-') });
    const other = await startServerOnPostgres({
      label: 'email-refused',
      jobIntervalMs: 0,
      mail: { smtpUrl: refusing.url, from: 'support@pti.example', pollIntervalMs: 50 },
    });
    try {
      const otherApi = jsonApi(other.url);
      const refused = `nobody-${newEmail()}`;
      const fine = newEmail();
      await otherApi.post('/auth/v1/request-account', { name: 'Nobody', email: refused });
      await otherApi.post('/auth/v1/request-account', { name: 'Somebody', email: fine });
      await refusing.waitFor((e) => e.to.includes(fine));
      const row = await waitUntil(() =>
        other.db
          .selectFrom('email_outbox')
          .selectAll()
          .where('to_address', '=', refused)
          .where('failed_at', 'is not', null)
          .executeTakeFirst(),
      );
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/550/);
    } finally {
      await other.close();
      await refusing.stop();
    }
  });
});

describe('ticket emails', () => {
  it('tell the customer about a new ticket, a technician reply, resolution and the survey; never an internal note', async () => {
    const customer = await signIn(DEMO_SITE_MANAGER);
    const technician = await signIn(DEMO_TECHNICIAN);
    const ticketId = randomUUID();
    const subject = `Storlogix Offline ${randomUUID().slice(0, 6)}`;
    await push(customer, 'ticket.create', {
      ticketId,
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject,
      description: 'The gateway shows offline since this morning.',
    });
    const created = await sink.waitFor((e) => e.subject.endsWith(subject));
    const number = /#(HW\d{8})/.exec(created.subject)?.[1];
    expect(created.subject).toBe(`PTI Support Ticket Created: #${number} ${subject}`);
    expect(created.to).toEqual([DEMO_SITE_MANAGER.email]);
    expect(created.text).toContain(`ticket #${number}`);

    const secret = `internal-${randomUUID()}`;
    await push(technician, 'ticket.note', { ticketId, messageId: randomUUID(), body: secret });
    await push(technician, 'ticket.reply', {
      ticketId,
      messageId: randomUUID(),
      body: 'Please power-cycle the gateway <and> tell us what the LEDs show.',
    });
    const reply = await sink.waitFor((e) => e.subject.includes(`#${number} Answered`));
    expect(reply.text).toContain(
      'Please power-cycle the gateway <and> tell us what the LEDs show.',
    );
    expect(reply.html).toContain('power-cycle the gateway &lt;and&gt; tell us');

    await push(technician, 'ticket.setStatus', { ticketId, status: 'RESOLVED' });
    const resolved = await sink.waitFor((e) => e.subject.includes(`#${number} Resolved`));
    expect(resolved.text).toMatch(/within 7 days/);

    await push(technician, 'ticket.setStatus', { ticketId, status: 'CLOSED' });
    const survey = await sink.waitFor(
      (e) => e.subject.includes(`#${number}`) && /How did we do/.test(e.subject),
    );
    expect(survey.text).toMatch(/"Very satisfied", "Somewhat satisfied" or "Unsatisfied"/);

    const aboutTicket = sink.received.filter((e) => e.subject.includes(`#${number}`));
    expect(aboutTicket.map((e) => e.raw).join('\n')).not.toContain(secret);
  });
});

async function outboxRow(address: string) {
  return server.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', address)
    .executeTakeFirstOrThrow();
}

async function waitUntil<T>(probe: () => Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
