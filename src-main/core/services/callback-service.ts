import { randomUUID } from 'node:crypto';
import { freeSlots, localDayBounds } from '../../../src-shared/calendar/index.js';
import {
  CALLBACK_GRID_MINUTES,
  mayCloseCallback,
  preferredSupportRequired,
} from '../../../src-shared/domain/callbacks.js';
import type { TicketDetail } from '../../../src-shared/domain/timeline.js';
import { mutationArgs, type MutationName } from '../../../src-shared/mutations.js';
import { transition } from '../../../src-shared/status-machine.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { SUPPORT_TARGET } from '../store/queries/outbox.js';
import { actorFor } from '../sync/local-effects.js';

type CallbackCalls =
  | 'callbacks.list'
  | 'callbacks.request'
  | 'callbacks.book'
  | 'callbacks.complete'
  | 'callbacks.freeSlots';

export interface CallbackServiceDeps {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
}

/**
 * Callbacks (preferred support only). Each action is checked against what this client knows
 * (the ticket's status, the organisation's tier, the technician's calendar as synced) so that
 * what cannot work is refused at once with the reason, then queued as an intent with its
 * optimistic effect. The server has the last word: a slot someone else booked meanwhile comes
 * back as a conflict and waits in needs-attention, where it can be retried with another slot.
 */
