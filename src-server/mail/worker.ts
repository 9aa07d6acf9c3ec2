import type { Kysely, Selectable } from 'kysely';
import type { Database, EmailOutboxTable } from '../db/schema.js';

/** What the worker needs from a mail transport (nodemailer's transporter fits). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: { name: string; address: string };
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
  close?(): void;
}

export interface RetryPolicy {
  /** The wait after the first failure; it doubles with each further failure. */
  firstDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { firstDelayMs: 30_000, maxDelayMs: 15 * 60_000 };

export interface MailWorkerOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  from: string;
  now: () => Date;
  /** How often to look for due mail when nothing wakes the worker. */
  pollIntervalMs?: number;
  retry?: RetryPolicy;
  /** How long a claimed message stays with this worker before another may take it over. */
  leaseMs?: number;
  /** Reports a failed attempt; never given the message body. */
  onAttemptFailed?: (report: {
    id: string;
    kind: string;
    attempts: number;
    error: string;
    willRetry: boolean;
  }) => void;
}

export interface MailWorker {
  /** Looks for due mail now rather than at the next poll (e.g. after a commit that queued some). */
  wake(): void;
  /** Finishes the message in hand (waiting at most `graceMs`) and stops. */
  stop(graceMs?: number): Promise<void>;
}

const batchSize = 20;

/**
 * Sends queued mail until stopped. Each message is claimed with a lease (so several server
 * processes can share one outbox and a crashed one's claims run out), sent, then marked sent
 * with its body erased. A failure waits longer each time; a refusal by the mail server (5xx,
 * e.g. an unknown mailbox) is final. Delivery is at least once: a crash between sending and
 * marking sends that message again.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const retry = options.retry ?? defaultRetryPolicy;
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  let running = true;
  let wakeUp: (() => void) | undefined;
  let wokenEarly = false;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (wokenEarly) {
        wokenEarly = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    while (running) {
      let handled = 0;
      try {
        handled = await sendDueBatch();
      } catch (error) {
        // The database may be briefly unreachable; the messages stay queued for the next round.
        options.onAttemptFailed?.({
          id: '-',
          kind: 'outbox',
          attempts: 0,
          error: errorText(error),
          willRetry: true,
        });
      }
      if (running && handled < batchSize) await sleep();
    }
  })();

  async function sendDueBatch(): Promise<number> {
    const claimed = await claimDue();
    for (const message of claimed) {
      if (!running) break;
      await attempt(message);
    }
    return claimed.length;
  }

  async function claimDue(): Promise<Selectable<EmailOutboxTable>[]> {
    const now = options.now();
    return options.db
      .updateTable('email_outbox')
      .set({ locked_until: new Date(now.getTime() + leaseMs) })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('email_outbox')
          .select('id')
          .where('sent_at', 'is', null)
          .where('failed_at', 'is', null)
          .where('next_attempt_at', '<=', now)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', now)]))
          .orderBy('next_attempt_at')
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute();
  }

  async function attempt(message: Selectable<EmailOutboxTable>): Promise<void> {
    const attempts = message.attempts + 1;
    try {
      await options.transport.sendMail({
        from: options.from,
        to: { name: message.to_name, address: message.to_address },
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
      });
    } catch (error) {
      const permanent = isPermanentRefusal(error);
      const now = options.now();
      await options.db
        .updateTable('email_outbox')
        .set({
          attempts,
          locked_until: null,
          last_error: errorText(error),
          ...(permanent
            ? { failed_at: now }
            : { next_attempt_at: new Date(now.getTime() + retryDelay(attempts, retry)) }),
        })
        .where('id', '=', message.id)
        .execute();
      options.onAttemptFailed?.({
        id: message.id,
        kind: message.kind,
        attempts,
        error: errorText(error),
        willRetry: !permanent,
      });
      return;
    }
    await options.db
      .updateTable('email_outbox')
      .set({
        attempts,
        sent_at: options.now(),
        locked_until: null,
        last_error: null,
        // A sent message may hold a single-use link; the outbox is not a place to keep it.
        text_body: '',
        html_body: '',
      })
      .where('id', '=', message.id)
      .execute();
  }

  return {
    wake() {
      if (wakeUp) wakeUp();
      else wokenEarly = true;
    },
    async stop(graceMs = 5000) {
      running = false;
      wakeUp?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        loop,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
      options.transport.close?.();
    },
  };
}

/** Exponential backoff with jitter, so many queued messages do not retry in lockstep. */
export function retryDelay(attempts: number, policy: RetryPolicy): number {
  const base = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** SMTP 5xx answers are final (no such mailbox, message refused); everything else may pass later. */
function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}
