import { z } from 'zod';
import { PtiAccessCode } from '../pti/access-code.js';
import {
  AccessArea,
  AccessLevel,
  AccessLevelNumber,
  Keypad,
  KeypadNumber,
  ScheduleNumber,
} from '../pti/access-level.js';
import { KeypadAnswer, KeypadReason } from '../pti/keypad.js';
import { CustomerRef, SiteDefaults } from '../pti/protocol.js';
import { TimeSchedule } from '../pti/schedule.js';
import { PtiUnitName } from '../pti/unit-name.js';

/**
 * The contract of the client's PTI features: a site's connection settings, the rentals view
 * (one row per unit), the operations that queue per site and replay when the gateway is back,
 * and the rental CSV update. Access codes never appear here unmasked except in the answer of
 * `pti.rentals.revealCode`; site keys and passwords never appear at all.
 */

const Instant = z.iso.datetime({ offset: true });

/** A site code as PTI issues it; it also names the site's queue (`pti:<siteCode>`). */
export const PtiSiteCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9._-]{1,32}$/,
    'site codes are 1–32 letters, digits or the characters . _ - (as PTI gives them)',
  );

export const GatewayUrl = z
  .url({
    protocol: /^https?$/,
    error: 'the gateway address must start with http:// or https:// (e.g. http://10.0.0.5:4100)',
  })
  .max(2048)
  .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), {
    message: 'put the username and password in their own fields, not in the address',
  });

/**
 * Saving a site. The site key and password are write-only: omitted, the stored ones are kept
 * (a new site needs both). The default access level and zone, when given, are pushed to the
 * gateway as the site's defaults (a queued operation); omitted, the gateway's stay as they are.
 */
export const PtiSiteInput = z
  .object({
    siteCode: PtiSiteCode,
    gatewayUrl: GatewayUrl,
    username: z.string().trim().min(1, 'enter the PTI username').max(200),
    siteKey: z.string().trim().min(1, 'enter the PTI site key').max(200).optional(),
    password: z.string().min(1, 'enter the PTI password').max(1024).optional(),
    defaultAccessLevel: AccessLevelNumber.nullable().optional(),
    defaultZone: ScheduleNumber.nullable().optional(),
  })
  .strict();
export type PtiSiteInput = z.infer<typeof PtiSiteInput>;

/** How the gateway answered the last time Gatedesk asked. */
export const PtiSiteStatus = z.enum(['unknown', 'online', 'offline', 'unauthorized', 'error']);
export type PtiSiteStatus = z.infer<typeof PtiSiteStatus>;

export const PtiSite = z.object({
  siteCode: z.string(),
  gatewayUrl: z.string(),
  username: z.string(),
  hasSiteKey: z.boolean(),
  hasPassword: z.boolean(),
  /** What the gateway says about the site; null until the first pull. */
  name: z.string().nullable(),
  timeZone: z.string().nullable(),
  /** The site's defaults as they will be once queued operations apply. */
  defaults: SiteDefaults,
  status: PtiSiteStatus,
  /** Last time the gateway answered anything. */
  lastContactAt: Instant.nullable(),
  lastPullAt: Instant.nullable(),
  /** Why the last attempt failed, in words; null after a success. */
  lastError: z.string().nullable(),
  queued: z.number().int().min(0),
  needsAttention: z.number().int().min(0),
  createdAt: Instant,
  updatedAt: Instant,
});
export type PtiSite = z.infer<typeof PtiSite>;

export const PtiConnectionResult = z.object({
  ok: z.boolean(),
  status: PtiSiteStatus,
  /** The site as the gateway describes it, when it answered. */
  site: z.object({ name: z.string(), timeZone: z.string(), defaults: SiteDefaults }).nullable(),
  latencyMs: z.number().int().nullable(),
  /** The PTI code of a failure (e.g. −1 bad credentials, −503 offline). */
  code: z.number().int().nullable(),
  message: z.string(),
  checkedAt: Instant,
});
export type PtiConnectionResult = z.infer<typeof PtiConnectionResult>;

