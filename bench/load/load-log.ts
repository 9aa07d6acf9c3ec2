/** What the simulated clients did and what went wrong, shared by all of them. */
export class LoadLog {
  readonly counts = new Map<string, number>();
  readonly samples = { pull: [] as number[], push: [] as number[] };
  readonly errors: string[] = [];
  errorCount = 0;
  serverErrors = 0;
  /** Message id → the mutation that wrote it, for every push answered "applied". */
  readonly messages = new Map<string, string>();
  /** Ticket id → the mutation that created it. */
  readonly tickets = new Map<string, string>();
  /** Mutation ids answered "applied" (a re-sent push answers for the same ids again). */
  readonly appliedIds = new Set<string>();

  count(name: string): void {
    this.add(name, 1);
  }

  add(name: string, n: number): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  sample(kind: 'pull' | 'push', ms: number): void {
    this.samples[kind].push(ms);
  }

  error(message: string, status?: number): void {
    this.errorCount += 1;
    if (status !== undefined && status >= 500) this.serverErrors += 1;
    if (this.errors.length < 20) this.errors.push(message);
  }

  applied(mutation: { id: string; name: string; args: Record<string, unknown> }): void {
    if (this.appliedIds.has(mutation.id)) return;
    this.appliedIds.add(mutation.id);
    this.count('appliedMutations');
    if (mutation.name === 'ticket.create')
      this.tickets.set(mutation.args.ticketId as string, mutation.id);
    else this.messages.set(mutation.args.messageId as string, mutation.id);
  }
}
