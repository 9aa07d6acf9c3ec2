import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import type { PtiUnit, PtiUser, SiteInfo } from '../src-shared/pti/protocol.js';
import { unitNameProblem } from '../src-shared/pti/unit-name.js';
import { GatewayError } from './errors.js';
import type { SiteState, StoredUnit, StoredUser } from './state.js';

/** Lookups and checks the operations share; each throws the PTI error a real gateway would. */

export function requireUnit(site: SiteState, name: string): StoredUnit {
  const problem = unitNameProblem(name);
  if (problem) throw new GatewayError(ptiErrorCodes.invalidUnitName, problem);
  const unit = site.units.find((u) => u.name === name);
  if (!unit)
    throw new GatewayError(
      ptiErrorCodes.unknownUnit,
      `PTI does not know unit ${name} at site ${site.code}. Check the unit’s PTI unit name.`,
    );
  return unit;
}

export function findCustomer(site: SiteState, customerRef: string): StoredUser | undefined {
  return site.users.find((u) => u.customerRef === customerRef);
}

export function requireCustomer(site: SiteState, customerRef: string): StoredUser {
  const user = findCustomer(site, customerRef);
  if (!user)
    throw new GatewayError(
      ptiErrorCodes.unknownCustomer,
      `PTI has no user for customer ${customerRef} at site ${site.code}.`,
    );
  return user;
}

export function requireTenant(site: SiteState, unit: StoredUnit): StoredUser {
  const user = unit.userId === null ? undefined : site.users.find((u) => u.userId === unit.userId);
  if (!user)
    throw new GatewayError(ptiErrorCodes.unitVacant, `Unit ${unit.name} has no tenant in PTI.`);
  return user;
}

export function checkAccessLevel(site: SiteState, level: number | null): void {
  if (level !== null && !site.accessLevels.some((l) => l.number === level))
    throw new GatewayError(
      ptiErrorCodes.unknownAccessLevel,
      `Access level ${level} is not set up at site ${site.code}; it has ${listNumbers(site.accessLevels.map((l) => l.number))}.`,
    );
}

export function checkZone(site: SiteState, zone: number | null): void {
  if (zone !== null && !site.schedules.some((s) => s.id === zone))
    throw new GatewayError(
      ptiErrorCodes.unknownZone,
      `Zone ${zone} is not a time schedule at site ${site.code}; it has ${listNumbers(site.schedules.map((s) => s.id))}.`,
    );
}

function listNumbers(numbers: number[]): string {
  return numbers.length ? numbers.join(', ') : 'none';
}

/** Refuses a code another user of the site already has (codes are unique within a site). */
export function checkCodeFree(site: SiteState, code: string, forUserId: string | null): void {
  if (site.users.some((u) => u.accessCode === code && u.userId !== forUserId))
    throw new GatewayError(ptiErrorCodes.duplicateAccessCode);
}

export function newUserId(site: SiteState): string {
  const id = `U${String(site.nextUserNumber).padStart(5, '0')}`;
  site.nextUserNumber += 1;
  return id;
}

export function unitsOf(site: SiteState, userId: string): StoredUnit[] {
  return site.units.filter((u) => u.userId === userId);
}

/** Removes users who no longer rent anything: their codes stop opening anything at once. */
export function dropUsersWithoutUnits(site: SiteState): StoredUser[] {
  const renting = new Set(site.units.map((u) => u.userId));
  const dropped = site.users.filter((u) => !renting.has(u.userId));
  if (dropped.length) site.users = site.users.filter((u) => renting.has(u.userId));
  return dropped;
}

export function siteView(site: SiteState): SiteInfo {
  return { code: site.code, name: site.name, timeZone: site.timeZone, defaults: site.defaults };
}

export function unitView(site: SiteState, unit: StoredUnit): PtiUnit {
  const user = unit.userId === null ? undefined : site.users.find((u) => u.userId === unit.userId);
  return {
    name: unit.name,
    building: unit.building,
    alarmChannel: unit.alarmChannel,
    userId: unit.userId,
    customerRef: user?.customerRef ?? null,
    overlocked: unit.overlocked,
  };
}

export function userView(site: SiteState, user: StoredUser): PtiUser {
  return { ...user, units: unitsOf(site, user.userId).map((u) => u.name) };
}
