import { z } from 'zod';
import { PtiAccessCode } from '../src-shared/pti/access-code.js';
import { AccessArea, AccessLevel, Keypad } from '../src-shared/pti/access-level.js';
import { KeypadEvent, SiteDefaults } from '../src-shared/pti/protocol.js';
import { TimeSchedule } from '../src-shared/pti/schedule.js';
import { SiteTimeZone } from '../src-shared/pti/site-time.js';
import { PtiUnitName } from '../src-shared/pti/unit-name.js';

/**
 * What the emulator keeps for each site, as written to its state file. Units point at their
 * tenant (userId); users carry their code and per-user overrides. Stored replies make commands
 * idempotent across restarts.
 */
export const StoredUnit = z.object({
  name: PtiUnitName,
  building: z.string().nullable(),
  alarmChannel: z.number().int().min(1).nullable(),
  userId: z.string().nullable(),
  overlocked: z.boolean(),
});
export type StoredUnit = z.infer<typeof StoredUnit>;

export const StoredUser = z.object({
  userId: z.string().min(1),
  customerRef: z.string().min(1),
  customerName: z.string().nullable(),
  accessCode: PtiAccessCode,
  accessLevel: z.number().int().nullable(),
  zone: z.number().int().nullable(),
});
export type StoredUser = z.infer<typeof StoredUser>;

export const StoredReply = z.object({
  key: z.string(),
  fingerprint: z.string(),
  status: z.number().int(),
  body: z.unknown(),
  /** When the command ran, in epoch milliseconds: replies are kept for a while, not forever. */
  at: z.number(),
});
export type StoredReply = z.infer<typeof StoredReply>;

export const SiteState = z.object({
  code: z.string().min(1),
  name: z.string(),
  timeZone: SiteTimeZone,
  siteKey: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  defaults: SiteDefaults,
  areas: z.array(AccessArea),
  schedules: z.array(TimeSchedule),
  accessLevels: z.array(AccessLevel),
  keypads: z.array(Keypad),
  units: z.array(StoredUnit),
  users: z.array(StoredUser),
  nextUserNumber: z.number().int().min(1),
  events: z.array(KeypadEvent),
  nextEventSeq: z.number().int().min(1),
  replies: z.array(StoredReply),
});
export type SiteState = z.infer<typeof SiteState>;

export const stateFormat = 2;
export const GatewayState = z.object({ format: z.literal(stateFormat), sites: z.array(SiteState) });
export type GatewayState = z.infer<typeof GatewayState>;
