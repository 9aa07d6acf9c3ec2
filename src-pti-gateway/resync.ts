import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import type { ResyncRequest, ResyncResponse } from '../src-shared/pti/protocol.js';
import { GatewayError } from './errors.js';
import { siteConsistencyProblem } from './site-checks.js';
import { findCustomer, newUserId, requireUnit } from './site-model.js';
import type { SiteState, StoredUnit, StoredUser } from './state.js';

/**
 * Full resync: the management software sends the whole desired state of a site and the gateway
 * converges to it, all or nothing. Customers keep their PTI user id; customers not listed are
 * removed with their codes; units not listed are vacated. Units and keypads are the site's
 * hardware and are not created or removed here.
 */
export function resyncSite(site: SiteState, request: ResyncRequest): ResyncResponse {
  const tenantOfUnit = new Map<string, { customerRef: string; overlocked: boolean }>();
  const listed = new Set<string>();
  for (const tenant of request.tenants) {
    if (listed.has(tenant.customerRef))
      throw new GatewayError(
        ptiErrorCodes.malformedRequest,
        `Customer ${tenant.customerRef} is listed twice; list each customer once with all their units.`,
      );
    listed.add(tenant.customerRef);
    for (const unit of tenant.units) {
      requireUnit(site, unit.name);
      const other = tenantOfUnit.get(unit.name);
      if (other)
        throw new GatewayError(
          ptiErrorCodes.unitOccupied,
          `Unit ${unit.name} is listed for customers ${other.customerRef} and ${tenant.customerRef}; a unit has one tenant.`,
        );
      tenantOfUnit.set(unit.name, { customerRef: tenant.customerRef, overlocked: unit.overlocked });
    }
  }

  const counts: ResyncResponse = {
    usersCreated: 0,
    usersUpdated: 0,
    usersRemoved: 0,
    unitsRented: 0,
    unitsVacated: 0,
    locksChanged: 0,
  };
  const candidate: SiteState = { ...site, defaults: { ...request.defaults } };
  if (request.access) {
    candidate.areas = request.access.areas;
    candidate.schedules = request.access.schedules;
    candidate.accessLevels = request.access.accessLevels;
  }

  const userIdOf = new Map<string, string>();
  candidate.users = request.tenants.map((tenant): StoredUser => {
    const existing = findCustomer(site, tenant.customerRef);
    const user: StoredUser = {
      userId: existing?.userId ?? newUserId(candidate),
      customerRef: tenant.customerRef,
      customerName:
        tenant.customerName !== undefined ? tenant.customerName : (existing?.customerName ?? null),
      accessCode: tenant.accessCode,
      accessLevel: tenant.accessLevel,
      zone: tenant.zone,
    };
    if (!existing) counts.usersCreated++;
    else if (!sameUser(existing, user)) counts.usersUpdated++;
    userIdOf.set(tenant.customerRef, user.userId);
    return user;
  });
  counts.usersRemoved = site.users.filter((u) => !listed.has(u.customerRef)).length;

  candidate.units = site.units.map((unit): StoredUnit => {
    const wanted = tenantOfUnit.get(unit.name);
    const userId = wanted ? userIdOf.get(wanted.customerRef)! : null;
    const overlocked = wanted?.overlocked ?? false;
    if (userId !== null && userId !== unit.userId) counts.unitsRented++;
    if (userId === null && unit.userId !== null) counts.unitsVacated++;
    if (overlocked !== unit.overlocked) counts.locksChanged++;
    return { ...unit, userId, overlocked };
  });

  const problem = siteConsistencyProblem(candidate);
  if (problem) throw new GatewayError(problem.code, problem.message);
  Object.assign(site, candidate);
  return counts;
}

function sameUser(a: StoredUser, b: StoredUser): boolean {
  return (
    a.customerName === b.customerName &&
    a.accessCode === b.accessCode &&
    a.accessLevel === b.accessLevel &&
    a.zone === b.zone
  );
}
