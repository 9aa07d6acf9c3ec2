import { z } from 'zod';
import { AttachmentRef } from './attachments.js';
import {
  Category,
  Instant,
  Priority,
  ProductLine,
  TicketNumber,
  TicketStatus,
} from './domain/ticket.js';
import { UnitRow } from './domain/units.js';
import { SlaPolicy } from './sla/policy.js';

/**
 * The wire contract between the client's sync engine and the support server
 * (DESIGN.md, "Sync protocol"). Both sides parse with these schemas.
 */

export const Role = z.enum(['site_manager', 'technician', 'installer', 'admin']);
export type Role = z.infer<typeof Role>;

/** Support tiers of PTI's portal (seed 000): free, or preferred (callbacks, 24-hour response). */
export const supportTiers = ['free', 'preferred'] as const;
export const SupportTier = z.enum(supportTiers);
export type SupportTier = z.infer<typeof SupportTier>;

export const SignInRequest = z
  .object({ email: z.email(), password: z.string().min(1).max(1024) })
  .strict();
export type SignInRequest = z.infer<typeof SignInRequest>;

export const SessionUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  organisationId: z.string().nullable(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SignInResponse = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: Instant,
  user: SessionUser,
});
export type SignInResponse = z.infer<typeof SignInResponse>;

/** One status a ticket took, and when: the SLA clocks are computed from this history. */
export const StatusHistoryEntry = z.object({ status: TicketStatus, at: Instant });
export type StatusHistoryEntry = z.infer<typeof StatusHistoryEntry>;

/** Server rows as they travel; `version` is the server commit sequence that last wrote the row. */
export const TicketRow = z.object({
  id: z.string(),
  number: TicketNumber,
  subject: z.string(),
  description: z.string(),
  status: TicketStatus,
  priority: Priority,
  category: Category,
  productLine: ProductLine,
  helpTopic: z.string().nullable(),
  organisationId: z.string(),
  siteId: z.string().nullable(),
  unitId: z.string().nullable(),
  internalReference: z.string().nullable(),
  assigneeId: z.string().nullable(),
  /** Who raised the ticket; clients follow the tickets their user raised. Older servers omit it. */
  requesterId: z.string().nullable().optional(),
  /** When the ticket was last resolved: the reopen window counts from here. */
  resolvedAt: Instant.nullable().default(null),
  /** The closed ticket this one follows up. */
  followUpOfId: z.string().nullable().default(null),
  /** Every status the ticket took, oldest first, starting with NEW at creation. */
  statusHistory: z.array(StatusHistoryEntry).default([]),
  createdAt: Instant,
  updatedAt: Instant,
  version: z.string(),
});
export type TicketRow = z.infer<typeof TicketRow>;

export const SiteRow = z.object({
  id: z.string(),
  organisationId: z.string(),
  code: z.string(),
  name: z.string(),
  timezone: z.string(),
  version: z.string(),
});
export type SiteRow = z.infer<typeof SiteRow>;

export const UserRow = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  organisationId: z.string().nullable(),
  version: z.string(),
});
export type UserRow = z.infer<typeof UserRow>;

export const MessageKind = z.enum(['public', 'internal', 'system']);
export type MessageKind = z.infer<typeof MessageKind>;

/** One entry of a ticket's timeline. Internal notes never reach a customer's client. */
export const MessageRow = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: MessageKind,
  authorId: z.string().nullable(),
  body: z.string(),
  quotedMessageId: z.string().nullable(),
  attachments: z.array(AttachmentRef),
  createdAt: Instant,
  version: z.string(),
});
export type MessageRow = z.infer<typeof MessageRow>;

/** A knowledge-base section (PTI's portal: Software, DigiGate, RMA, Intercoms, Gates, …). */
export const KbSectionRow = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  /** Display order, ascending. */
  position: z.number().int(),
  version: z.string(),
});
export type KbSectionRow = z.infer<typeof KbSectionRow>;

/** A knowledge-base article; readable by every signed-in user, offline once synced. */
export const KbArticleRow = z.object({
  id: z.string(),
  sectionId: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  /** Plain text; paragraphs separated by blank lines. */
  body: z.string(),
  /** Views when the row was last written; `GET /kb/v1/top` has the live ranking. */
  viewCount: z.number().int().min(0),
  createdAt: Instant,
  updatedAt: Instant,
  version: z.string(),
});
export type KbArticleRow = z.infer<typeof KbArticleRow>;

/** What clients need of an organisation: its name and the support tier it bought. */
export const OrganisationRow = z.object({
  id: z.string(),
  name: z.string(),
  /** As set: a preferred tier past `tierExpiresAt` counts as free (src-shared/sla tierAt). */
  supportTier: SupportTier,
  tierExpiresAt: Instant.nullable(),
  version: z.string(),
});
export type OrganisationRow = z.infer<typeof OrganisationRow>;

/**
 * Support's business calendar (a server setting). The fields are those of BusinessCalendar
 * (src-shared/calendar), which readers parse them with; they are not imported here because the
 * calendar's schema depends on this module.
 */
