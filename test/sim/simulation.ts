import { join } from 'node:path';
import type { Core } from '../../src-main/core/core-types.js';
import { createCore } from '../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../src-main/core/store/inline-store.js';
import { createSupportClient } from '../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../src-shared/contract.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../src-server/db/schema.js';
import type { CallbackView } from '../../src-shared/domain/callbacks.js';
import type { TicketSummary } from '../../src-shared/domain/ticket.js';
import { createFakeClock } from './fake-clock.js';
import { calm, createFaultyClient, type Faults } from './faulty-client.js';
import { createRandom } from './prng.js';

/**
 * The deterministic sync simulation of DESIGN.md: several clients act on the same tickets
 * through the real core and the real server while the transport drops, duplicates and replays
 * requests, loses answers after the server committed, and sessions expire; clients restart
 * between a commit and its acknowledgement. After the network heals every client must agree
 * with the server, every intent must have been applied once, and nothing anyone wrote is lost.
 */
export interface SimulationOptions {
  seed: number;
  serverUrl: string;
  /** The server's database, to check invariants no client can see (no slot booked twice). */
  serverDb?: Kysely<Database>;
  accounts: { email: string; password: string }[];
  workDir: string;
  steps: number;
  faults?: Faults;
}

export interface SimulationReport {
  seed: number;
  log: string[];
  problems: string[];
  stats: {
    replies: number;
    creates: number;
    restarts: number;
    applied: number;
    needsAttention: number;
    callbackRequests: number;
    bookings: number;
    slotsTaken: number;
  };
}

const silent = { info() {}, warn() {}, error() {} };

interface SimClient {
  name: string;
  account: { email: string; password: string };
  dataDir: string;
  core: Core;
  replies: { ticketId: string; body: string }[];
  creates: { subject: string }[];
  bookings: { callbackId: string }[];
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const random = createRandom(options.seed);
  const clock = createFakeClock(new Date('2026-11-02T14:00:00Z'), random);
  const log: string[] = [];
  const problems: string[] = [];
  let faults: Faults = options.faults ?? {
    dropRequest: 0.1,
    dropResponse: 0.1,
    duplicate: 0.1,
    replayOld: 0.05,
    unauthorized: 0.03,
    gone: 0.02,
  };
  const stats = {
    replies: 0,
    creates: 0,
    restarts: 0,
    applied: 0,
    needsAttention: 0,
    callbackRequests: 0,
    bookings: 0,
    slotsTaken: 0,
  };
  const real = createSupportClient({ baseUrl: options.serverUrl });

  const open = async (
    name: string,
    account: SimClient['account'],
    dataDir: string,
    withFaults: boolean,
  ) =>
    createCore({
      dataDir,
      shell: 'web',
      version: 'sim',
      secrets: createKeyFileBox(join(dataDir, 'secret.key')),
      logger: silent,
      store: createInlineStore(),
      demo: { serverUrl: options.serverUrl, gatewayUrl: '', account, close: async () => {} },
      clock,
      live: false,
      client: withFaults
        ? createFaultyClient(
            real,
            random,
            () => faults,
            (l) => log.push(`${name}: ${l}`),
          )
        : real,
    });

  const clients: SimClient[] = [];
  for (const [i, account] of options.accounts.entries()) {
    const name = `client${i}`;
    const dataDir = join(options.workDir, `seed${options.seed}-${name}`);
    clients.push({
      name,
      account,
      dataDir,
      core: await open(name, account, dataDir, true),
      replies: [],
      creates: [],
      bookings: [],
    });
  }

  const call = async <K extends CallName>(
    c: SimClient,
    name: K,
    input: CallInput<K>,
  ): Promise<CallOutput<K> | null> => {
    const result = await c.core.dispatch(name, input, { shell: 'test' });
    if (!result.ok) {
      log.push(`${c.name}: ${name} refused locally: ${result.error.code}`);
      return null;
    }
    return result.value as CallOutput<K>;
  };
  const someTicket = async (c: SimClient): Promise<TicketSummary | null> => {
    const page = await call(c, 'tickets.list', { limit: 40, offset: random.int(0, 40) });
    return page && page.rows.length ? random.pick(page.rows) : null;
  };
  const sync = (c: SimClient) => call(c, 'sync.now', {});
  // A ticket that can take a callback: still open, of an organisation with preferred support.
  const callbackTicket = async (c: SimClient): Promise<TicketSummary | null> => {
    const page = await call(c, 'tickets.list', {
      status: ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'],
      limit: 12,
      offset: random.int(0, 20),
    });
    const rows = page?.rows ?? [];
    const from = rows.length ? random.int(0, rows.length - 1) : 0;
    for (const t of [...rows.slice(from), ...rows.slice(0, from)]) {
      if ((await call(c, 'tickets.get', { id: t.id }))?.supportTier === 'preferred') return t;
    }
    return rows.length ? random.pick(rows) : null;
  };

