import { z } from 'zod';
import { AccessAreaNumber, ptiNumberMax, ptiNumberProblem } from '../pti/access-level.js';
import { PtiUnitName } from '../pti/unit-name.js';
import { Instant } from './ticket.js';

/**
 * A site's units and their PTI mapping (DESIGN.md, "PTI gateway"): the unit as the site knows it
 * (its label), the PTI unit name it is reached by, and where it is. Server data, synced to every
 * member of the site's organisation and to support staff.
 */

export const UnitLabel = z
  .string()
  .trim()
  .min(1, 'give the unit its label as the site knows it, e.g. A101')
  .max(40, 'unit labels are at most 40 characters');

/** Free text naming the building; an empty one means "none". */
export const Building = z
  .string()
  .trim()
  .max(60, 'building names are at most 60 characters')
  .transform((value) => (value === '' ? null : value));

export const DoorAlarmChannel = z.number().superRefine((value, context) => {
  const problem = ptiNumberProblem(value, 'Door alarm channel');
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
export const doorAlarmChannelMax = ptiNumberMax;

export const UnitId = z.string().min(1).max(100);

/** The columns a mapping edit can change; the grid marks its cells by these names. */
export const unitMappingFields = [
  'ptiUnitName',
  'building',
  'accessArea',
  'doorAlarmChannel',
] as const;
export const UnitMappingField = z.enum(unitMappingFields);
export type UnitMappingField = z.infer<typeof UnitMappingField>;

/** `unit.create`: installers and admins add a unit to one of their sites. */
export const UnitCreateArgs = z
  .object({
    unitId: z.uuid(),
    siteId: z.string().min(1).max(100),
    label: UnitLabel,
    ptiUnitName: PtiUnitName.nullable().default(null),
    building: Building.nullable().default(null),
    accessArea: AccessAreaNumber.nullable().default(null),
    doorAlarmChannel: DoorAlarmChannel.nullable().default(null),
  })
  .strict();

/**
 * `unit.setMapping`: the PTI name (null unmaps the unit) and, when given, the other mapping
 * fields (null clears one; left out keeps it). Sent with the version of the unit the user saw.
 */
export const UnitSetMappingArgs = z
  .object({
    unitId: UnitId,
    ptiUnitName: PtiUnitName.nullable(),
    building: Building.nullable().optional(),
    accessArea: AccessAreaNumber.nullable().optional(),
    doorAlarmChannel: DoorAlarmChannel.nullable().optional(),
  })
  .strict();

export const UnitRemoveArgs = z.object({ unitId: UnitId }).strict();

/** A unit as it travels in pulls; `version` is the server commit sequence that last wrote it. */
export const UnitRow = z.object({
  id: z.string(),
  siteId: z.string(),
  organisationId: z.string(),
  label: z.string(),
  ptiUnitName: z.string().nullable(),
  building: z.string().nullable(),
  accessArea: z.number().int().nullable(),
  doorAlarmChannel: z.number().int().nullable(),
  /** Who last changed the unit (its mapping or its creation). */
  updatedBy: z.string().nullable(),
  updatedAt: Instant,
  version: z.string(),
});
export type UnitRow = z.infer<typeof UnitRow>;

/**
 * Where a unit row stands on this client: `pending` while a change to it is queued or not yet
 * confirmed by a pull, `failed` when the server refused a change (it waits in needs attention
 * with what the user entered), `synced` otherwise.
 */
export const UnitSyncState = z.enum(['synced', 'pending', 'failed']);
export type UnitSyncState = z.infer<typeof UnitSyncState>;

/** One row of the mapping grid. */
export const UnitListItem = UnitRow.extend({
  /** '0' for a unit created here and not yet confirmed by the server. */
  version: z.string(),
  syncState: UnitSyncState,
  /** Fields that queued changes touch: the grid marks these cells pending. */
  pendingFields: z.array(UnitMappingField),
  /** The newest refused change of this unit, with what the user entered, until they deal with it. */
  failure: z
    .object({
      /** The needs-attention item: retry or discard it with `sync.attention.resolve`. */
      attentionId: z.string(),
      name: z.string(),
      code: z.string(),
      message: z.string(),
      fields: z.array(UnitMappingField),
      /** The values the user entered, kept intact. */
      attempted: z.record(z.string(), z.unknown()),
    })
    .nullable(),
});
export type UnitListItem = z.infer<typeof UnitListItem>;

// ── support PIN ──────────────────────────────────────────────────────────────────────────────

/** A one-time support PIN: six digits, shown once to the site manager who issues it. */
export const SupportPin = z.string().regex(/^\d{6}$/, 'a support PIN is 6 digits');

export const SupportPinIssueRequest = z
  .object({
    /** How long the PIN works; the server's setting (30 minutes unless changed) when left out. */
    ttlMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .optional(),
  })
  .strict();

export const SupportPinIssued = z.object({
  siteId: z.string(),
  /** Shown once: the server keeps only a slow hash of it. */
  pin: SupportPin,
  issuedAt: Instant,
  expiresAt: Instant,
});
export type SupportPinIssued = z.infer<typeof SupportPinIssued>;

export const SupportPinRedeemRequest = z.object({ pin: SupportPin }).strict();

/** A site's PTI gateway credentials. Never synced, never logged, never sent to the renderer. */
export const PtiSiteSecrets = z
  .object({
    siteKey: z.string().trim().min(1, 'enter the site key').max(200),
    username: z.string().trim().min(1, 'enter the gateway username').max(200),
    password: z.string().min(1, 'enter the gateway password').max(200),
    /** Where the site's gateway answers, when the installer recorded it (not a secret). */
    gatewayUrl: z
      .url({
        protocol: /^https?$/,
        error: 'the gateway address must start with http:// or https://',
      })
      .max(2048)
      .nullable()
      .default(null),
  })
  .strict();
export type PtiSiteSecrets = z.infer<typeof PtiSiteSecrets>;

/** What a redeemed PIN answers: the site's PTI configuration, once. */
export const SupportPinRedeemed = z.object({
  site: z.object({ id: z.string(), code: z.string(), name: z.string(), timezone: z.string() }),
  secrets: PtiSiteSecrets,
  redeemedAt: Instant,
});
export type SupportPinRedeemed = z.infer<typeof SupportPinRedeemed>;

export const siteAuditKinds = [
  'support_pin_issued',
  'support_pin_cleared',
  'support_pin_redeemed',
  'support_pin_refused',
  'support_pin_locked',
  'pti_secrets_changed',
  'pti_secrets_read',
] as const;
export const SiteAuditKind = z.enum(siteAuditKinds);
export type SiteAuditKind = z.infer<typeof SiteAuditKind>;

/** One entry of a site's audit history: who did what with its support PIN or PTI secrets. */
export const SiteAuditEvent = z.object({
  id: z.string(),
  kind: SiteAuditKind,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: Instant,
  /** A sentence for the site manager; never a PIN or a secret. */
  detail: z.string(),
});
export type SiteAuditEvent = z.infer<typeof SiteAuditEvent>;

export const SupportPinStatus = z.object({
  siteId: z.string(),
  /** The PIN that works now (never its digits), or null. */
  active: z
    .object({
      issuedAt: Instant,
      expiresAt: Instant,
      issuedBy: z.string().nullable(),
      wrongAttempts: z.number().int().min(0),
    })
    .nullable(),
  /** Set when the newest PIN was locked after too many wrong tries; a new PIN unlocks. */
  lockedAt: Instant.nullable(),
  /** Newest first. */
  events: z.array(SiteAuditEvent),
});
export type SupportPinStatus = z.infer<typeof SupportPinStatus>;

/** What `supportPin.redeem` answers the renderer: where the configuration went, never what it is. */
export const SupportPinStored = z.object({
  siteId: z.string(),
  siteCode: z.string(),
  siteName: z.string(),
  receivedAt: Instant,
  /**
   * `pti_site`: saved as the site's PTI connection, ready for the connector. `credentials`:
   * kept sealed until the site's gateway address is entered in its PTI settings.
   */
  storedAs: z.enum(['pti_site', 'credentials']),
});
export type SupportPinStored = z.infer<typeof SupportPinStored>;

const SiteIdInput = z.object({ siteId: z.string().min(1).max(100) }).strict();

/** Contract calls of units and the support PIN, spread into src-shared/contract.ts. */
export const unitCalls = {
  /** A site's units with their mapping and sync state, in label order (offline). */
  'units.list': { input: SiteIdInput, output: z.array(UnitListItem) },
  /** Queued: installers and admins add a unit. */
  'units.create': {
    input: UnitCreateArgs.omit({ unitId: true }),
    output: z.object({ id: z.string() }),
  },
  /** Queued with the version the user saw; a conflict lands in needs attention. */
  'units.setMapping': { input: UnitSetMappingArgs, output: z.object({}) },
  'units.remove': { input: UnitRemoveArgs, output: z.object({}) },
  /** Online only: a site manager issues (or renews) the one-time PIN, shown once. */
  'supportPin.issue': {
    input: SiteIdInput.extend(SupportPinIssueRequest.shape),
    output: SupportPinIssued,
  },
  /** Online only: the PIN stops working. */
  'supportPin.clear': { input: SiteIdInput, output: z.object({ cleared: z.boolean() }) },
  /** Online only: whether a PIN works now, and the site's audit history. */
  'supportPin.status': { input: SiteIdInput, output: SupportPinStatus },
  /**
   * Online only: a technician presents the PIN; the site's PTI configuration is stored in the
   * core (sealed) for the PTI connector and never returned here.
   */
  'supportPin.redeem': {
    input: SiteIdInput.extend(SupportPinRedeemRequest.shape),
    output: SupportPinStored,
  },
} as const;
