import { join } from 'node:path';
import type { Core } from '../../src-main/core/core-types.js';
import { createCore } from '../../src-main/core/create-core.js';
import { createKeyFileBox } from '../../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../../src-main/core/store/inline-store.js';
import { createSupportClient } from '../../src-main/core/sync/support-client.js';
import type { CallInput, CallName, CallOutput } from '../../src-shared/contract.js';
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
  accounts: { email: string; password: string }[];
  workDir: string;
  steps: number;
  faults?: Faults;
}

export interface SimulationReport {
  seed: number;
  log: string[];
  problems: string[];
  stats: { replies: number; creates: number; restarts: number; applied: number; needsAttention: number };
}

const silent = { info() {}, warn() {}, error() {} };

interface SimClient {
  name: string;
  account: { email: string; password: string };
  dataDir: string;
  core: Core;
  replies: { ticketId: string; body: string }[];
  creates: { subject: string }[];
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
  const stats = { replies: 0, creates: 0, restarts: 0, applied: 0, needsAttention: 0 };
  const real = createSupportClient({ baseUrl: options.serverUrl });

  const open = async (name: string, account: SimClient['account'], dataDir: string, withFaults: boolean) =>
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
      client: withFaults ? createFaultyClient(real, random, () => faults, (l) => log.push(`${name}: ${l}`)) : real,
    });

  const clients: SimClient[] = [];
  for (const [i, account] of options.accounts.entries()) {
    const name = `client${i}`;
    const dataDir = join(options.workDir, `seed${options.seed}-${name}`);
    clients.push({ name, account, dataDir, core: await open(name, account, dataDir, true), replies: [], creates: [] });
  }

  const call = async <K extends CallName>(c: SimClient, name: K, input: CallInput<K>): Promise<CallOutput<K> | null> => {
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
        productLine: random.pick(['pti_hardware', 'pti_software', 'digigate_hardware', 'digigate_software'] as const),
        category: 'technical',
        priority: random.pick(['low', 'normal', 'high', 'critical'] as const),
        subject,
        description: `created in simulation step ${step}`,
      });
      if (made) {
        c.creates.push({ subject });
        stats.creates++;
      }
    } else if (roll < 0.55) {
      const t = await someTicket(c);
      if (t) await call(c, 'tickets.setPriority', { ticketId: t.id, priority: random.pick(['low', 'normal', 'high', 'critical'] as const) });
    } else if (roll < 0.65) {
      const t = await someTicket(c);
      if (t) await call(c, 'tickets.setStatus', { ticketId: t.id, status: random.pick(['OPEN', 'RESOLVED', 'CLOSED'] as const) });
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
    const pending = await Promise.all(clients.map(async (c) => (await call(c, 'sync.pending', {}))?.length ?? 0));
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
    if (pending.length) problems.push(`${c.name}: ${pending.length} changes still queued after healing`);
    const attention = (await call(c, 'sync.attention.list', {})) ?? [];
    stats.needsAttention += attention.length;

    const differing = diffTickets(clientView, serverView);
    if (differing.length) problems.push(`${c.name} disagrees with the server on: ${differing.slice(0, 5).join('; ')}`);

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
      const refused = attention.some((a) => (a.args as { subject?: string }).subject === created.subject);
      if (copies > 1) problems.push(`${c.name}: "${created.subject}" was created ${copies} times`);
      if (copies === 0 && !refused) problems.push(`${c.name}: "${created.subject}" was lost`);
    }
    await observer.close();
  }
  for (const c of clients) await c.core.close();
  return { seed: options.seed, log, problems, stats };
}

type Call = <K extends CallName>(c: SimClient, name: K, input: CallInput<K>) => Promise<CallOutput<K> | null>;

async function allTickets(c: SimClient, call: Call): Promise<TicketSummary[]> {
  const rows: TicketSummary[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call(c, 'tickets.list', { limit: 500, offset, sort: { column: 'createdAt', direction: 'asc' } });
    if (!page) break;
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) break;
  }
  return rows;
}

function diffTickets(local: TicketSummary[], server: TicketSummary[]): string[] {
  const key = (t: TicketSummary) => JSON.stringify([t.number, t.status, t.priority, t.assigneeId, t.subject, t.pending]);
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