  // A handful of slots on one Monday morning (New York time), its own for each seed since seeds
  // share a server, so that bookings from different devices meet on the same slots.
  const slotsFrom = new Date(
    Date.parse('2026-11-09T14:00:00.000Z') + options.seed * 7 * 86_400_000,
  ).toISOString();
  const slotsTo = new Date(Date.parse(slotsFrom) + 3 * 3_600_000).toISOString();
  const bookingSlots = Array.from({ length: 8 }, (_, i) =>
    new Date(Date.parse(slotsFrom) + i * 15 * 60_000).toISOString(),
  );

  for (let step = 0; step < options.steps; step++) {
    const c = random.pick(clients);
    clock.advance(random.int(1, 120) * 1000);
    const roll = random.next();
    if (roll < 0.3) {
      const t = await someTicket(c);
      if (!t) continue;
      const body = `reply ${options.seed}-${step} from ${c.name}`;
      if (await call(c, 'tickets.reply', { ticketId: t.id, body })) {
        c.replies.push({ ticketId: t.id, body });
        stats.replies++;
      }
    } else if (roll < 0.4) {
      const subject = `sim ticket ${options.seed}-${step} by ${c.name}`;
      const sites = (await call(c, 'directory.sites', {})) ?? [];
      const made = await call(c, 'tickets.create', {
        siteId: sites.length ? random.pick(sites).id : null,
        productLine: random.pick([
          'pti_hardware',
          'pti_software',
          'digigate_hardware',
          'digigate_software',
        ] as const),
        category: 'technical',
        priority: random.pick(['low', 'normal', 'high', 'critical'] as const),
        subject,
        description: `created in simulation step ${step}`,
      });
      if (made) {
        c.creates.push({ subject });
        stats.creates++;
      }
    } else if (roll < 0.5) {
      const t = await someTicket(c);
      if (t)
        await call(c, 'tickets.setPriority', {
          ticketId: t.id,
          priority: random.pick(['low', 'normal', 'high', 'critical'] as const),
        });
    } else if (roll < 0.57) {
      const t = await someTicket(c);
      if (t)
        await call(c, 'tickets.setStatus', {
          ticketId: t.id,
          status: random.pick(['OPEN', 'RESOLVED', 'CLOSED'] as const),
        });
    } else if (roll < 0.75) {
      // Callbacks: customers ask, technicians book a few shared slots (so two devices clash), and
      // close them; refusals the client can foresee are refused locally and logged.
      const t = await callbackTicket(c);
      if (!t) continue;
      const user = await call(c, 'session.current', {});
      if (user?.role === 'site_manager') {
        const start = new Date(clock.now().getTime() + random.int(1, 5) * 86_400_000);
        if (
          await call(c, 'callbacks.request', {
            ticketId: t.id,
            windowStart: start.toISOString(),
            windowEnd: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
            phone: '+1 617-555-0142',
          })
        )
          stats.callbackRequests++;
      } else if (random.chance(0.75)) {
        const booked = await call(c, 'callbacks.book', {
          ticketId: t.id,
          startsAt: bookingSlots[random.int(0, bookingSlots.length - 1)]!,
          durationMinutes: random.pick([15, 30, 45] as const),
        });
        if (booked) {
          c.bookings.push(booked);
          stats.bookings++;
        }
      } else {
        const open = (
          (await call(c, 'callbacks.list', { from: slotsFrom, to: slotsTo })) ?? []
        ).filter((b) => b.status === 'booked');
        if (open.length)
          await call(c, 'callbacks.complete', {
            callbackId: random.pick(open).id,
            outcome: random.pick(['done', 'missed', 'cancelled'] as const),
          });
      }
    } else if (roll < 0.9) {
      await sync(c);
    } else {
      // a crash: the process state is gone; only what SQLite committed survives
      log.push(`${c.name}: restart`);
      stats.restarts++;
      await c.core.close();
      c.core = await open(c.name, c.account, c.dataDir, true);
    }
  }

  // the network heals; everyone syncs until nothing is left to send
  faults = calm;
  for (let round = 0; round < 8; round++) {
    for (const c of clients) await sync(c);
    const pending = await Promise.all(
      clients.map(async (c) => (await call(c, 'sync.pending', {}))?.length ?? 0),
    );
    if (pending.every((n) => n === 0)) break;
  }
  for (const c of clients) await sync(c);

