import type { SlaWarning } from '../../../src-shared/domain/callbacks.js';
import { formatSlaDuration } from '../../../src-shared/sla/index.js';
import type { StoreDb } from '../store/store-types.js';
import type { EngineClock } from './clock.js';
import { actorFor, type ActingUser } from './local-effects.js';

export const SLA_WARNING_LEAD_MS = 30 * 60_000;
const CHECK_EVERY_MS = 60_000;

export interface SlaWatchOptions {
  profileId: string;
  db: StoreDb;
  clock: EngineClock;
  user(): Promise<ActingUser | null>;
  emit(warning: SlaWarning): void;
  /** How long before a breach to warn (default 30 minutes). */
  leadMs?: number;
  onError?(error: unknown): void;
}

/**
 * Warns the signed-in technician shortly before a ticket assigned to them breaches its SLA: the
 * core emits `notifications.sla`, which the desktop shell shows as a notification. Each due time
 * is announced once; a ticket whose due time moves (a new priority, a pause) is announced again.
 * It runs on the local copy, so it warns offline too.
 */
export class SlaWatch {
  private timer: unknown = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: SlaWatchOptions) {}

  start(): void {
    this.schedule(0);
  }

  /** Stops checking and waits for a check under way, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One look at the queue; returns the warnings it emitted. */
  async check(): Promise<SlaWarning[]> {
    const user = await this.options.user();
    if (!user || actorFor(user.role) !== 'staff') return [];
    const now = this.options.clock.now().getTime();
    const due = await this.options.db.read('tickets.slaDueSoon', {
      assigneeId: user.id,
      now,
      withinMs: this.options.leadMs ?? SLA_WARNING_LEAD_MS,
    });
    const warnings: SlaWarning[] = [];
    for (const ticket of due) {
      const key = `${ticket.id}@${ticket.dueAt}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      const target = ticket.clock === 'first_response' ? 'first-response' : 'resolution';
      const warning: SlaWarning = {
        profileId: this.options.profileId,
        ticketId: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        dueAt: new Date(ticket.dueAt).toISOString(),
        text: `${ticket.number ?? 'A new ticket'} breaches its ${target} target in ${formatSlaDuration(ticket.dueAt - now)}`,
      };
      warnings.push(warning);
      this.options.emit(warning);
    }
    return warnings;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.running = this.check()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.running = null;
          this.schedule(CHECK_EVERY_MS);
        });
    }, ms);
  }
}
