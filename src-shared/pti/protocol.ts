import { z } from 'zod';
import { PtiAccessCode } from './access-code.js';
import {
  AccessArea,
  AccessLevel,
  AccessLevelNumber,
  Keypad,
  KeypadNumber,
  ScheduleNumber,
} from './access-level.js';
import { KeypadAnswer, KeypadReason } from './keypad.js';
import { TimeSchedule } from './schedule.js';

/**
 * The wire contract of the PTI gateway protocol (docs/pti-gateway-protocol.md). The emulator
 * parses requests with these schemas and the client's connector parses answers with them.
 */

const Instant = z.iso.datetime({ offset: true });

/** The management software's own id for a customer (e.g. a 24-hex-digit id). */
export const CustomerRef = z
  .string()
  .regex(
    /^[A-Za-z0-9._:@-]{1,64}$/,
    'customer references are 1–64 letters, digits or the characters . _ : @ -',
  );

/** Any printable ASCII without spaces, up to 200 characters; a UUID is a good key. */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;
export const idempotencyKeyHeader = 'idempotency-key';
export const idempotencyReplayedHeader = 'idempotency-replayed';

export const SessionRequest = z
  .object({
    siteKey: z.string().min(1, 'must not be empty').max(200),
    username: z.string().min(1, 'must not be empty').max(200),
    password: z.string().min(1, 'must not be empty').max(1024),
  })
  .strict();
export type SessionRequest = z.infer<typeof SessionRequest>;

export const SessionResponse = z.object({ token: z.string(), expiresAt: Instant });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const SiteDefaults = z
  .object({ accessLevel: AccessLevelNumber.nullable(), zone: ScheduleNumber.nullable() })
  .strict();
export type SiteDefaults = z.infer<typeof SiteDefaults>;

export const SiteInfo = z.object({
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  defaults: SiteDefaults,
});
export type SiteInfo = z.infer<typeof SiteInfo>;

export const PtiUnit = z.object({
  name: z.string(),
  building: z.string().nullable(),
  /** The door alarm input this unit's door contact is wired to, if it has one. */
  alarmChannel: z.number().int().nullable(),
  userId: z.string().nullable(),
  customerRef: z.string().nullable(),
  overlocked: z.boolean(),
});
export type PtiUnit = z.infer<typeof PtiUnit>;

export const PtiUser = z.object({
  userId: z.string(),
  customerRef: z.string(),
  customerName: z.string().nullable(),
  accessCode: z.string(),
  accessLevel: z.number().int().nullable(),
  zone: z.number().int().nullable(),
  units: z.array(z.string()),
});
export type PtiUser = z.infer<typeof PtiUser>;

export const AccessSetup = z
  .object({
    areas: z.array(AccessArea),
    schedules: z.array(TimeSchedule),
    accessLevels: z.array(AccessLevel),
  })
  .strict();
export type AccessSetup = z.infer<typeof AccessSetup>;

export const UnitsResponse = z.object({ siteCode: z.string(), units: z.array(PtiUnit) });
export const UsersResponse = z.object({ siteCode: z.string(), users: z.array(PtiUser) });
export const AccessResponse = z.object({
  siteCode: z.string(),
  defaults: SiteDefaults,
  areas: z.array(AccessArea),
  schedules: z.array(TimeSchedule),
  accessLevels: z.array(AccessLevel),
  keypads: z.array(Keypad),
});
export type AccessResponse = z.infer<typeof AccessResponse>;

export const SiteSnapshot = z.object({
  site: SiteInfo,
  areas: z.array(AccessArea),
  schedules: z.array(TimeSchedule),
  accessLevels: z.array(AccessLevel),
  keypads: z.array(Keypad),
  units: z.array(PtiUnit),
  users: z.array(PtiUser),
});
export type SiteSnapshot = z.infer<typeof SiteSnapshot>;

const CustomerName = z.string().trim().max(80, 'names are at most 80 characters').nullable();

export const RentRequest = z
  .object({
    customerRef: CustomerRef,
    customerName: CustomerName.optional(),
    /** Omitted: the customer's existing code, or a new one the gateway picks. */
    accessCode: PtiAccessCode.optional(),
    /** Omitted: unchanged for a known customer, the site default for a new one. */
    accessLevel: AccessLevelNumber.nullable().optional(),
    zone: ScheduleNumber.nullable().optional(),
  })
  .strict();
export type RentRequest = z.infer<typeof RentRequest>;

export const RentResponse = z.object({ unit: PtiUnit, user: PtiUser, userCreated: z.boolean() });
export type RentResponse = z.infer<typeof RentResponse>;

export const VacateResponse = z.object({ unit: PtiUnit, userRemoved: z.boolean() });
export type VacateResponse = z.infer<typeof VacateResponse>;

export const LockResponse = z.object({ unit: PtiUnit, changed: z.boolean() });
export type LockResponse = z.infer<typeof LockResponse>;