/** Areas, schedules, access levels and keypads of a site, for pickers; empty before the first pull. */
export const PtiAccessSetup = z.object({
  siteCode: z.string(),
  pulled: z.boolean(),
  timeZone: z.string().nullable(),
  defaults: SiteDefaults,
  areas: z.array(AccessArea),
  schedules: z.array(TimeSchedule),
  accessLevels: z.array(AccessLevel),
  keypads: z.array(Keypad),
});
export type PtiAccessSetup = z.infer<typeof PtiAccessSetup>;

// ── rentals ─────────────────────────────────────────────────────────────────────────────────

/**
 * A rental's id is stable per site and unit: `<siteCode>:<PTI unit name>` (e.g. `HPS101:A101`).
 * It is the `id` column of the rental CSV export and import.
 */
export const rentalIdOf = (siteCode: string, unit: string): string => `${siteCode}:${unit}`;
export function parseRentalId(id: string): { siteCode: string; unit: string } | null {
  const at = id.indexOf(':');
  if (at <= 0) return null;
  return { siteCode: id.slice(0, at), unit: id.slice(at + 1) };
}

/** The PTI operations queued per site; their names appear in the pending and attention lists. */
export const ptiOperationNames = [
  'pti.moveIn',
  'pti.moveOut',
  'pti.lock',
  'pti.unlock',
  'pti.regenerateCode',
  'pti.setAccessLevel',
  'pti.setZone',
  'pti.resyncRental',
  'pti.resyncSite',
  'pti.setDefaults',
] as const;
export const PtiOperationName = z.enum(ptiOperationNames);
export type PtiOperationName = z.infer<typeof PtiOperationName>;

export const PtiRentalState = z.enum(['queued', 'applied', 'failed']);

export const PtiRental = z.object({
  rentalId: z.string(),
  siteCode: z.string(),
  /** The PTI unit name. */
  unit: z.string(),
  building: z.string().nullable(),
  alarmChannel: z.number().int().nullable(),
  /** False for a unit only known from a queued operation (the site was never pulled). */
  knownToPti: z.boolean(),
  vacant: z.boolean(),
  customerRef: z.string().nullable(),
  customerName: z.string().nullable(),
  /** PTI's user id; null while the move-in is queued. */
  userId: z.string().nullable(),
  /** The access code with all but its last two digits masked; null when vacant or not known yet. */
  accessCodeMasked: z.string().nullable(),
  /** A code PTI will assign is on its way (a queued move-in or new code). */
  codePending: z.boolean(),
  /** A new code applied at PTI and has not been revealed yet: show it once. */
  newCode: z.boolean(),
  /** The customer's own access level, or null for the site default. */
  accessLevelOverride: z.number().int().nullable(),
  /** The access level that applies (own, else the site default), and where it comes from. */
  accessLevel: z.number().int().nullable(),
  accessLevelFrom: z.enum(['user', 'site', 'none']),
  /** The customer's own zone (time schedule), or null for the default. */
  zoneOverride: z.number().int().nullable(),
  /** The time schedule that applies, and where it comes from. */
  schedule: z.number().int().nullable(),
  scheduleFrom: z.enum(['user', 'site', 'level', 'none']),
  overlocked: z.boolean(),
  /** Payments are overdue (kept in Gatedesk); overdue rentals are overlocked automatically. */
  overdue: z.boolean(),
  /** Last time an operation for this rental applied at PTI or a pull confirmed it. */
  ptiSyncedAt: Instant.nullable(),
  state: PtiRentalState,
  /** Operations for this rental waiting for the gateway. */
  queued: z.number().int().min(0),
  /** The refused operation that needs a decision, with PTI's reason in words. */
  problem: z
    .object({
      attentionId: z.string(),
      operation: z.string(),
      code: z.number().int(),
      message: z.string(),
    })
    .nullable(),
});
export type PtiRental = z.infer<typeof PtiRental>;

const SiteRef = { siteCode: PtiSiteCode };
const UnitRef = { siteCode: PtiSiteCode, unit: PtiUnitName };
const CustomerName = z.string().trim().min(1, 'enter the customer’s name').max(80);

export const PtiSiteRefInput = z.object(SiteRef).strict();
export const PtiUnitRefInput = z.object(UnitRef).strict();