export function callbackHandlers(deps: CallbackServiceDeps): Pick<Handlers, CallbackCalls> {
  const now = deps.now ?? (() => new Date());

  const signedIn = async (p: ActiveProfile) => {
    const user = await p.user();
    if (!user) throw new ServiceError('unauthorized', 'Sign in before working with callbacks.');
    return { ...user, actor: actorFor(user.role) };
  };

  const ticketOf = async (p: ActiveProfile, ticketId: string): Promise<TicketDetail> => {
    const ticket = await p.db.read('tickets.get', { id: ticketId, now: now().toISOString() });
    if (!ticket)
      throw new ServiceError(
        'not_found',
        'That ticket is not in your queue any more. Sync and try again.',
      );
    return ticket;
  };

  const queue = async (
    p: ActiveProfile,
    name: MutationName,
    args: unknown,
    baseVersion: string | null = null,
  ) => {
    const parsed = mutationArgs[name].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ServiceError(
        'invalid_input',
        `${issue?.path.join('.') || 'input'}: ${issue?.message}`,
      );
    }
    const { tables } = await p.db.write('outbox.queue', {
      mutation: {
        id: randomUUID(),
        target: SUPPORT_TARGET,
        name,
        args: parsed.data,
        baseVersion,
        createdAt: now().toISOString(),
      },
    });
    p.changed(tables);
  };

  // Before the organisation has synced the server decides; free support is refused here.
  const refuseFreeSupport = (ticket: TicketDetail, who: 'customer' | 'staff') => {
    if (ticket.supportTier === 'free')
      throw new ServiceError('forbidden', preferredSupportRequired(who, null));
  };

  return {
    'callbacks.list': async (query) => (await deps.active()).db.read('callbacks.list', query),

    'callbacks.request': async (input) => {
      const p = await deps.active();
      const user = await signedIn(p);
      if (user.actor !== 'customer')
        throw new ServiceError(
          'forbidden',
          'Customers ask for callbacks; as support staff, book a slot for them instead.',
        );
      const ticket = await ticketOf(p, input.ticketId);
      if (ticket.status === 'CLOSED' || ticket.status === 'RESOLVED')
        throw new ServiceError(
          'conflict',
          ticket.status === 'CLOSED'
            ? 'This ticket is closed. Open a follow-up ticket to ask for a callback.'
            : 'This ticket is resolved. Reopen it first if you still need a call.',
        );
      if (ticket.callback)
        throw new ServiceError(
          'conflict',
          ticket.callback.status === 'booked'
            ? 'A callback is already booked on this ticket; reply on the ticket to change it.'
            : 'A callback is already requested on this ticket; reply on the ticket to change its window.',
        );
      refuseFreeSupport(ticket, 'customer');
      if (Date.parse(input.windowEnd) <= now().getTime())
        throw new ServiceError(
          'invalid_input',
          'windowEnd: that window has passed; pick a later one.',
        );
      const callbackId = randomUUID();
      await queue(p, 'callback.request', { ...input, callbackId });
      return { callbackId };
    },

    'callbacks.book': async (input) => {
      const p = await deps.active();
      const user = await signedIn(p);
      if (user.actor !== 'staff')
        throw new ServiceError(
          'forbidden',
          'Support staff book callbacks; ask for one with a callback request instead.',
        );
      const ticket = await ticketOf(p, input.ticketId);
      const callbackId = input.callbackId ?? ticket.callback?.id ?? randomUUID();
      const existing = await p.db.read('callbacks.get', { id: callbackId });
      if (existing && existing.ticketId !== ticket.id)
        throw new ServiceError(
          'invalid_input',
          'callbackId: that callback belongs to another ticket.',
        );
      if (existing && existing.status !== 'requested' && existing.status !== 'booked')
        throw new ServiceError(
          'conflict',
          `That callback was already marked ${existing.status}. Book a new one instead.`,
        );
      if (existing?.status !== 'booked') {
        const step = transition(ticket.status, 'callback_booked', { actor: 'staff' });
        if (!step.ok) throw new ServiceError('conflict', step.message);
      }
      refuseFreeSupport(ticket, 'staff');

      const technicianId = input.technicianId ?? user.id;
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
      const clash = await p.db.read('callbacks.busy', {
        technicianId,
        from: startsAt.toISOString(),
        to: endsAt.toISOString(),
        exceptCallbackId: callbackId,
      });
      if (clash.length > 0)
        throw new ServiceError(
          'conflict',
          'That slot is already taken on this calendar. Pick another one from the free slots.',
        );
      const baseVersion = existing
        ? await p.db.read('callbacks.serverVersion', { id: callbackId })
        : null;
      await queue(
        p,
        'callback.book',
        {
          callbackId,
          ticketId: ticket.id,
          technicianId: input.technicianId,
          startsAt: startsAt.toISOString(),
          durationMinutes: input.durationMinutes,
        },
        baseVersion,
      );
      return { callbackId };
    },

    'callbacks.complete': async (input) => {
      const p = await deps.active();
      const user = await signedIn(p);
      if (!mayCloseCallback(user.actor, input.outcome))
        throw new ServiceError(
          'forbidden',
          'Support staff mark a callback done or missed; you can cancel yours, or reply on the ticket.',
        );
      const callback = await p.db.read('callbacks.get', { id: input.callbackId });
      if (!callback)
        throw new ServiceError(
          'not_found',
          'That callback is not here any more. Sync and try again.',
        );
      if (callback.status !== 'requested' && callback.status !== 'booked')
        throw new ServiceError('conflict', `That callback was already marked ${callback.status}.`);
      await queue(p, 'callback.complete', { ...input, ticketId: callback.ticketId });
      return {};
    },

    'callbacks.freeSlots': async (input) => {
      const p = await deps.active();
      const calendar = await p.db.read('calendar.get', {});
      const day = localDayBounds(calendar.timeZone, input.day);
      const busy = await p.db.read('callbacks.busy', {
        technicianId: input.technicianId,
        from: day.start.toISOString(),
        to: day.end.toISOString(),
      });
      const slots = freeSlots(calendar, {
        day: input.day,
        durationMinutes: input.durationMinutes,
        gridMinutes: CALLBACK_GRID_MINUTES,
        busy: busy.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })),
        notBefore: now(),
      });
      return {
        day: input.day,
        timeZone: calendar.timeZone,
        slots: slots.map((s) => ({
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
      };
    },
  };
}