/** One rental pushed again as the management software sees it; the gateway converges to it. */
export const RentalResyncRequest = z
  .object({
    customerRef: CustomerRef,
    customerName: CustomerName.optional(),
    accessCode: PtiAccessCode,
    accessLevel: AccessLevelNumber.nullable(),
    zone: ScheduleNumber.nullable(),
    overlocked: z.boolean(),
  })
  .strict();
export type RentalResyncRequest = z.infer<typeof RentalResyncRequest>;

export const RentalResyncResponse = z.object({ unit: PtiUnit, user: PtiUser });
export type RentalResyncResponse = z.infer<typeof RentalResyncResponse>;

export const RegenerateCodeRequest = z
  .object({
    /** Omitted: the gateway picks a new code. */
    accessCode: PtiAccessCode.optional(),
  })
  .strict();
export type RegenerateCodeRequest = z.infer<typeof RegenerateCodeRequest>;

export const SetAccessLevelRequest = z
  .object({ accessLevel: AccessLevelNumber.nullable() })
  .strict();
export const SetZoneRequest = z.object({ zone: ScheduleNumber.nullable() }).strict();

export const UserResponse = z.object({ user: PtiUser });
export type UserResponse = z.infer<typeof UserResponse>;

export const DeleteCustomerResponse = z.object({
  userId: z.string(),
  vacatedUnits: z.array(z.string()),
});
export type DeleteCustomerResponse = z.infer<typeof DeleteCustomerResponse>;

export const DefaultsResponse = z.object({ defaults: SiteDefaults });

export const ResyncTenant = z
  .object({
    customerRef: CustomerRef,
    customerName: CustomerName.optional(),
    accessCode: PtiAccessCode,
    accessLevel: AccessLevelNumber.nullable(),
    zone: ScheduleNumber.nullable(),
    units: z
      .array(z.object({ name: z.string(), overlocked: z.boolean() }).strict())
      .min(1, 'a tenant rents at least one unit'),
  })
  .strict();
export type ResyncTenant = z.infer<typeof ResyncTenant>;

/** The whole desired state of a site; the gateway converges to it, all or nothing. */
export const ResyncRequest = z
  .object({
    defaults: SiteDefaults,
    /** Omitted: the site's areas, schedules and access levels stay as they are. */
    access: AccessSetup.optional(),
    tenants: z.array(ResyncTenant),
  })
  .strict();
export type ResyncRequest = z.infer<typeof ResyncRequest>;

export const ResyncResponse = z.object({
  usersCreated: z.number().int(),
  usersUpdated: z.number().int(),
  usersRemoved: z.number().int(),
  unitsRented: z.number().int(),
  unitsVacated: z.number().int(),
  locksChanged: z.number().int(),
});
export type ResyncResponse = z.infer<typeof ResyncResponse>;

export const KeypadEntryRequest = z
  .object({
    code: z.string().regex(/^\d{1,16}$/, 'a keypad sends 1–16 digits'),
    /** When the code was entered; omitted means now. */
    at: Instant.optional(),
  })
  .strict();
export type KeypadEntryRequest = z.infer<typeof KeypadEntryRequest>;

export const KeypadEvent = z.object({
  seq: z.number().int(),
  at: Instant,
  /** The site's wall clock at that instant, e.g. "Sunday 06:00". */
  localTime: z.string(),
  keypadId: KeypadNumber,
  answer: KeypadAnswer,
  reason: KeypadReason,
  userId: z.string().nullable(),
  customerRef: z.string().nullable(),
  /** The code as entered, all but its last two digits masked. */
  codeHint: z.string(),
});
export type KeypadEvent = z.infer<typeof KeypadEvent>;

export const KeypadEntryResponse = z.object({ event: KeypadEvent });
export type KeypadEntryResponse = z.infer<typeof KeypadEntryResponse>;

export const EventsResponse = z.object({
  events: z.array(KeypadEvent),
  /** Pass as `after` to read what comes next. */
  next: z.number().int(),
});
export type EventsResponse = z.infer<typeof EventsResponse>;

export const ErrorResponse = z.object({
  error: z.object({ code: z.number().int(), message: z.string() }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** Fault switches for tests and training; the gateway serves them only when started with faults on. */
export const FaultSwitches = z
  .object({
    offline: z.boolean(),
    /** "unavailable": answer 503 with −503; "refuse": drop the connection without an answer. */
    offlineMode: z.enum(['unavailable', 'refuse']),
    slowMs: z.number().int().min(0).max(120_000),
    fail5xx: z.boolean(),
    /** Apply a command, then answer 500 as if the answer were lost on the way back. */
    failAfterCommit: z.boolean(),
  })
  .strict();
export type FaultSwitches = z.infer<typeof FaultSwitches>;
export const FaultSwitchesUpdate = FaultSwitches.partial();
