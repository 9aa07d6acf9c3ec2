import { z } from 'zod';
import type { AccessLevel } from './access-level.js';
import { isOpenAt } from './schedule.js';
import type { LocalTime, ScheduleWindow } from './schedule.js';
import { siteLocalTime } from './site-time.js';

/** What a PTI keypad shows after a code is entered. */
export const keypadAnswers = [
  'ACCESS GRANTED',
  'ACCESS DENIED',
  'ACCESS SUSPENDED',
  'AREA CLOSED',
] as const;
export const KeypadAnswer = z.enum(keypadAnswers);
export type KeypadAnswer = z.infer<typeof KeypadAnswer>;

/** Why the keypad answered as it did, for the event log and for a technician reading it. */
export const keypadReasons = [
  'granted',
  'unknown_code',
  'suspended',
  'no_access_level',
  'unknown_access_level',
  'wrong_area',
  'outside_schedule',
] as const;
export const KeypadReason = z.enum(keypadReasons);
export type KeypadReason = z.infer<typeof KeypadReason>;

export const keypadReasonText: Record<KeypadReason, string> = {
  granted: 'the code is valid here at this time',
  unknown_code: 'no user at this site has this code',
  suspended: 'one of the user’s units is overlocked (suspended)',
  no_access_level: 'the user has no access level and the site has no default, so they are denied',
  unknown_access_level: 'the user’s access level is not set up at the site',
  wrong_area: 'the user’s access level does not cover this keypad’s area',
  outside_schedule: 'the user’s time schedule is closed at this local time',
};

/**
 * The part of a site the keypad decision reads. The emulator's state and the client's pulled
 * copy both have this shape, so the client can predict what a keypad will answer.
 */
export interface KeypadSite {
  timeZone: string;
  defaults: { accessLevel: number | null; zone: number | null };
  accessLevels: readonly Pick<AccessLevel, 'number' | 'areaId' | 'scheduleId'>[];
  schedules: readonly { id: number; windows: readonly ScheduleWindow[] }[];
  users: readonly KeypadUser[];
  units: readonly { userId: string | null; overlocked: boolean }[];
}

export interface KeypadUser {
  userId: string;
  accessCode: string;
  /** The user's own access level; null means the site's default. */
  accessLevel: number | null;
  /** The user's own zone (a time schedule number); null means the site's default, then the level's. */
  zone: number | null;
}

export interface EffectiveAccess {
  /** The access level that applies, and where it came from. */
  accessLevel: number | null;
  accessLevelFrom: 'user' | 'site' | 'none';
  /** The time schedule that applies, and where it came from. */
  scheduleId: number | null;
  scheduleFrom: 'user' | 'site' | 'level' | 'none';
  areaId: number | null;
}

/**
 * Per-user overrides win over the site's defaults: the access level is the user's, else the
 * site's default; the schedule is the user's zone, else the site's default zone, else the
 * access level's own schedule.
 */
export function effectiveAccess(
  site: Pick<KeypadSite, 'defaults' | 'accessLevels'>,
  user: Pick<KeypadUser, 'accessLevel' | 'zone'>,
): EffectiveAccess {
  const accessLevel = user.accessLevel ?? site.defaults.accessLevel;
  const accessLevelFrom =
    user.accessLevel !== null ? 'user' : site.defaults.accessLevel !== null ? 'site' : 'none';
  const level =
    accessLevel === null ? undefined : site.accessLevels.find((l) => l.number === accessLevel);
  const zone = user.zone ?? site.defaults.zone;
  if (zone !== null)
    return {
      accessLevel,
      accessLevelFrom,
      scheduleId: zone,
      scheduleFrom: user.zone !== null ? 'user' : 'site',
      areaId: level?.areaId ?? null,
    };
  return {
    accessLevel,
    accessLevelFrom,
    scheduleId: level?.scheduleId ?? null,
    scheduleFrom: level ? 'level' : 'none',
    areaId: level?.areaId ?? null,
  };
}

export interface KeypadDecision {
  answer: KeypadAnswer;
  reason: KeypadReason;
  /** The user the code belongs to, when it belongs to one. */
  userId: string | null;
  /** The site's wall clock when the code was entered. */
  local: LocalTime;
}

/**
 * What the keypad in `keypadAreaId` answers to `code` at instant `at`, by DESIGN.md's rules:
 * an unknown code is denied; a user with an overlocked unit is suspended; a user without an
 * access level is stored but denied; a level for another area is denied; outside the schedule,
 * on the site's own clock, the area is closed.
 */
export function decideKeypadEntry(
  site: KeypadSite,
  keypadAreaId: number,
  code: string,
  at: Date,
): KeypadDecision {
  const local = siteLocalTime(at, site.timeZone);
  const decide = (answer: KeypadAnswer, reason: KeypadReason, userId: string | null = null) => ({
    answer,
    reason,
    userId,
    local,
  });
  const user = site.users.find((u) => u.accessCode === code);
  if (!user) return decide('ACCESS DENIED', 'unknown_code');
  if (site.units.some((unit) => unit.userId === user.userId && unit.overlocked))
    return decide('ACCESS SUSPENDED', 'suspended', user.userId);
  const access = effectiveAccess(site, user);
  if (access.accessLevel === null) return decide('ACCESS DENIED', 'no_access_level', user.userId);
  if (access.areaId === null) return decide('ACCESS DENIED', 'unknown_access_level', user.userId);
  if (access.areaId !== keypadAreaId) return decide('ACCESS DENIED', 'wrong_area', user.userId);
  const schedule = site.schedules.find((s) => s.id === access.scheduleId);
  if (!schedule || !isOpenAt(schedule.windows, local))
    return decide('AREA CLOSED', 'outside_schedule', user.userId);
  return decide('ACCESS GRANTED', 'granted', user.userId);
}
