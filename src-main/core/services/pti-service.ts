import { randomBytes } from 'node:crypto';
import { rentalIdOf, type PtiSite } from '../../../src-shared/domain/pti-client.js';
import { keypadReasonText, decideKeypadEntry } from '../../../src-shared/pti/keypad.js';
import { describeLocalTime } from '../../../src-shared/pti/site-time.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import type { CoreLogger } from '../core-types.js';
import type { PtiAction } from '../pti/plan-actions.js';
import type { PtiKeypadCalls } from './pti-keypad-service.js';
import { exportRentalsCsv, readRentalCsv } from '../pti/rental-csv.js';
import type { Refusal } from '../store/queries/pti-rentals.js';

type PtiCalls = Exclude<Extract<keyof Handlers, `pti.${string}`>, PtiKeypadCalls>;

export interface PtiServiceDeps {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
  logger: CoreLogger;
}

const refused = (refusal: Refusal): never => {
  throw new ServiceError(refusal.code, refusal.message);
};

/** A reference for a new customer, in the shape storage-management software uses (24 hex digits). */
const newCustomerRef = () => randomBytes(12).toString('hex');

/**
 * The contract's PTI calls. Operations are checked against the site as the client sees it,
 * queued in the site's outbox with their local effect in one transaction, and handed to the
 * site's sync engine; secrets are sealed before they reach the store and never come back out.
 */
