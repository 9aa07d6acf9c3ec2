import { z } from 'zod';
import { Profile, ProfileInput } from './domain/profile.js';
import { SyncState } from './domain/sync.js';
import { TicketListQuery, TicketSummary } from './domain/ticket.js';

/**
 * The one API between the renderer and the desktop core. Every call the renderer can make
 * and every event the core can emit is declared here, with its schemas. The preload bridge,
 * the IPC handlers, the web host's WebSocket protocol and the renderer's client are all
 * generated from these two tables, so adding a call is adding a line here plus its service.
 */

const Empty = z.object({}).strict();

export const calls = {
  'app.info': {
    input: Empty,
    output: z.object({
      version: z.string(),
      shell: z.enum(['electron', 'web']),
      demo: z.boolean(),
    }),
  },
  'profiles.list': {
    input: Empty,
    output: z.object({ profiles: z.array(Profile), activeId: z.string().nullable() }),
  },
  'profiles.add': { input: ProfileInput, output: Profile },
  'profiles.activate': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: Profile,
  },
  'profiles.remove': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({}),
  },
  'tickets.list': {
    input: TicketListQuery,
    output: z.object({ rows: z.array(TicketSummary), total: z.number().int().min(0) }),
  },
  'tickets.get': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: TicketSummary.nullable(),
  },
  'sync.state': { input: Empty, output: SyncState },
  'sync.now': { input: Empty, output: SyncState },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  /** Tables of the active profile's store that changed; the renderer invalidates queries by table. */
  'store.changed': z.object({ profileId: z.string(), tables: z.array(z.string()) }),
  'sync.state': SyncState,
  'profiles.changed': z.object({ activeId: z.string().nullable() }),
} as const satisfies Record<string, z.ZodType>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
