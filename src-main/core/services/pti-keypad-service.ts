import type { PtiGatewayKeypadAnswer } from '../../../src-shared/domain/pti-keypad-calls.js';
import type { PtiSiteStatus } from '../../../src-shared/domain/pti-client.js';
import { maskAccessCode } from '../../../src-shared/pti/access-code.js';
import { keypadReasonText } from '../../../src-shared/pti/keypad.js';
import type { KeypadEvent } from '../../../src-shared/pti/protocol.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import type { CoreLogger } from '../core-types.js';
import type { PtiFailure } from '../pti/pti-connector.js';

/** Answered here rather than by `ptiHandlers`: they ask the gateway, not the local copy. */
export type PtiKeypadCalls = 'pti.keypads.tryAtGateway' | 'pti.events.list';

export interface PtiKeypadServiceDeps {
  active(): Promise<ActiveProfile>;
  logger: CoreLogger;
}

/** The gateway answers at most this many entries per request (the protocol's own limit). */
const eventPage = 1000;
/** The gateway keeps 1000 entries per site; this bounds the reading of a gateway that keeps more. */
const maxEventPages = 20;

const statusOf = (failure: PtiFailure): PtiSiteStatus =>
  failure.kind === 'offline'
    ? 'offline'
    : failure.kind === 'unauthorized'
      ? 'unauthorized'
      : 'error';

const cannotSimulate = (siteCode: string) =>
  `The gateway of site ${siteCode} cannot simulate keypad entries; only Gatedesk’s prediction is available.`;

const removed = (siteCode: string): never => {
  throw new ServiceError(
    'not_found',
    `Site ${siteCode} is not set up for PTI in this profile. Add it in the site’s PTI settings first.`,
  );
};

/**
 * The keypad tester's online half: the site's gateway decides a tenant's code itself, and its
 * gate event log is read back. Each request signs in with the site's sealed credentials on a
 * connector of its own, apart from the site's queue; codes never reach a log line or the log view
 * unmasked.
 */
export function ptiKeypadHandlers(deps: PtiKeypadServiceDeps): Pick<Handlers, PtiKeypadCalls> {
  return {
    'pti.keypads.tryAtGateway': async ({ siteCode, unit, code: typed, keypadId, at }) => {
      const p = await deps.active();
      if (!(await p.db.read('pti.sites.get', { siteCode }))) removed(siteCode);
      let code = typed;
      if (code === undefined) {
        const view = await p.db.read('pti.keypad.view', { siteCode, unit: unit!, keypadId });
        if (view && !view.tenant) throw new ServiceError('conflict', `Unit ${unit} has no tenant.`);
        if (!view || view.code === null)
          throw new ServiceError(
            'conflict',
            `Gatedesk does not know the code of the tenant of ${unit} yet, so it cannot type it at the gateway. Sync the site first.`,
          );
        code = view.code;
      }
      const entered = code;
      const result = await p.pti.useConnector(siteCode, async (connector) =>
        connector.enterCode
          ? connector.enterCode(keypadId, entered, at ? new Date(at) : undefined)
          : null,
      );
      let answer: PtiGatewayKeypadAnswer;
      if (result === undefined) return removed(siteCode);
      if (result === null)
        answer = { ok: false, status: 'unknown', code: null, message: cannotSimulate(siteCode) };
      else if (!result.ok)
        answer = {
          ok: false,
          status: statusOf(result),
          code: result.code,
          message: `The gateway could not be asked: ${result.message}`,
        };
      else {
        const { event } = result.value;
        answer = {
          ok: true,
          answer: event.answer,
          reason: event.reason,
          reasonText: keypadReasonText[event.reason],
          localTime: event.localTime,
          seq: event.seq,
          codeHint: maskAccessCode(event.codeHint),
        };
      }
      deps.logger.info('PTI keypad tried at the gateway', {
        siteCode,
        unit: unit ?? 'a typed code',
        keypadId,
        answer: answer.ok ? answer.answer : `not asked (${answer.status})`,
      });
      return answer;
    },

    'pti.events.list': async ({ siteCode, after, limit }) => {
      const p = await deps.active();
      if (!(await p.db.read('pti.sites.get', { siteCode }))) removed(siteCode);
      const read = await p.pti.useConnector(siteCode, async (connector) => {
        if (!connector.listEvents) return null;
        const events: KeypadEvent[] = [];
        let next = after ?? 0;
        for (let page = 0; page < maxEventPages; page += 1) {
          const result = await connector.listEvents(next, eventPage);
          if (!result.ok) return result;
          events.push(...result.value.events);
          // Only the newest `limit` are shown; older ones are dropped as the pages come in.
          if (events.length > limit) events.splice(0, events.length - limit);
          const done = result.value.events.length < eventPage || result.value.next <= next;
          next = Math.max(next, result.value.next);
          if (done) break;
        }
        return { ok: true as const, events, next };
      });
      if (read === undefined) return removed(siteCode);
      const access = await p.db.read('pti.access.get', { siteCode });
      const timeZone = access?.timeZone ?? null;
      const empty = { events: [], next: after ?? 0, timeZone };
      if (read === null) return { ok: false, message: cannotSimulateLog(siteCode), ...empty };
      if (!read.ok)
        return {
          ok: false,
          message: `The gateway’s event log could not be read: ${read.message}`,
          ...empty,
        };

      const rentals = await p.db.read('pti.rentals.list', { siteCode });
      const tenants = new Map<string, { name: string | null; units: string[] }>();
      for (const rental of rentals) {
        if (!rental.customerRef) continue;
        const tenant = tenants.get(rental.customerRef) ?? { name: rental.customerName, units: [] };
        tenant.units.push(rental.unit);
        tenants.set(rental.customerRef, tenant);
      }
      const keypadNames = new Map((access?.keypads ?? []).map((k) => [k.id, k.name]));
      return {
        ok: true,
        message: null,
        timeZone,
        next: read.next,
        events: read.events.reverse().map((event) => {
          const tenant = event.customerRef ? tenants.get(event.customerRef) : undefined;
          return {
            seq: event.seq,
            at: event.at,
            localTime: event.localTime,
            keypadId: event.keypadId,
            keypadName: keypadNames.get(event.keypadId) ?? null,
            answer: event.answer,
            reason: event.reason,
            reasonText: keypadReasonText[event.reason],
            customerRef: event.customerRef,
            customerName: tenant?.name ?? null,
            units: tenant?.units ?? [],
            // A gateway other than ours may send more of the code than a hint: mask it here too.
            codeHint: maskAccessCode(event.codeHint),
          };
        }),
      };
    },
  };
}

const cannotSimulateLog = (siteCode: string) =>
  `The gateway of site ${siteCode} does not serve its gate event log to Gatedesk.`;