export const BusinessCalendarRow = z.object({
  id: z.string(),
  timeZone: z.string(),
  hours: z.record(z.string(), z.array(z.object({ start: z.string(), end: z.string() }))),
  holidays: z.array(z.object({ date: z.string(), name: z.string().optional() })),
  /** The SLA policy that counts on this calendar; null or absent: DEFAULT_SLA_POLICY. */
  slaPolicy: SlaPolicy.nullable().optional(),
  version: z.string(),
});
export type BusinessCalendarRow = z.infer<typeof BusinessCalendarRow>;

/** requested by the customer → booked by a technician → done, missed or cancelled. */
export const callbackStatuses = ['requested', 'booked', 'done', 'missed', 'cancelled'] as const;
export const CallbackStatus = z.enum(callbackStatuses);
export type CallbackStatus = z.infer<typeof CallbackStatus>;

/** A callback of a ticket (preferred support only). */
export const CallbackRow = z.object({
  id: z.string(),
  ticketId: z.string(),
  organisationId: z.string(),
  status: CallbackStatus,
  /** The customer's request: a window, in their time zone, and the number to call. */
  requestedById: z.string().nullable(),
  windowStart: Instant.nullable(),
  windowEnd: Instant.nullable(),
  customerTimeZone: z.string().nullable(),
  phone: z.string().nullable(),
  note: z.string(),
  /** The booked slot on a technician's calendar. */
  technicianId: z.string().nullable(),
  startsAt: Instant.nullable(),
  durationMinutes: z.number().int().nullable(),
  bookedById: z.string().nullable(),
  completedAt: Instant.nullable(),
  outcomeNote: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  version: z.string(),
});
export type CallbackRow = z.infer<typeof CallbackRow>;

export const syncedTableNames = [
  'tickets',
  'sites',
  'users',
  'messages',
  'kb_sections',
  'kb_articles',
  'organisations',
  'business_calendars',
  'callbacks',
  'units',
] as const;
export type SyncedTableName = (typeof syncedTableNames)[number];

const Upsert = z.discriminatedUnion('table', [
  z.object({ table: z.literal('tickets'), op: z.literal('upsert'), row: TicketRow }),
  z.object({ table: z.literal('sites'), op: z.literal('upsert'), row: SiteRow }),
  z.object({ table: z.literal('users'), op: z.literal('upsert'), row: UserRow }),
  z.object({ table: z.literal('messages'), op: z.literal('upsert'), row: MessageRow }),
  z.object({ table: z.literal('kb_sections'), op: z.literal('upsert'), row: KbSectionRow }),
  z.object({ table: z.literal('kb_articles'), op: z.literal('upsert'), row: KbArticleRow }),
  z.object({ table: z.literal('organisations'), op: z.literal('upsert'), row: OrganisationRow }),
  z.object({
    table: z.literal('business_calendars'),
    op: z.literal('upsert'),
    row: BusinessCalendarRow,
  }),
  z.object({ table: z.literal('callbacks'), op: z.literal('upsert'), row: CallbackRow }),
  z.object({ table: z.literal('units'), op: z.literal('upsert'), row: UnitRow }),
]);
const Delete = z.object({
  table: z.enum(syncedTableNames),
  op: z.literal('delete'),
  id: z.string(),
  version: z.string(),
});
export const Change = z.discriminatedUnion('op', [Upsert, Delete]);
export type Change = z.infer<typeof Change>;

/**
 * A pull answer also names its cursor and `hasMore` in these headers, so a client can ask for
 * the next page before it has parsed this one (it parses pages off its main thread). The body
 * stays the truth; a client that finds the headers missing simply waits for the body.
 */
export const pullCursorHeader = 'gatedesk-sync-cursor';
export const pullHasMoreHeader = 'gatedesk-sync-has-more';
/** Largest page a pull may ask for (`limit`); a bootstrap asks for pages this size. */
export const maxPullLimit = 5000;

export const PullRequest = z
  .object({
    /** Opaque; null bootstraps from the start. */
    cursor: z.string().max(200).nullable(),
    /** Table names (syncedTableNames) to pull; omitted pulls every table the user may see. */
    scopes: z.array(z.string().max(100)).max(50).optional(),
    limit: z.number().int().min(1).max(maxPullLimit).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

export const PullResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  changes: z.array(Change),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** Error bodies of the HTTP API: same shape as the client contract's errors. */
export const HttpError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `event: poke` of `GET /sync/v1/events`: there is something after this cursor; pull. */
export const PokeEvent = z.object({ cursor: z.string() });
export type PokeEvent = z.infer<typeof PokeEvent>;

/** One hit of `GET /kb/v1/search?q=`, best first. */
export const KbSearchHit = z.object({
  id: z.string(),
  sectionId: z.string(),
  title: z.string(),
  summary: z.string(),
  /** A short excerpt around the first matching word. */
  snippet: z.string(),
  rank: z.number(),
});
export const KbSearchResponse = z.object({ hits: z.array(KbSearchHit) });
export type KbSearchResponse = z.infer<typeof KbSearchResponse>;

/** `GET /kb/v1/top?limit=`: the most viewed articles. */
export const KbTopResponse = z.object({
  articles: z.array(
    z.object({ id: z.string(), sectionId: z.string(), title: z.string(), viewCount: z.number() }),
  ),
});
export type KbTopResponse = z.infer<typeof KbTopResponse>;
