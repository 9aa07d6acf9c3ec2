import {
  mutationArgs,
  type MutationArgs,
  type MutationName,
} from '../../../src-shared/mutations.js';
import type { CallbackRow } from '../../../src-shared/sync-protocol.js';
import type { ActingUser, LocalMutation } from './local-effects.js';

/**
 * The optimistic effect of callback mutations on the callback itself, as a pure function. The
 * store applies every queued callback mutation on top of the server's rows whenever callbacks
 * are read, so a booking made offline shows at once (as tentative) and disappears by itself if
 * the server refuses it.
 */

const open = new Set(['requested', 'booked']);
const iso = (instant: string) => new Date(instant).toISOString();

function parsed<N extends MutationName>(name: N, args: unknown): MutationArgs<N> | null {
  const result = mutationArgs[name].safeParse(args);
  return result.success ? (result.data as MutationArgs<N>) : null;
}

/** The callback a mutation is about, or null for other mutations. */
export function callbackIdOf(mutation: Pick<LocalMutation, 'name' | 'args'>): string | null {
  if (!mutation.name.startsWith('callback.')) return null;
  const id = (mutation.args as { callbackId?: unknown } | null)?.callbackId;
  return typeof id === 'string' ? id : null;
}

export function applyToCallback(
  current: CallbackRow | null,
  mutation: LocalMutation,
  user: ActingUser,
  /** The organisation of the callback's ticket, for a callback first made here. */
  organisationId: string,
): CallbackRow | null {
  const at = mutation.createdAt;
  switch (mutation.name) {
    case 'callback.request': {
      const a = parsed('callback.request', mutation.args);
      if (current || !a) return current;
      return {
        id: a.callbackId,
        ticketId: a.ticketId,
        organisationId,
        status: 'requested',
        requestedById: user.id,
        windowStart: iso(a.windowStart),
        windowEnd: iso(a.windowEnd),
        customerTimeZone: a.timeZone,
        phone: a.phone,
        note: a.note,
        technicianId: null,
        startsAt: null,
        durationMinutes: null,
        bookedById: null,
        completedAt: null,
        outcomeNote: null,
        createdAt: at,
        updatedAt: at,
        version: '0',
      };
    }
    case 'callback.book': {
      const a = parsed('callback.book', mutation.args);
      if (!a || (current && !open.has(current.status))) return current;
      const base: CallbackRow = current ?? {
        id: a.callbackId,
        ticketId: a.ticketId,
        organisationId,
        status: 'booked',
        requestedById: null,
        windowStart: null,
        windowEnd: null,
        customerTimeZone: null,
        phone: null,
        note: '',
        technicianId: null,
        startsAt: null,
        durationMinutes: null,
        bookedById: null,
        completedAt: null,
        outcomeNote: null,
        createdAt: at,
        updatedAt: at,
        version: '0',
      };
      return {
        ...base,
        status: 'booked',
        technicianId: a.technicianId ?? user.id,
        startsAt: iso(a.startsAt),
        durationMinutes: a.durationMinutes,
        bookedById: user.id,
        updatedAt: at,
      };
    }
    case 'callback.complete': {
      const a = parsed('callback.complete', mutation.args);
      if (!a || !current || !open.has(current.status)) return current;
      return {
        ...current,
        status: a.outcome,
        completedAt: at,
        outcomeNote: a.note || null,
        updatedAt: at,
      };
    }
    default:
      return current;
  }
}