export const PtiMoveInInput = z
  .object({
    siteCode: PtiSiteCode,
    /** One customer's units; they all get the customer's one code. */
    units: z
      .array(PtiUnitName)
      .min(1, 'pick at least one unit')
      .max(50, 'move in at most 50 units at once'),
    /** An existing customer's reference (their other units share the code); omitted: a new customer. */
    customerRef: CustomerRef.optional(),
    customerName: CustomerName.optional(),
    /** Omitted: the customer's existing code, or one PTI picks. */
    accessCode: PtiAccessCode.optional(),
    /** Omitted: the site default (or the customer's current override). */
    accessLevel: AccessLevelNumber.nullable().optional(),
    zone: ScheduleNumber.nullable().optional(),
  })
  .strict();
export type PtiMoveInInput = z.infer<typeof PtiMoveInInput>;

export const PtiSetOverdueInput = z.object({ ...UnitRef, overdue: z.boolean() }).strict();
export const PtiRegenerateInput = z
  .object({ ...UnitRef, accessCode: PtiAccessCode.optional() })
  .strict();
export const PtiSetAccessLevelInput = z
  .object({ ...UnitRef, accessLevel: AccessLevelNumber.nullable() })
  .strict();
export const PtiSetZoneInput = z.object({ ...UnitRef, zone: ScheduleNumber.nullable() }).strict();

/** The ids of the operations queued; each is also its idempotency key at the gateway. */
export const PtiQueued = z.object({ operationIds: z.array(z.string()) });
export type PtiQueued = z.infer<typeof PtiQueued>;

export const PtiRevealedCode = z.object({
  rentalId: z.string(),
  customerRef: z.string(),
  customerName: z.string().nullable(),
  accessCode: z.string(),
});

export const PtiCsvImportInput = z
  .object({
    siteCode: PtiSiteCode,
    csv: z.string().max(5_000_000, 'the file is larger than 5 MB; split it'),
    /** true: only check every line and say what would happen. */
    dryRun: z.boolean().default(true),
  })
  .strict();

export const PtiCsvLine = z.object({
  line: z.number().int(),
  rentalId: z.string().nullable(),
  unit: z.string().nullable(),
  /** push: the rental is (or would be) pushed to PTI again; unchanged: nothing asked on this line. */
  outcome: z.enum(['push', 'unchanged', 'error']),
  /** What is wrong with the line, in words; null when it is fine. */
  problem: z.string().nullable(),
});
export type PtiCsvLine = z.infer<typeof PtiCsvLine>;

export const PtiCsvImportResult = z.object({
  dryRun: z.boolean(),
  lines: z.array(PtiCsvLine),
  pushed: z.number().int(),
  errors: z.number().int(),
  /** Columns the import does not read (kept from an export, or from other software). */
  ignoredColumns: z.array(z.string()),
  operationIds: z.array(z.string()),
});
export type PtiCsvImportResult = z.infer<typeof PtiCsvImportResult>;

export const PtiCsvExport = z.object({
  fileName: z.string(),
  csv: z.string(),
  rows: z.number().int(),
});

/** Fields a person may change before sending a refused operation again. */
export const PtiRetryEdits = z
  .object({
    unit: PtiUnitName.optional(),
    customerName: CustomerName.optional(),
    accessCode: PtiAccessCode.optional(),
    accessLevel: AccessLevelNumber.nullable().optional(),
    zone: ScheduleNumber.nullable().optional(),
  })
  .strict();
export type PtiRetryEdits = z.infer<typeof PtiRetryEdits>;

export const PtiAttentionResolution = z.discriminatedUnion('action', [
  z
    .object({
      id: z.string().max(100),
      action: z.literal('retry'),
      edits: PtiRetryEdits.optional(),
    })
    .strict(),
  z.object({ id: z.string().max(100), action: z.literal('discard') }).strict(),
]);

/** A unit's tenant (their code as Gatedesk knows it) or a code typed in, at a keypad and a time. */
export const PtiKeypadCheckInput = z
  .object({
    siteCode: PtiSiteCode,
    unit: PtiUnitName.optional(),
    code: PtiAccessCode.optional(),
    keypadId: KeypadNumber,
    at: Instant.optional(),
  })
  .strict()
  .refine((input) => (input.unit === undefined) !== (input.code === undefined), {
    message: 'pick a unit’s tenant or type a code, one of the two',
  });

