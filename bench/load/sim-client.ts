import { createHash, randomUUID } from 'node:crypto';
import type { LoadClientSpec } from './fixtures.js';
import type { LoadLog } from './load-log.js';

/**
 * One simulated desktop client, as light as a client can be: it keeps an SSE stream open, pulls
 * when poked (and now and then without), and pushes replies, notes and new tickets; sometimes it
 * sends a push again as a client does when the answer was lost. What it has pulled is kept as a
 * digest per row, so at the end it can be compared with the server's state row by row.
 */
export class SimClient {
  /** `table:id` → digest of the row as last pulled. */
  readonly rows = new Map<string, string>();
  private readonly tickets = new Map<string, string>();
  private cursor: string | null = null;
  private poked = true;
  private wake: (() => void) | null = null;
  private listening: AbortController | null = null;
  private stopped = false;
  private readonly clientId = randomUUID();

  constructor(
    readonly spec: LoadClientSpec,
    private readonly baseUrl: string,
    private readonly log: LoadLog,
    private readonly random: () => number,
  ) {}

  /** Everything from the start, page by page, as a first sync does. */
  async bootstrap(): Promise<void> {
    await this.pullToHead();
  }

  listen(): void {
    const controller = new AbortController();
    this.listening = controller;
    void (async () => {
      while (!this.stopped) {
        try {
          const response = await fetch(new URL('/sync/v1/events', this.baseUrl), {
            headers: {
              authorization: `Bearer ${this.spec.accessToken}`,
              accept: 'text/event-stream',
            },
            signal: controller.signal,
          });
          if (!response.ok || !response.body) {
            this.log.error(`GET /sync/v1/events answered ${response.status}`, response.status);
            await response.body?.cancel();
          } else {
            this.log.count('sseConnects');
            await this.readPokes(response.body);
            if (!this.stopped) this.log.error('the SSE stream ended while the client listened');
          }
        } catch (error) {
          if (this.stopped) return;
          this.log.error(`SSE: ${(error as Error).message}`);
        }
        if (!this.stopped) await sleep(1000);
      }
    })();
  }

  private async readPokes(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: ?poke$/m.test(frame)) {
          this.log.count('pokes');
          this.poked = true;
          this.wake?.();
        }
      }
    }
  }

  /** Works until `until` (epoch ms): wait for a poke or a while, pull, sometimes push. */
  async run(until: number, pace: { meanWaitMs: number; pushChance: number }): Promise<void> {
    let rounds = 0;
    while (!this.stopped && Date.now() < until) {
      const wait = pace.meanWaitMs * (0.5 + this.random());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, Math.min(wait, until - Date.now())));
        const early = () => {
          clearTimeout(timer);
          resolve();
        };
        // a poke wakes the client early, but no sooner than a fifth of its pace
        setTimeout(() => (this.poked ? early() : (this.wake = early)), wait / 5);
      });
      this.wake = null;
      if (Date.now() >= until) break;
      rounds += 1;
      // pull when poked, and every fifth round anyway, as the fallback timer does
      if (this.poked || rounds % 5 === 0) await this.pullToHead();
      if (this.random() < pace.pushChance) await this.pushSome();
    }
  }

  stop(): void {
    this.stopped = true;
    this.listening?.abort();
  }

  async pullToHead(): Promise<void> {
    for (;;) {
      this.poked = false;
      const started = performance.now();
      const page = (await this.post('/sync/v1/pull', { cursor: this.cursor, limit: 500 })) as {
        cursor: string;
        hasMore: boolean;
        changes: { table: string; op: string; row?: { id: string }; id?: string }[];
      } | null;
      if (!page) return;
      this.log.sample('pull', performance.now() - started);
      this.log.add('pulledRows', page.changes.length);
      for (const change of page.changes) {
        if (change.op === 'delete') {
          this.rows.delete(`${change.table}:${change.id}`);
          if (change.table === 'tickets') this.tickets.delete(change.id!);
          continue;
        }
        const row = change.row!;
        this.rows.set(`${change.table}:${row.id}`, digest(row));
        if (change.table === 'tickets')
          this.tickets.set(row.id, (row as unknown as { status: string }).status);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  private async pushSome(): Promise<void> {
    const count = 1 + Math.floor(this.random() * 2);
    const mutations = [];
    for (let i = 0; i < count; i++) {
      const mutation = this.nextMutation();
      if (mutation) mutations.push(mutation);
    }
    if (mutations.length === 0) return;
    const body = { clientId: this.clientId, mutations };
    const started = performance.now();
    const answer = (await this.post('/sync/v1/push', body)) as {
      results: { id: string; status: string; code?: string; message?: string }[];
    } | null;
    if (!answer) return;
    this.log.sample('push', performance.now() - started);
    this.checkResults(mutations, answer.results);
    // the answer was "lost": the same push again must change nothing and answer the same
    if (this.random() < 0.1) {
      this.log.count('resentPushes');
      const again = (await this.post('/sync/v1/push', body)) as typeof answer;
      if (again) this.checkResults(mutations, again.results);
    }
  }

  private checkResults(
    mutations: { id: string; name: string; args: Record<string, unknown> }[],
    results: { id: string; status: string; code?: string; message?: string }[],
  ): void {
    for (const mutation of mutations) {
      const result = results.find((r) => r.id === mutation.id);
      if (result?.status !== 'applied') {
        this.log.error(
          `${mutation.name} was not applied: ${result ? `${result.status} ${result.code}: ${result.message}` : 'no result'}`,
        );
        continue;
      }
      this.log.applied(mutation);
    }
  }

  private nextMutation(): {
    id: string;
    name: string;
    args: Record<string, unknown>;
    baseVersion: null;
  } | null {
    const id = randomUUID();
    const tickets = [...this.tickets.keys()];
    const customer = this.spec.role !== 'technician';
    if (customer && (tickets.length === 0 || this.random() < 0.15)) {
      return {
        id,
        name: 'ticket.create',
        args: {
          ticketId: randomUUID(),
          productLine: 'pti_hardware',
          category: 'technical',
          priority: 'normal',
          siteId: this.spec.siteId,
          subject: `Load ${this.spec.index}: keypad at gate ${1 + Math.floor(this.random() * 9)}`,
          description: `Raised by simulated client ${this.spec.index} (${id}).`,
        },
        baseVersion: null,
      };
    }
    if (tickets.length === 0) return null;
    const ticketId = tickets[Math.floor(this.random() * tickets.length)]!;
    const name = customer || this.random() < 0.4 ? 'ticket.reply' : 'ticket.note';
    return {
      id,
      name,
      args: {
        ticketId,
        messageId: randomUUID(),
        body: `Load ${this.spec.index}: ${name === 'ticket.note' ? 'note' : 'reply'} ${id}`,
      },
      baseVersion: null,
    };
  }

  /** POST with JSON; a non-2xx answer or a network failure is logged and answers null. */
  private async post(path: string, body: unknown): Promise<unknown> {
    try {
      const response = await fetch(new URL(path, this.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.spec.accessToken}`,
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      this.log.count(path === '/sync/v1/pull' ? 'pulls' : 'pushes');
      if (!response.ok) {
        this.log.error(
          `POST ${path} answered ${response.status}: ${text.slice(0, 200)}`,
          response.status,
        );
        return null;
      }
      return JSON.parse(text) as unknown;
    } catch (error) {
      this.log.error(`POST ${path}: ${(error as Error).message}`);
      return null;
    }
  }
}

/** A row's digest: two clients agree on a row when their digests are equal. */
export function digest(row: unknown): string {
  return createHash('sha1').update(JSON.stringify(row)).digest('base64');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