  // what the server holds, seen by fresh observers that bootstrap from nothing
  for (const c of clients) {
    const observerDir = `${c.dataDir}-observer`;
    const observer = await open(`${c.name}-observer`, c.account, observerDir, false);
    const observerClient: SimClient = { ...c, name: `${c.name}-observer`, core: observer };
    await sync(observerClient);
    const serverView = await allTickets(observerClient, call);
    const clientView = await allTickets(c, call);
    const pending = (await call(c, 'sync.pending', {})) ?? [];
    if (pending.length)
      problems.push(`${c.name}: ${pending.length} changes still queued after healing`);
    const attention = (await call(c, 'sync.attention.list', {})) ?? [];
    stats.needsAttention += attention.length;

    const differing = diffTickets(clientView, serverView);
    if (differing.length)
      problems.push(`${c.name} disagrees with the server on: ${differing.slice(0, 5).join('; ')}`);

    const numbers = serverView.map((t) => t.number).filter(Boolean);
    if (new Set(numbers).size !== numbers.length) problems.push('two tickets share a number');

    for (const r of c.replies) {
      const timeline = (await call(observerClient, 'tickets.timeline', { id: r.ticketId })) ?? [];
      const copies = timeline.filter((m) => m.body === r.body).length;
      const refused = attention.some((a) => (a.args as { body?: string }).body === r.body);
      if (copies > 1) problems.push(`${c.name}: "${r.body}" was applied ${copies} times`);
      if (copies === 0 && !refused) problems.push(`${c.name}: "${r.body}" was lost`);
      if (copies === 1) stats.applied++;
    }
    for (const created of c.creates) {
      const copies = serverView.filter((t) => t.subject === created.subject).length;
      const refused = attention.some(
        (a) => (a.args as { subject?: string }).subject === created.subject,
      );
      if (copies > 1) problems.push(`${c.name}: "${created.subject}" was created ${copies} times`);
      if (copies === 0 && !refused) problems.push(`${c.name}: "${created.subject}" was lost`);
    }

    // Callbacks: the client's calendar agrees with the server's, nothing is left tentative, and
    // every booking either reached the server or waits in needs-attention.
    const window = { from: slotsFrom, to: slotsTo, includeRequested: false };
    const key = (b: CallbackView) =>
      JSON.stringify([b.id, b.status, b.startsAt, b.durationMinutes, b.technicianId]);
    const mine = ((await call(c, 'callbacks.list', window)) ?? []).map(key).sort();
    const theirs = ((await call(observerClient, 'callbacks.list', window)) ?? []).map(key).sort();
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      problems.push(
        `${c.name}: its callbacks differ from the server's: ${mine.length} here, ${theirs.length} there`,
      );
    if (((await call(c, 'callbacks.list', window)) ?? []).some((b) => b.tentative))
      problems.push(`${c.name}: a booking is still tentative after healing`);
    for (const booking of c.bookings) {
      const onServer = options.serverDb
        ? await options.serverDb
            .selectFrom('callbacks')
            .select('id')
            .where('id', '=', booking.callbackId)
            .executeTakeFirst()
        : true;
      const refused = attention.filter(
        (a) => (a.args as { callbackId?: string }).callbackId === booking.callbackId,
      );
      stats.slotsTaken += refused.filter((a) => a.code === 'slot_taken').length;
      if (!onServer && refused.length === 0)
        problems.push(`${c.name}: booking ${booking.callbackId} was lost`);
    }
    await observer.close();
  }
  for (const c of clients) await c.core.close();
  if (options.serverDb) problems.push(...(await doubleBookings(options.serverDb)));
  return { seed: options.seed, log, problems, stats };
}

/** Any two callbacks holding the same technician's time at once: there must never be one. */
export async function doubleBookings(db: Kysely<Database>): Promise<string[]> {
  const held = await db
    .selectFrom('callbacks')
    .select(['id', 'technician_id', 'starts_at', 'duration_minutes'])
    .where('status', 'in', ['booked', 'done', 'missed'])
    .orderBy('technician_id')
    .orderBy('starts_at')
    .execute();
  const problems: string[] = [];
  for (const [i, a] of held.entries()) {
    const next = held[i + 1];
    if (!next || next.technician_id !== a.technician_id) continue;
    const end = a.starts_at!.getTime() + a.duration_minutes! * 60_000;
    if (next.starts_at!.getTime() < end)
      problems.push(
        `callbacks ${a.id} and ${next.id} double-book ${a.technician_id} at ${a.starts_at!.toISOString()}`,
      );
  }
  return problems;
}

type Call = <K extends CallName>(
  c: SimClient,
  name: K,
  input: CallInput<K>,
) => Promise<CallOutput<K> | null>;

async function allTickets(c: SimClient, call: Call): Promise<TicketSummary[]> {
  const rows: TicketSummary[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call(c, 'tickets.list', {
      limit: 500,
      offset,
      sort: { column: 'createdAt', direction: 'asc' },
    });
    if (!page) break;
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) break;
  }
  return rows;
}

function diffTickets(local: TicketSummary[], server: TicketSummary[]): string[] {
  const key = (t: TicketSummary) =>
    JSON.stringify([t.number, t.status, t.priority, t.assigneeId, t.subject, t.pending]);
  const byId = new Map(server.map((t) => [t.id, t]));
  const out: string[] = [];
  for (const t of local) {
    const s = byId.get(t.id);
    if (!s) out.push(`${t.id} only on the client`);
    else if (key(s) !== key(t)) out.push(`${t.number ?? t.id}: client ${key(t)} server ${key(s)}`);
    byId.delete(t.id);
  }
  for (const id of byId.keys()) out.push(`${id} missing on the client`);
  return out;
}