/** What the keypad would answer to the tenant's code, predicted from the local copy. */
export const PtiKeypadPrediction = z.object({
  answer: KeypadAnswer,
  reason: KeypadReason,
  reasonText: z.string(),
  /** The site's wall clock at that instant, e.g. "Sunday 06:00". */
  localTime: z.string(),
  /** Operations are still queued for this site: the gateway may answer otherwise until they apply. */
  pending: z.boolean(),
});

const Empty = z.object({}).strict();

/**
 * The PTI calls of the contract (spread into `calls` in contract.ts). Operations answer with the
 * ids of what they queued; the gateway applies them in order when it is reachable, and the
 * rentals view says where each rental stands (queued, applied, failed with PTI's reason).
 */
export const ptiCalls = {
  /** The PTI sites set up in this profile, with their connection state. */
  'pti.sites.list': { input: Empty, output: z.array(PtiSite) },
  /** Creates or updates a site; site key and password are write-only (omitted: kept). */
  'pti.sites.save': { input: PtiSiteInput, output: PtiSite },
  /** Refused while operations are queued or need attention, unless `discardQueued`. */
  'pti.sites.remove': {
    input: z.object({ siteCode: PtiSiteCode, discardQueued: z.boolean().default(false) }).strict(),
    output: Empty,
  },
  /** Signs in and reads the site; the answer (online or why not) is kept and shown in the list. */
  'pti.sites.testConnection': { input: PtiSiteRefInput, output: PtiConnectionResult },
  /** Sends what is queued and pulls the site now, forgetting any backoff. */
  'pti.sites.syncNow': { input: PtiSiteRefInput, output: PtiSite },
  /** Areas, schedules, access levels and keypads, for the level and zone pickers. */
  'pti.sites.access': { input: PtiSiteRefInput, output: PtiAccessSetup },
  /** One row per unit of the site: tenant, masked code, access, overlock, sync state. */
  'pti.rentals.list': { input: PtiSiteRefInput, output: z.array(PtiRental) },
  /** Move-in of one customer to one or more units; the units share the customer's one code. */
  'pti.rentals.moveIn': {
    input: PtiMoveInInput,
    output: PtiQueued.extend({ customerRef: z.string() }),
  },
  /** Move-out: vacates the unit; a customer left with no unit loses their code. */
  'pti.rentals.moveOut': { input: PtiUnitRefInput, output: PtiQueued },
  'pti.rentals.overlock': { input: PtiUnitRefInput, output: PtiQueued },
  'pti.rentals.unlock': { input: PtiUnitRefInput, output: PtiQueued },
  /** Overdue locks the unit; clearing it (a payment) unlocks it at once. */
  'pti.rentals.setOverdue': { input: PtiSetOverdueInput, output: PtiQueued },
  /** A new code for the tenant (on all their units); revealed once after it applies. */
  'pti.rentals.regenerateCode': { input: PtiRegenerateInput, output: PtiQueued },
  /** The tenant's own access level; null returns them to the site default. */
  'pti.rentals.setAccessLevel': { input: PtiSetAccessLevelInput, output: PtiQueued },
  /** The tenant's own zone (time schedule); null returns them to the default. */
  'pti.rentals.setZone': { input: PtiSetZoneInput, output: PtiQueued },
  /** Pushes the rental again as the client sees it. */
  'pti.rentals.resync': { input: PtiUnitRefInput, output: PtiQueued },
  /** Pushes the whole site again as the client sees it (full resync). */
  'pti.rentals.resyncSite': { input: PtiSiteRefInput, output: PtiQueued },
  /** The tenant's access code in clear, on an explicit request; clears the "new code" mark. */
  'pti.rentals.revealCode': { input: PtiUnitRefInput, output: PtiRevealedCode },
  /** The rental CSV update: preview with dryRun, then apply the good lines in one go. */
  'pti.rentals.importCsv': { input: PtiCsvImportInput, output: PtiCsvImportResult },
  /** The site's rentals as CSV (no access codes), the ids the import reads. */
  'pti.rentals.exportCsv': { input: PtiSiteRefInput, output: PtiCsvExport },
  /** What a keypad would answer to the tenant's code, from the client's copy of the site. */
  'pti.keypads.check': { input: PtiKeypadCheckInput, output: PtiKeypadPrediction },
  /** Sends a refused PTI operation again (new id, optional edits) or discards it. */
  'pti.attention.resolve': { input: PtiAttentionResolution, output: PtiQueued },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
