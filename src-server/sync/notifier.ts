import type { RowChange } from './clock.js';

/** What a poke listener learns about a commit: enough to decide who may hear of it. */
export interface CommittedChange {
  seq: number;
  organisationId: string | null;
  staffOnly: boolean;
}

export type CommitListener = (changes: readonly CommittedChange[]) => void;

/**
 * Tells live channels (the SSE poke stream) that a transaction committed. In-process only: with
 * several server instances behind a load balancer, each would need the others' commits too
 * (PostgreSQL LISTEN/NOTIFY, or polling the clock), which this does not provide.
 */
export class SyncNotifier {
  private readonly listeners = new Set<CommitListener>();

  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call only after the transaction that wrote these changes has committed. */
  committed(changes: readonly RowChange[]): void {
    if (changes.length === 0) return;
    const committed = changes.map((c) => ({
      seq: c.seq,
      organisationId: c.organisationId,
      staffOnly: c.staffOnly ?? false,
    }));
    for (const listener of this.listeners) {
      try {
        listener(committed);
      } catch {
        // A broken stream must not stop the others from hearing of the commit.
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
