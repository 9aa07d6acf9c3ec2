import { randomUUID } from 'node:crypto';
import type { AttentionItem } from '../../../src-shared/domain/timeline.js';
import { isMutationName, mutationArgs } from '../../../src-shared/mutations.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { REBUILT_CODE, RECOVERED_CODE } from '../recovery-codes.js';
import { SUPPORT_TARGET, type AttentionItem as StoredItem } from '../store/queries/outbox.js';

type AttentionCalls = 'sync.pending' | 'sync.attention.list' | 'sync.attention.resolve';

const closedCodes = new Set(['ticket_closed', 'reopen_window_passed']);
const isMessage = (name: string) => name === 'ticket.reply' || name === 'ticket.note';

/** What a person can do with a refused change: never lose it silently. */
export function actionsFor(item: Pick<StoredItem, 'name' | 'code'>): AttentionItem['actions'] {
  const actions: AttentionItem['actions'] = [];
  // the notice that the local database was rebuilt is read, then dismissed
  if (item.code === REBUILT_CODE) return ['discard'];
  if (!closedCodes.has(item.code)) actions.push('retry');
  if (isMessage(item.name) && closedCodes.has(item.code)) actions.push('follow_up');
  actions.push('discard');
  return actions;
}

export interface AttentionDeps {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
  /** Lets another target (the PTI queue) settle its own items; true when it did. */
  resolveElsewhere?: (
    item: StoredItem,
    input: { id: string; action: 'retry' | 'discard' | 'follow_up' },
  ) => Promise<boolean>;
}

export function attentionHandlers(deps: AttentionDeps): Pick<Handlers, AttentionCalls> {
  const now = deps.now ?? (() => new Date());
  return {
    'sync.pending': async () => (await deps.active()).db.read('outbox.listPending', {}),
    'sync.attention.list': async () => {
      const items = await (await deps.active()).db.read('attention.list', {});
      return items.map((item) => ({ ...item, actions: actionsFor(item) }));
    },
    'sync.attention.resolve': async (input) => {
      const p = await deps.active();
      const item = await p.db.read('attention.get', { id: input.id });
      if (!item) throw new ServiceError('not_found', 'That item was already dealt with.');
      if (!actionsFor(item).includes(input.action)) {
        throw new ServiceError(
          'conflict',
          `"${input.action}" is not possible for this change: ${item.message}`,
        );
      }
      if (deps.resolveElsewhere && (await deps.resolveElsewhere(item, input))) return {};
      const at = now().toISOString();
      let replacement = null;
      if (input.action === 'retry') {
        if (!isMutationName(item.name))
          throw new ServiceError('conflict', 'This kind of change can no longer be sent.');
        const args = input.args ?? item.args;
        const parsed = mutationArgs[item.name].safeParse(args);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new ServiceError(
            'invalid_input',
            `${issue?.path.join('.') || 'input'}: ${issue?.message}`,
          );
        }
        replacement = {
          // A change recovered from a damaged database may have reached the server before the
          // damage: sent under its own id, the server applies it at most once.
          id: item.code === RECOVERED_CODE ? item.id : randomUUID(),
          target: SUPPORT_TARGET,
          name: item.name,
          args: parsed.data,
          baseVersion: null,
          createdAt: at,
        };
      } else if (input.action === 'follow_up') {
        replacement = await followUpFor(p, item, at);
      }
      const { tables } = await p.db.write('attention.settle', { id: item.id, replacement });
      p.changed(tables);
      return {};
    },
  };
}

/** A reply to a ticket that closed meanwhile becomes a new ticket that links back to it. */
async function followUpFor(p: ActiveProfile, item: StoredItem, at: string) {
  const reply = item.args as { ticketId: string; body: string; attachments?: unknown[] };
  const original = await p.db.read('tickets.get', { id: reply.ticketId });
  const label = original?.number ?? 'an earlier ticket';
  const subject = `Follow-up to ${label}: ${original?.subject ?? ''}`.slice(0, 200).trim();
  const args = mutationArgs['ticket.create'].parse({
    ticketId: randomUUID(),
    productLine: original?.productLine ?? 'pti_software',
    category: original?.category ?? 'general',
    priority: original?.priority ?? 'normal',
    subject,
    description: reply.body,
    siteId: original?.siteId ?? null,
    unitId: original?.unitId ?? null,
    followUpOfId: reply.ticketId,
    attachments: reply.attachments ?? [],
  });
  return {
    id: randomUUID(),
    target: SUPPORT_TARGET,
    name: 'ticket.create',
    args,
    baseVersion: null,
    createdAt: at,
  };
}
