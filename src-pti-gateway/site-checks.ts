import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import type { PtiErrorCode } from '../src-shared/pti/error-codes.js';
import type { SiteState } from './state.js';

export interface SiteProblem {
  code: PtiErrorCode;
  message: string;
}

function firstDuplicate<T>(values: readonly T[]): T | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/**
 * Whether a site's parts fit together: numbers unique, every reference pointing at something
 * that exists, codes unique in the site, every user renting at least one unit. A full resync is
 * checked with this before it replaces anything, and so is a state file when it is loaded.
 */
export function siteConsistencyProblem(site: SiteState): SiteProblem | null {
  const setup = (message: string): SiteProblem => ({
    code: ptiErrorCodes.invalidAccessSetup,
    message,
  });
  const areaIds = new Set(site.areas.map((a) => a.id));
  const scheduleIds = new Set(site.schedules.map((s) => s.id));
  const levelNumbers = new Set(site.accessLevels.map((l) => l.number));

  const duplicate = (what: string, values: readonly number[]) => {
    const value = firstDuplicate(values);
    return value === undefined ? null : setup(`${what} ${value} is defined twice.`);
  };
  const duplicates =
    duplicate(
      'Access area',
      site.areas.map((a) => a.id),
    ) ??
    duplicate(
      'Time schedule',
      site.schedules.map((s) => s.id),
    ) ??
    duplicate(
      'Access level',
      site.accessLevels.map((l) => l.number),
    ) ??
    duplicate(
      'Keypad',
      site.keypads.map((k) => k.id),
    );
  if (duplicates) return duplicates;

  for (const level of site.accessLevels) {
    if (!areaIds.has(level.areaId))
      return setup(
        `Access level ${level.number} uses access area ${level.areaId}, which does not exist.`,
      );
    if (!scheduleIds.has(level.scheduleId))
      return setup(
        `Access level ${level.number} uses time schedule ${level.scheduleId}, which does not exist.`,
      );
  }
  for (const keypad of site.keypads)
    if (!areaIds.has(keypad.areaId))
      return setup(
        `Keypad ${keypad.id} (${keypad.name}) is in access area ${keypad.areaId}, which would no longer exist; keep that area.`,
      );

  const levelProblem = (level: number | null, whose: string): SiteProblem | null =>
    level !== null && !levelNumbers.has(level)
      ? {
          code: ptiErrorCodes.unknownAccessLevel,
          message: `${whose} access level ${level} is not set up at the site.`,
        }
      : null;
  const zoneProblem = (zone: number | null, whose: string): SiteProblem | null =>
    zone !== null && !scheduleIds.has(zone)
      ? {
          code: ptiErrorCodes.unknownZone,
          message: `${whose} zone ${zone} is not a time schedule at the site.`,
        }
      : null;
  const defaultsProblem =
    levelProblem(site.defaults.accessLevel, 'The site’s default') ??
    zoneProblem(site.defaults.zone, 'The site’s default');
  if (defaultsProblem) return defaultsProblem;

  const unitName = firstDuplicate(site.units.map((u) => u.name));
  if (unitName !== undefined) return setup(`Unit ${unitName} is listed twice.`);
  const userId = firstDuplicate(site.users.map((u) => u.userId));
  if (userId !== undefined) return setup(`User ${userId} is listed twice.`);
  const customer = firstDuplicate(site.users.map((u) => u.customerRef));
  if (customer !== undefined)
    return {
      code: ptiErrorCodes.malformedRequest,
      message: `Customer ${customer} is listed twice; one customer is one PTI user with one code.`,
    };
  const code = firstDuplicate(site.users.map((u) => u.accessCode));
  if (code !== undefined) {
    const holders = site.users.filter((u) => u.accessCode === code).map((u) => u.customerRef);
    return {
      code: ptiErrorCodes.duplicateAccessCode,
      message: `Customers ${holders.join(' and ')} have the same access code; codes are unique within a site.`,
    };
  }

  const renting = new Set(site.units.map((u) => u.userId).filter((id) => id !== null));
  const userIds = new Set(site.users.map((u) => u.userId));
  for (const unit of site.units)
    if (unit.userId !== null && !userIds.has(unit.userId))
      return setup(`Unit ${unit.name} is rented by user ${unit.userId}, who does not exist.`);
  for (const user of site.users) {
    const whose = `Customer ${user.customerRef}’s`;
    const problem = levelProblem(user.accessLevel, whose) ?? zoneProblem(user.zone, whose);
    if (problem) return problem;
    if (!renting.has(user.userId))
      return setup(
        `Customer ${user.customerRef} rents no unit; a PTI user exists only while renting.`,
      );
  }
  return null;
}