export function ptiHandlers(deps: PtiServiceDeps): Pick<Handlers, PtiCalls> {
  const now = deps.now ?? (() => new Date());

  const site = async (p: ActiveProfile, siteCode: string): Promise<PtiSite> =>
    (await p.db.read('pti.sites.get', { siteCode })) ??
    refused({
      code: 'not_found',
      message: `Site ${siteCode} is not set up for PTI in this profile. Add it in the site’s PTI settings first.`,
    });

  const perform = async (siteCode: string, action: PtiAction) => {
    const p = await deps.active();
    const outcome = await p.db.write('pti.rentals.perform', {
      siteCode,
      action,
      at: now().toISOString(),
    });
    if (outcome.refused) refused(outcome.refused);
    if (outcome.tables.length) p.changed(outcome.tables);
    if (outcome.operationIds.length) p.pti.localChange(siteCode);
    return { operationIds: outcome.operationIds };
  };

  return {
    'pti.sites.list': async () => (await deps.active()).db.read('pti.sites.list', {}),

    'pti.sites.save': async (input) => {
      const p = await deps.active();
      const outcome = await p.db.write('pti.sites.save', {
        siteCode: input.siteCode,
        gatewayUrl: input.gatewayUrl,
        username: input.username,
        ...(input.siteKey !== undefined ? { siteKeySealed: p.secrets.seal(input.siteKey) } : {}),
        ...(input.password !== undefined ? { passwordSealed: p.secrets.seal(input.password) } : {}),
        defaults: {
          ...(input.defaultAccessLevel !== undefined
            ? { accessLevel: input.defaultAccessLevel }
            : {}),
          ...(input.defaultZone !== undefined ? { zone: input.defaultZone } : {}),
        },
        at: now().toISOString(),
      });
      if (outcome.refused) refused(outcome.refused);
      deps.logger.info(outcome.created ? 'PTI site added' : 'PTI site settings changed', {
        siteCode: input.siteCode,
      });
      p.changed(outcome.tables);
      void p.pti.siteSaved(input.siteCode);
      return site(p, input.siteCode);
    },

    'pti.sites.remove': async ({ siteCode, discardQueued }) => {
      const p = await deps.active();
      const outcome = await p.db.write('pti.sites.remove', { siteCode, discardQueued });
      if (outcome.refused) refused(outcome.refused);
      await p.pti.siteRemoved(siteCode);
      deps.logger.info('PTI site removed', { siteCode });
      p.changed(outcome.tables);
      return {};
    },

    'pti.sites.testConnection': async ({ siteCode }) => {
      const p = await deps.active();
      await site(p, siteCode);
      const result = await p.pti.testConnection(siteCode);
      return result ?? refused({ code: 'not_found', message: `Site ${siteCode} was removed.` });
    },

    'pti.sites.syncNow': async ({ siteCode }) => {
      const p = await deps.active();
      await site(p, siteCode);
      await p.pti.syncNow(siteCode);
      return site(p, siteCode);
    },

    'pti.sites.access': async ({ siteCode }) => {
      const p = await deps.active();
      return (
        (await p.db.read('pti.access.get', { siteCode })) ??
        refused({ code: 'not_found', message: `Site ${siteCode} is not set up for PTI.` })
      );
    },

    'pti.rentals.list': async ({ siteCode }) => {
      const p = await deps.active();
      await site(p, siteCode);
      return p.db.read('pti.rentals.list', { siteCode });
    },

    'pti.rentals.moveIn': async (input) => {
      const customerRef = input.customerRef ?? newCustomerRef();
      const action: PtiAction = { kind: 'moveIn', units: input.units, customerRef };
      if (input.customerName !== undefined) action.customerName = input.customerName;
      if (input.accessCode !== undefined) action.accessCode = input.accessCode;
      if (input.accessLevel !== undefined) action.accessLevel = input.accessLevel;
      if (input.zone !== undefined) action.zone = input.zone;
      return { ...(await perform(input.siteCode, action)), customerRef };
    },
    'pti.rentals.moveOut': ({ siteCode, unit }) => perform(siteCode, { kind: 'moveOut', unit }),
    'pti.rentals.overlock': ({ siteCode, unit }) =>
      perform(siteCode, { kind: 'overlock', unit, reason: 'manual' }),
    'pti.rentals.unlock': ({ siteCode, unit }) =>
      perform(siteCode, { kind: 'unlock', unit, reason: 'manual' }),
    'pti.rentals.setOverdue': ({ siteCode, unit, overdue }) =>
      perform(siteCode, { kind: 'setOverdue', unit, overdue }),
    'pti.rentals.regenerateCode': ({ siteCode, unit, accessCode }) =>
      perform(
        siteCode,
        accessCode === undefined
          ? { kind: 'regenerateCode', unit }
          : { kind: 'regenerateCode', unit, accessCode },
      ),
    'pti.rentals.setAccessLevel': ({ siteCode, unit, accessLevel }) =>
      perform(siteCode, { kind: 'setAccessLevel', unit, accessLevel }),
    'pti.rentals.setZone': ({ siteCode, unit, zone }) =>
      perform(siteCode, { kind: 'setZone', unit, zone }),
    'pti.rentals.resync': ({ siteCode, unit }) => perform(siteCode, { kind: 'resyncRental', unit }),
    'pti.rentals.resyncSite': ({ siteCode }) => perform(siteCode, { kind: 'resyncSite' }),

    'pti.rentals.revealCode': async ({ siteCode, unit }) => {
      const p = await deps.active();
      const outcome = await p.db.write('pti.rentals.revealCode', { siteCode, unit });
      if (outcome.refused || !outcome.code) return refused(outcome.refused!);
      // Who saw which tenant's code is worth a line in the log; the code itself never is.
      deps.logger.info('PTI access code revealed', { siteCode, unit });
      if (outcome.tables.length) p.changed(outcome.tables);
      return { rentalId: rentalIdOf(siteCode, unit), ...outcome.code };
    },

    'pti.rentals.importCsv': async ({ siteCode, csv, dryRun }) => {
      const p = await deps.active();
      const read = readRentalCsv(csv);
      if (!read.ok) throw new ServiceError('invalid_input', read.message);
      if (dryRun) {
        const preview = await p.db.read('pti.csv.preview', { siteCode, csv: read.csv });
        return 'code' in preview ? refused(preview) : preview;
      }
      const outcome = await p.db.write('pti.csv.import', {
        siteCode,
        csv: read.csv,
        at: now().toISOString(),
      });
      if (outcome.refused || !outcome.result) return refused(outcome.refused!);
      if (outcome.tables.length) p.changed(outcome.tables);
      if (outcome.result.operationIds.length) p.pti.localChange(siteCode);
      deps.logger.info('PTI rental CSV imported', {
        siteCode,
        pushed: outcome.result.pushed,
        errors: outcome.result.errors,
      });
      return outcome.result;
    },

    'pti.rentals.exportCsv': async ({ siteCode }) => {
      const p = await deps.active();
      await site(p, siteCode);
      const rentals = await p.db.read('pti.rentals.list', { siteCode });
      const stamp = now().toISOString().slice(0, 10);
      return {
        fileName: `pti-rentals-${siteCode}-${stamp}.csv`,
        csv: exportRentalsCsv(rentals),
        rows: rentals.filter((r) => !r.vacant).length,
      };
    },

    'pti.keypads.check': async ({ siteCode, unit, code: typed, keypadId, at }) => {
      const p = await deps.active();
      const view = await p.db.read('pti.keypad.view', { siteCode, unit: unit ?? '', keypadId });
      if (!view)
        refused({
          code: 'conflict',
          message: `Gatedesk has not reached site ${siteCode} yet, so it cannot tell what its keypads answer.`,
        });
      const { site: keypadSite, keypadAreaId, tenant, pending } = view!;
      const code = typed ?? view!.code;
      if (keypadAreaId === null)
        refused({ code: 'not_found', message: `Site ${siteCode} has no keypad ${keypadId}.` });
      if (typed === undefined && !tenant)
        refused({ code: 'conflict', message: `Unit ${unit} has no tenant.` });
      if (code === null)
        refused({
          code: 'conflict',
          message: `The code for the tenant of ${unit} is not known yet: PTI assigns it when the queued operation applies.`,
        });
      const decision = decideKeypadEntry(
        keypadSite,
        keypadAreaId!,
        code!,
        at ? new Date(at) : now(),
      );
      return {
        answer: decision.answer,
        reason: decision.reason,
        reasonText: keypadReasonText[decision.reason],
        localTime: describeLocalTime(decision.local),
        pending,
      };
    },

    'pti.attention.resolve': async (input) => {
      const p = await deps.active();
      const outcome = await p.db.write('pti.attention.resolve', {
        id: input.id,
        action: input.action,
        edits: input.action === 'retry' ? (input.edits ?? {}) : {},
        at: now().toISOString(),
      });
      if (outcome.refused) refused(outcome.refused);
      p.changed(outcome.tables);
      const siteCode = outcome.siteCode;
      if (siteCode && outcome.operationIds.length) p.pti.localChange(siteCode);
      return { operationIds: outcome.operationIds };
    },
  };
}
