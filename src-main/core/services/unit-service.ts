import { randomUUID } from 'node:crypto';
import { mutationArgs, type MutationName } from '../../../src-shared/mutations.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { SUPPORT_TARGET } from '../store/queries/outbox.js';

type UnitCalls = 'units.list' | 'units.create' | 'units.setMapping' | 'units.remove';

export interface UnitServiceDeps {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
}

const editorRoles = new Set(['installer', 'admin']);

/**
 * A site's units and their PTI mapping. Reads come from the local copy; changes are intent
 * mutations queued with their optimistic effect, checked here first against what this client
 * knows (role, duplicate names) so an impossible edit fails at once with the reason. The server
 * checks again when it applies them.
 */
export function unitHandlers(deps: UnitServiceDeps): Pick<Handlers, UnitCalls> {
  const now = deps.now ?? (() => new Date());

  const editor = async (action: string): Promise<ActiveProfile> => {
    const p = await deps.active();
    const user = await p.user();
    if (!user) throw new ServiceError('unauthorized', `Sign in before you ${action}.`);
    if (!editorRoles.has(user.role))
      throw new ServiceError('forbidden', `Only installers and admins can ${action}.`);
    return p;
  };

  const refuseTaken = async (
    p: ActiveProfile,
    siteId: string,
    field: 'label' | 'ptiUnitName',
    value: string | null,
    exceptId: string | null,
  ) => {
    if (value === null) return;
    const holder = await p.db.read('units.nameHolder', { siteId, field, value, exceptId });
    if (holder === null) return;
    throw new ServiceError(
      'conflict',
      field === 'label'
        ? `label: this site already has a unit ${value}. Give the new unit another label.`
        : `ptiUnitName: "${value}" is already the PTI name of unit ${holder} at this site. Each unit needs its own PTI unit name.`,
    );
  };

  const queue = async (
    p: ActiveProfile,
    name: MutationName,
    args: unknown,
    baseVersion: string | null,
  ) => {
    const parsed = mutationArgs[name].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ServiceError(
        'invalid_input',
        `${issue?.path.join('.') || 'input'}: ${issue?.message}`,
      );
    }
    const { tables } = await p.db.write('outbox.queue', {
      mutation: {
        id: randomUUID(),
        target: SUPPORT_TARGET,
        name,
        args: parsed.data,
        baseVersion,
        createdAt: now().toISOString(),
      },
    });
    p.changed(tables);
  };

  const knownUnit = async (p: ActiveProfile, unitId: string) => {
    const found = await p.db.read('units.forEdit', { unitId });
    if (!found)
      throw new ServiceError(
        'not_found',
        'That unit is not in this site any more. Sync and try again.',
      );
    return found;
  };

  return {
    'units.list': async ({ siteId }) => (await deps.active()).db.read('units.list', { siteId }),

    'units.create': async (input) => {
      const p = await editor('add units');
      const site = await p.db.read('units.site', { siteId: input.siteId });
      if (!site) throw new ServiceError('not_found', 'siteId: that site is not among your sites.');
      await refuseTaken(p, site.id, 'label', input.label, null);
      await refuseTaken(p, site.id, 'ptiUnitName', input.ptiUnitName ?? null, null);
      const unitId = randomUUID();
      await queue(p, 'unit.create', { ...input, unitId }, null);
      return { id: unitId };
    },

    'units.setMapping': async (input) => {
      const p = await editor('change unit mappings');
      const { unit, baseVersion } = await knownUnit(p, input.unitId);
      await refuseTaken(p, unit.siteId, 'ptiUnitName', input.ptiUnitName, unit.id);
      await queue(p, 'unit.setMapping', input, baseVersion);
      return {};
    },

    'units.remove': async (input) => {
      const p = await editor('remove units');
      await knownUnit(p, input.unitId);
      await queue(p, 'unit.remove', input, null);
      return {};
    },
  };
}
