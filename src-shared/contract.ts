import { z } from 'zod';
import {
  AppCommand,
  AppSettings,
  AppSettingsPatch,
  NavigationTarget,
  ProblemReport,
  ProblemReportInput,
} from './domain/desktop.js';
import { accountCalls, notificationEvents } from './domain/account-calls.js';
import { callbackCalls, SlaWarning } from './domain/callbacks.js';
import { supportSettingsCalls } from './domain/support-settings.js';
import { savedViewCalls } from './domain/saved-views.js';
import { DirectorySite, DirectoryUser } from './domain/directory.js';
import { KbArticle, KbArticleSummary, KbHit, KbSection } from './domain/kb.js';
import { Profile, ProfileInput } from './domain/profile.js';
import { ptiCalls } from './domain/pti-client.js';
import { ptiKeypadCalls } from './domain/pti-keypad-calls.js';
import { SyncState } from './domain/sync.js';
import { unitCalls } from './domain/units.js';
import { attachmentCalls } from './domain/attachment-calls.js';
import {
  AttentionItem,
  AttentionResolution,
  CurrentUser,
  NewTicketInput,
  NoteInput,
  PendingChange,
  ReplyInput,
  SearchHit,
  TicketDetail,
  TimelineEntry,
} from './domain/timeline.js';
import { TicketListQuery, TicketSummary } from './domain/ticket.js';
import { AttachmentRef } from './attachments.js';
import { mutationArgs } from './mutations.js';

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
  'app.settings.get': { input: Empty, output: AppSettings },
  'app.settings.set': { input: AppSettingsPatch, output: AppSettings },
  /** Gathers the logs, with secrets redacted, into a zip to attach to a support ticket. */
  'app.reportProblem': { input: ProblemReportInput, output: ProblemReport },
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
  /** Signs the active profile's account in; the password is sent to its server and never stored. */
  'profiles.signIn': {
    input: z.object({ password: z.string().min(1, 'enter your password').max(1024) }).strict(),
    output: CurrentUser,
  },
  /** Ends the session on the server and forgets the tokens; queued changes stay for the next sign-in. */
  'profiles.signOut': { input: Empty, output: z.object({}) },
  'tickets.list': {
    input: TicketListQuery,
    output: z.object({ rows: z.array(TicketSummary), total: z.number().int().min(0) }),
  },
  'tickets.get': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: TicketDetail.nullable(),
  },
  'tickets.timeline': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.array(TimelineEntry),
  },
  'tickets.search': {
    input: z
      .object({ query: z.string().max(200), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: z.array(SearchHit),
  },
  /** Ticket actions: queued as intent mutations with an optimistic local effect. */
  'tickets.create': { input: NewTicketInput, output: z.object({ id: z.string() }) },
  'tickets.reply': { input: ReplyInput, output: z.object({ messageId: z.string() }) },
  'tickets.note': { input: NoteInput, output: z.object({ messageId: z.string() }) },
  'tickets.setStatus': { input: mutationArgs['ticket.setStatus'], output: z.object({}) },
  'tickets.reopen': { input: mutationArgs['ticket.reopen'], output: z.object({}) },
  'tickets.setPriority': { input: mutationArgs['ticket.setPriority'], output: z.object({}) },
  'tickets.assign': { input: mutationArgs['ticket.assign'], output: z.object({}) },
  'tickets.survey': { input: mutationArgs['ticket.survey'], output: z.object({}) },
  /** Copies a local file into Gatedesk at once (it is uploaded when online). */
  'attachments.stageFile': {
    input: z
      .object({ path: z.string().min(1).max(4096), name: z.string().max(255).optional() })
      .strict(),
    output: AttachmentRef,
  },
  /** A local path to open the file from, downloading it first when it is not cached. */
  'attachments.open': {
    input: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    output: z.object({ path: z.string() }),
  },
  'session.current': { input: Empty, output: CurrentUser.nullable() },
  /** The knowledge base, offline: sections, articles (by section, or top ones), search. */
  'kb.sections': { input: Empty, output: z.array(KbSection) },
  'kb.articles': {
    input: z
      .object({
        sectionId: z.string().max(100).nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.array(KbArticleSummary),
  },
  'kb.article': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: KbArticle.nullable(),
  },
  'kb.search': {
    input: z
      .object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) })
      .strict(),
    output: z.array(KbHit),
  },
  /** Sites and people the user may see (pickers, names); synced from the server. */
  'directory.sites': { input: Empty, output: z.array(DirectorySite) },
  'directory.users': { input: Empty, output: z.array(DirectoryUser) },
  'sync.state': { input: Empty, output: SyncState },
  'sync.now': { input: Empty, output: SyncState },
  'sync.pending': { input: Empty, output: z.array(PendingChange) },
  'sync.attention.list': { input: Empty, output: z.array(AttentionItem) },
  /** Retry (optionally with edited content), discard, or turn into a follow-up ticket. */
  'sync.attention.resolve': { input: AttentionResolution, output: z.object({}) },
  /** Callbacks: request, book, complete, the calendar and free slots (domain/callbacks.ts). */
  ...callbackCalls,
  ...supportSettingsCalls,
  /** The user's saved queue views, kept locally per profile (domain/saved-views.ts). */
  ...savedViewCalls,
  /** Sites' PTI access control: settings, rentals, queued operations (domain/pti-client.ts). */
  ...ptiCalls,
  ...ptiKeypadCalls,
  /** A site's units, their PTI mapping and the support PIN (domain/units.ts). */
  ...unitCalls,
  ...attachmentCalls,
  /** My settings, password, account requests, and unread replies (domain/account-calls.ts). */
  ...accountCalls,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  /** Tables of the active profile's store that changed; the renderer invalidates queries by table. */
  'store.changed': z.object({ profileId: z.string(), tables: z.array(z.string()) }),
  'sync.state': SyncState,
  'profiles.changed': z.object({ activeId: z.string().nullable() }),
  /**
   * Another profile is about to open: sent before any event of the profile named, so what the
   * window selected under the last one is let go before the new one's sync says anything.
   */
  'profiles.switching': z.object({ activeId: z.string().nullable() }),
  'app.settings.changed': AppSettings,
  /** Open a screen: sent by the desktop shell for a `gatedesk://` link. */
  navigate: NavigationTarget,
  /** A menu action the renderer carries out (new ticket, search, preferences). */
  command: AppCommand,
  /** Unread items for the tray and dock badge; fed by the notifications service. */
  'notifications.unread': z.object({ count: z.number().int().min(0) }),
  /** A ticket assigned to the signed-in technician is about to breach its SLA. */
  'notifications.sla': SlaWarning,
  ...notificationEvents,
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
