import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import type {
  DeleteCustomerResponse,
  LockResponse,
  RegenerateCodeRequest,
  RentalResyncRequest,
  RentalResyncResponse,
  RentRequest,
  RentResponse,
  SiteDefaults,
  UserResponse,
  VacateResponse,
} from '../src-shared/pti/protocol.js';
import { generateAccessCode } from './access-codes.js';
import type { RandomInt } from './access-codes.js';
import { GatewayError } from './errors.js';
import {
  checkAccessLevel,
  checkCodeFree,
  checkZone,
  dropUsersWithoutUnits,
  findCustomer,
  newUserId,
  requireCustomer,
  requireTenant,
  requireUnit,
  unitsOf,
  unitView,
  userView,
} from './site-model.js';
import type { SiteState, StoredUnit, StoredUser } from './state.js';

/**
 * The gateway's commands as plain functions on a draft of one site. They change the draft or
 * throw a GatewayError; the caller commits the draft only when they return, so a refused
 * command changes nothing.
 */

function refuseOtherTenant(site: SiteState, unit: StoredUnit, customerRef: string): void {
  const tenant = site.users.find((u) => u.userId === unit.userId);
  if (tenant && tenant.customerRef !== customerRef)
    throw new GatewayError(
      ptiErrorCodes.unitOccupied,
      `Unit ${unit.name} is rented to another customer in PTI. Move them out first.`,
    );
}

/** Move-in: creates the user and code, or gives a known customer's code to one more unit. */
export function rent(
  site: SiteState,
  unitName: string,
  request: RentRequest,
  random?: RandomInt,
): RentResponse {
  const unit = requireUnit(site, unitName);
  refuseOtherTenant(site, unit, request.customerRef);
  if (request.accessLevel !== undefined) checkAccessLevel(site, request.accessLevel);
  if (request.zone !== undefined) checkZone(site, request.zone);

  let user = findCustomer(site, request.customerRef);
  const userCreated = !user;
  if (user) {
    if (request.accessCode !== undefined && request.accessCode !== user.accessCode)
      throw new GatewayError(ptiErrorCodes.customerHasOtherCode);
  } else {
    if (request.accessCode !== undefined) checkCodeFree(site, request.accessCode, null);
    user = {
      userId: newUserId(site),
      customerRef: request.customerRef,
      customerName: null,
      accessCode: request.accessCode ?? generateAccessCode(takenCodes(site), random),
      accessLevel: null,
      zone: null,
    };
    site.users.push(user);
  }
  if (request.customerName !== undefined) user.customerName = request.customerName;
  if (request.accessLevel !== undefined) user.accessLevel = request.accessLevel;
  if (request.zone !== undefined) user.zone = request.zone;
  if (unit.userId !== user.userId) {
    unit.userId = user.userId;
    unit.overlocked = false;
  }
  return { unit: unitView(site, unit), user: userView(site, user), userCreated };
}

/** Move-out: the unit is free again; a customer with no unit left loses their code. */
export function vacate(site: SiteState, unitName: string): VacateResponse {
  const unit = requireUnit(site, unitName);
  requireTenant(site, unit);
  unit.userId = null;
  unit.overlocked = false;
  const removed = dropUsersWithoutUnits(site);
  return { unit: unitView(site, unit), userRemoved: removed.length > 0 };
}

/** Overlock: the tenant's code answers ACCESS SUSPENDED until the unit is unlocked. */
export function lock(site: SiteState, unitName: string): LockResponse {
  const unit = requireUnit(site, unitName);
  requireTenant(site, unit);
  const changed = !unit.overlocked;
  unit.overlocked = true;
  return { unit: unitView(site, unit), changed };
}

export function unlock(site: SiteState, unitName: string): LockResponse {
  const unit = requireUnit(site, unitName);
  if (!unit.overlocked)
    throw new GatewayError(
      ptiErrorCodes.unitNotLocked,
      `Unit ${unit.name} is not locked, so there is nothing to unlock.`,
    );
  unit.overlocked = false;
  return { unit: unitView(site, unit), changed: true };
}

/**
 * One rental pushed again: the gateway converges the unit and its customer to what the
 * management software says, including the customer's code on all their units.
 */
export function resyncRental(
  site: SiteState,
  unitName: string,
  request: RentalResyncRequest,
): RentalResyncResponse {
  const unit = requireUnit(site, unitName);
  refuseOtherTenant(site, unit, request.customerRef);
  checkAccessLevel(site, request.accessLevel);
  checkZone(site, request.zone);
  let user = findCustomer(site, request.customerRef);
  checkCodeFree(site, request.accessCode, user?.userId ?? null);
  if (!user) {
    user = {
      userId: newUserId(site),
      customerRef: request.customerRef,
      customerName: null,
      accessCode: request.accessCode,
      accessLevel: null,
      zone: null,
    };
    site.users.push(user);
  }
  if (request.customerName !== undefined) user.customerName = request.customerName;
  user.accessCode = request.accessCode;
  user.accessLevel = request.accessLevel;
  user.zone = request.zone;
  unit.userId = user.userId;
  unit.overlocked = request.overlocked;
  return { unit: unitView(site, unit), user: userView(site, user) };
}

export function regenerateCode(
  site: SiteState,
  customerRef: string,
  request: RegenerateCodeRequest,
  random?: RandomInt,
): UserResponse {
  const user = requireCustomer(site, customerRef);
  if (request.accessCode !== undefined) checkCodeFree(site, request.accessCode, user.userId);
  user.accessCode = request.accessCode ?? generateAccessCode(takenCodes(site), random);
  return { user: userView(site, user) };
}

/** A per-user access level; null returns the user to the site's default. */
export function setAccessLevel(
  site: SiteState,
  customerRef: string,
  accessLevel: number | null,
): UserResponse {
  const user = requireCustomer(site, customerRef);
  checkAccessLevel(site, accessLevel);
  user.accessLevel = accessLevel;
  return { user: userView(site, user) };
}

/** A per-user zone (time schedule); null returns the user to the site's default. */
export function setZone(site: SiteState, customerRef: string, zone: number | null): UserResponse {
  const user = requireCustomer(site, customerRef);
  checkZone(site, zone);
  user.zone = zone;
  return { user: userView(site, user) };
}

/** Removes the customer's user and code, and frees every unit they rented. */
export function deleteCustomer(site: SiteState, customerRef: string): DeleteCustomerResponse {
  const user = requireCustomer(site, customerRef);
  const units = unitsOf(site, user.userId);
  for (const unit of units) {
    unit.userId = null;
    unit.overlocked = false;
  }
  site.users = site.users.filter((u: StoredUser) => u.userId !== user.userId);
  return { userId: user.userId, vacatedUnits: units.map((u) => u.name) };
}

export function setDefaults(site: SiteState, defaults: SiteDefaults): { defaults: SiteDefaults } {
  checkAccessLevel(site, defaults.accessLevel);
  checkZone(site, defaults.zone);
  site.defaults = { ...defaults };
  return { defaults: site.defaults };
}

function takenCodes(site: SiteState): Set<string> {
  return new Set(site.users.map((u) => u.accessCode));
}
