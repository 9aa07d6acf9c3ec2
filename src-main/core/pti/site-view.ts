import type { SiteDefaults } from '../../../src-shared/pti/protocol.js';
import type { PlannedOp } from './operations.js';

/**
 * A site as the client shows it: the gateway's state as last pulled (and updated by each
 * command's answer), with the operations still queued for the site laid over it in order.
 * Refused operations are not laid over: like the support server's refused intents, their
 * effect is undone and they wait in needs-attention with their content.
 */
export interface SiteView {
  defaults: SiteDefaults;
  /** By PTI unit name. */
  units: Map<string, ViewUnit>;
  /** By customer reference. */
  customers: Map<string, ViewCustomer>;
}

export interface ViewUnit {
  name: string;
  building: string | null;
  alarmChannel: number | null;
  customerRef: string | null;
  overlocked: boolean;
  /** False for a unit named only by a queued operation (the site was never pulled). */
  known: boolean;
}

export interface ViewCustomer {
  customerRef: string;
  /** PTI's user id; null until the move-in that creates the user has applied. */
  userId: string | null;
  customerName: string | null;
  /** null: PTI will assign one (a queued move-in of a new customer, or a new code). */
  accessCode: string | null;
  accessLevel: number | null;
  zone: number | null;
}

export function cloneView(view: SiteView): SiteView {
  return {
    defaults: { ...view.defaults },
    units: new Map([...view.units].map(([k, u]) => [k, { ...u }])),
    customers: new Map([...view.customers].map(([k, c]) => [k, { ...c }])),
  };
}

export function unitsOf(view: SiteView, customerRef: string): ViewUnit[] {
  return [...view.units.values()].filter((u) => u.customerRef === customerRef);
}

/** The customer that holds `code`, other than `except`. */
export function holderOfCode(view: SiteView, code: string, except?: string): ViewCustomer | null {
  for (const c of view.customers.values())
    if (c.accessCode === code && c.customerRef !== except) return c;
  return null;
}

function unitFor(view: SiteView, name: string): ViewUnit {
  let unit = view.units.get(name);
  if (!unit) {
    unit = {
      name,
      building: null,
      alarmChannel: null,
      customerRef: null,
      overlocked: false,
      known: false,
    };
    view.units.set(name, unit);
  }
  return unit;
}

function dropIfUnitless(view: SiteView, customerRef: string) {
  if (unitsOf(view, customerRef).length === 0) view.customers.delete(customerRef);
}

/**
 * One queued operation's expected effect. Each mirrors the gateway's rule: where the gateway
 * would refuse the operation on this state (a unit rented to someone else, unlocking an unlocked
 * unit, a code another customer has), nothing changes, as the gateway changes nothing.
 */
export function applyOperation(view: SiteView, op: PlannedOp): void {
  switch (op.name) {
    case 'pti.moveIn': {
      const { unit: name, customerRef } = op.args;
      const request = op.request;
      const unit = view.units.get(name);
      if (unit?.customerRef && unit.customerRef !== customerRef) return;
      const existing = view.customers.get(customerRef);
      if (request.accessCode !== undefined) {
        if (existing?.accessCode && existing.accessCode !== request.accessCode) return;
        if (holderOfCode(view, request.accessCode, customerRef)) return;
      }
      const customer: ViewCustomer = existing ?? {
        customerRef,
        userId: null,
        customerName: null,
        accessCode: null,
        accessLevel: null,
        zone: null,
      };
      if (request.customerName !== undefined) customer.customerName = request.customerName;
      if (request.accessCode !== undefined) customer.accessCode = request.accessCode;
      if (request.accessLevel !== undefined) customer.accessLevel = request.accessLevel;
      if (request.zone !== undefined) customer.zone = request.zone;
      view.customers.set(customerRef, customer);
      unitFor(view, name).customerRef = customerRef;
      return;
    }
    case 'pti.moveOut': {
      const unit = view.units.get(op.args.unit);
      if (!unit?.customerRef) return;
      const customerRef = unit.customerRef;
      unit.customerRef = null;
      unit.overlocked = false;
      dropIfUnitless(view, customerRef);
      return;
    }
    case 'pti.lock': {
      const unit = view.units.get(op.args.unit);
      if (unit?.customerRef) unit.overlocked = true;
      return;
    }
    case 'pti.unlock': {
      const unit = view.units.get(op.args.unit);
      if (unit?.customerRef && unit.overlocked) unit.overlocked = false;
      return;
    }
    case 'pti.regenerateCode': {
      const customer = view.customers.get(op.args.customerRef);
      if (!customer) return;
      const code = op.request.accessCode;
      if (code !== undefined && holderOfCode(view, code, customer.customerRef)) return;
      customer.accessCode = code ?? null;
      return;
    }
    case 'pti.setAccessLevel': {
      const customer = view.customers.get(op.args.customerRef);
      if (customer) customer.accessLevel = op.request.accessLevel;
      return;
    }
    case 'pti.setZone': {
      const customer = view.customers.get(op.args.customerRef);
      if (customer) customer.zone = op.request.zone;
      return;
    }
    case 'pti.resyncRental': {
      const body = op.request;
      const unit = view.units.get(op.args.unit);
      if (unit?.customerRef && unit.customerRef !== body.customerRef) return;
      if (holderOfCode(view, body.accessCode, body.customerRef)) return;
      const existing = view.customers.get(body.customerRef);
      view.customers.set(body.customerRef, {
        customerRef: body.customerRef,
        userId: existing?.userId ?? null,
        customerName:
          body.customerName !== undefined ? body.customerName : (existing?.customerName ?? null),
        accessCode: body.accessCode,
        accessLevel: body.accessLevel,
        zone: body.zone,
      });
      const target = unitFor(view, op.args.unit);
      target.customerRef = body.customerRef;
      target.overlocked = body.overlocked;
      return;
    }
    case 'pti.resyncSite': {
      const desired = op.request;
      const previous = view.customers;
      view.defaults = { ...desired.defaults };
      for (const unit of view.units.values()) {
        unit.customerRef = null;
        unit.overlocked = false;
      }
      view.customers = new Map();
      for (const tenant of desired.tenants) {
        view.customers.set(tenant.customerRef, {
          customerRef: tenant.customerRef,
          userId: previous.get(tenant.customerRef)?.userId ?? null,
          customerName:
            tenant.customerName !== undefined
              ? tenant.customerName
              : (previous.get(tenant.customerRef)?.customerName ?? null),
          accessCode: tenant.accessCode,
          accessLevel: tenant.accessLevel,
          zone: tenant.zone,
        });
        for (const rented of tenant.units) {
          const unit = unitFor(view, rented.name);
          unit.customerRef = tenant.customerRef;
          unit.overlocked = rented.overlocked;
        }
      }
      return;
    }
    case 'pti.setDefaults':
      view.defaults = { ...op.request };
      return;
  }
}

/** The gateway copy with the queued operations laid over it, in queue order. */
export function foldOperations(copy: SiteView, ops: readonly PlannedOp[]): SiteView {
  const view = cloneView(copy);
  for (const op of ops) applyOperation(view, op);
  return view;
}

/** Unit names in the order people expect: A2 before A10, buildings together. */
export function sortUnitNames<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  // Digit runs padded once per name, so the sort compares plain strings.
  const key = (name: string) => name.toLowerCase().replace(/\d+/g, (d) => d.padStart(12, '0'));
  return items
    .map((item) => ({ item, name: nameOf(item), key: key(nameOf(item)) }))
    .sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )
    .map((entry) => entry.item);
}
