import { randomUUID } from 'node:crypto';
import { mutationArgs, type MutationName } from '../../../src-shared/mutations.js';
import {
  eventForStatusChange,
  transition,
  type TicketEvent,
} from '../../../src-shared/status-machine.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { SUPPORT_TARGET } from '../store/queries/outbox.js';
import { actorFor } from '../sync/local-effects.js';

type TicketCalls =
  | 'tickets.list'
  | 'tickets.get'
  | 'tickets.timeline'
  | 'tickets.search'
  | 'tickets.create'
  | 'tickets.reply'
  | 'tickets.note'
  | 'tickets.setStatus'
  | 'tickets.reopen'
  | 'tickets.setPriority'
  | 'tickets.assign'
  | 'tickets.survey'
  | 'session.current'
  | 'directory.sites'
  | 'directory.users'
  | 'kb.sections'
  | 'kb.articles'
  | 'kb.article'
  | 'kb.search';

export interface TicketServiceDeps {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
}

/**
 * Queues a user's intent: validated against its schema, checked against the status machine
 * as the client sees the ticket now (so impossible actions fail at once, with the reason),
 * then written to the outbox with its optimistic effect in one transaction.
 */
export async function queueIntent(
  profile: ActiveProfile,
  name: MutationName,
  args: unknown,
  now: Date,
  id: string = randomUUID(),
): Promise<void> {
  const parsed = mutationArgs[name].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServiceError(
      'invalid_input',
      `${issue?.path.join('.') || 'input'}: ${issue?.message}`,
    );
  }
  const ticketId = (parsed.data as { ticketId?: string }).ticketId;
  let baseVersion: string | null = null;
  if (name !== 'ticket.create' && ticketId) {
    const ticket = await profile.db.read('tickets.get', { id: ticketId });
    if (!ticket)
      throw new ServiceError(
        'not_found',
        'That ticket is not in your queue any more. Sync and try again.',
      );
    await checkAllowed(profile, name, parsed.data, ticket.status, ticket.resolvedAt, now);
    baseVersion = null;
  }
  const { tables } = await profile.db.write('outbox.queue', {
    mutation: {
      id,
      target: SUPPORT_TARGET,
      name,
      args: parsed.data,
      baseVersion,
      createdAt: now.toISOString(),
    },
  });
  profile.changed(tables);
}

async function checkAllowed(
  profile: ActiveProfile,
  name: MutationName,
  args: unknown,
  status: Parameters<typeof transition>[0],
  resolvedAt: string | null,
  now: Date,
) {
  const user = await profile.user();
  if (!user) throw new ServiceError('unauthorized', 'Sign in before changing tickets.');
  const actor = actorFor(user.role);
  let event: TicketEvent | null = null;
  switch (name) {
    case 'ticket.reply':
      event = actor === 'staff' ? 'staff_public_reply' : 'customer_reply';
      break;
    case 'ticket.note':
      event = 'internal_note';
      break;
    case 'ticket.reopen':
      event = actor === 'staff' ? 'staff_reopen' : 'customer_reopen';
      break;
    case 'ticket.setStatus': {
      const to = (args as { status: Parameters<typeof eventForStatusChange>[1] }).status;
      event = eventForStatusChange(status, to);
      if (!event)
        throw new ServiceError('conflict', `A ${status} ticket cannot be set to ${to} directly.`);
      break;
    }
    case 'ticket.setPriority':
    case 'ticket.assign':
      event = 'edit_fields';
      break;
    case 'ticket.survey':
      if (status !== 'CLOSED' && status !== 'RESOLVED')
        throw new ServiceError(
          'conflict',
          'A survey can be answered once the ticket is resolved or closed.',
        );
      return;
  }
  if (!event) return;
  const step = transition(status, event, { actor, resolvedAt, now });
  if (!step.ok) throw new ServiceError('conflict', step.message);
}

export function ticketHandlers(deps: TicketServiceDeps): Pick<Handlers, TicketCalls> {
  const now = deps.now ?? (() => new Date());
  const viewerIsStaff = async (p: ActiveProfile) => {
    const user = await p.user();
    return user ? actorFor(user.role) === 'staff' : false;
  };
  return {
    // the SLA column is computed at the time of asking, so it ticks while offline
    'tickets.list': async (query) =>
      (await deps.active()).db.read('tickets.list', { ...query, now: now().toISOString() }),
    'tickets.get': async ({ id }) =>
      (await deps.active()).db.read('tickets.get', { id, now: now().toISOString() }),
    'tickets.timeline': async ({ id }) => {
      const p = await deps.active();
      return p.db.read('tickets.timeline', {
        ticketId: id,
        includeInternal: await viewerIsStaff(p),
      });
    },
    'tickets.search': async ({ query, limit }) =>
      (await deps.active()).db.read('tickets.search', { query, limit, now: now().toISOString() }),
    'tickets.create': async (input) => {
      const ticketId = randomUUID();
      await queueIntent(await deps.active(), 'ticket.create', { ...input, ticketId }, now());
      return { id: ticketId };
    },
    'tickets.reply': async (input) => {
      const messageId = randomUUID();
      await queueIntent(await deps.active(), 'ticket.reply', { ...input, messageId }, now());
      return { messageId };
    },
    'tickets.note': async (input) => {
      const p = await deps.active();
      if (!(await viewerIsStaff(p)))
        throw new ServiceError('forbidden', 'Only technicians can write internal notes.');
      const messageId = randomUUID();
      await queueIntent(p, 'ticket.note', { ...input, messageId }, now());
      return { messageId };
    },
    'tickets.setStatus': async (input) => {
      await queueIntent(await deps.active(), 'ticket.setStatus', input, now());
      return {};
    },
    'tickets.reopen': async (input) => {
      await queueIntent(await deps.active(), 'ticket.reopen', input, now());
      return {};
    },
    'tickets.setPriority': async (input) => {
      await queueIntent(await deps.active(), 'ticket.setPriority', input, now());
      return {};
    },
    'tickets.assign': async (input) => {
      await queueIntent(await deps.active(), 'ticket.assign', input, now());
      return {};
    },
    'tickets.survey': async (input) => {
      await queueIntent(await deps.active(), 'ticket.survey', input, now());
      return {};
    },
    'kb.sections': async () => (await deps.active()).db.read('kb.sections', {}),
    'kb.articles': async (input) => (await deps.active()).db.read('kb.articles', input),
    'kb.article': async ({ id }) => (await deps.active()).db.read('kb.article', { id }),
    'kb.search': async (input) => (await deps.active()).db.read('kb.search', input),
    'directory.sites': async () => (await deps.active()).db.read('directory.sites', {}),
    'directory.users': async () => (await deps.active()).db.read('directory.users', {}),
    'session.current': async () => {
      const user = await (await deps.active()).user();
      return user
        ? {
            id: user.id,
            name: user.name,
            email: user.email,
            role: user.role,
            organisationId: user.organisationId,
          }
        : null;
    },
  };
}
