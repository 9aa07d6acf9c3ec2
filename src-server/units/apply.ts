import type { Selectable } from 'kysely';
import type { MutationArgs } from '../../src-shared/mutations.js';
import { toSeq } from '../db/schema.js';
import type { UnitsTable } from '../db/schema.js';
import { applied, mayAccessOrganisation, rejected } from '../tickets/apply/context.js';
import type { ApplyContext, ApplyResult } from '../tickets/apply/context.js';
import { toUnitRow } from './rows.js';

type UnitRecord = Selectable<UnitsTable>;

/**
 * Units and their PTI mapping, changed by intent mutations. Installers change their own
 * organisation's units, admins any; site managers and technicians read them. A mapping edit
 * carries the version the user saw (If-Match): when someone else changed the unit after it,
 * the edit is a conflict carrying the current unit, never a silent overwrite.
 */
const unitEditors = new Set(['installer', 'admin']);

function refuseRole(ctx: ApplyContext, action: string): ApplyResult | null {
  return unitEditors.has(ctx.viewer.role)
    ? null
    : rejected('not_allowed_for_role', `Only installers and admins can ${action}.`);
}

const unitNotFound = (): ApplyResult =>
  rejected(
    'not_found',
    'There is no unit with this id that you can see. It may have been removed meanwhile.',
  );

async function visibleUnit(ctx: ApplyContext, unitId: string): Promise<UnitRecord | undefined> {
  const unit = await ctx.writer.trx
    .selectFrom('units')
    .selectAll()
    .where('id', '=', unitId)
    .executeTakeFirst();
  return unit && mayAccessOrganisation(ctx.viewer, unit.organisation_id) ? unit : undefined;
}

/** The unit of the same site that already uses this label or PTI name, if any. */
async function holderOf(
  ctx: ApplyContext,
  siteId: string,
  column: 'label' | 'pti_unit_name',
  value: string,
  exceptId: string,
): Promise<{ label: string } | undefined> {
  return ctx.writer.trx
    .selectFrom('units')
    .select('label')
    .where('site_id', '=', siteId)
    .where(column, '=', value)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
}

const ptiNameTaken = (name: string, holder: string): ApplyResult =>
  rejected(
    'name_taken',
    `ptiUnitName: "${name}" is already the PTI name of unit ${holder} at this site. Each unit needs its own PTI unit name; change one of them.`,
  );

export async function applyUnitCreate(
  ctx: ApplyContext,
  args: MutationArgs<'unit.create'>,
): Promise<ApplyResult> {
  const refusal = refuseRole(ctx, 'add units');
  if (refusal) return refusal;
  const { writer, viewer } = ctx;
  const { trx } = writer;

  const existing = await trx
    .selectFrom('units')
    .select(['site_id', 'version'])
    .where('id', '=', args.unitId)
    .executeTakeFirst();
  if (existing) {
    // The same creation sent again (e.g. retried from needs attention) is already done.
    return existing.site_id === args.siteId
      ? applied(toSeq(existing.version))
      : rejected('invalid_args', 'unitId: this id is already used by another unit; send a new id.');
  }

  const site = await trx
    .selectFrom('sites')
    .select(['id', 'organisation_id'])
    .where('id', '=', args.siteId)
    .executeTakeFirst();
  if (!site || !mayAccessOrganisation(viewer, site.organisation_id)) {
    return rejected('not_found', 'siteId: there is no site with this id that you can see.');
  }
  const sameLabel = await holderOf(ctx, site.id, 'label', args.label, args.unitId);
  if (sameLabel) {
    return rejected(
      'name_taken',
      `label: this site already has a unit ${args.label}. Give the new unit another label.`,
    );
  }
  if (args.ptiUnitName !== null) {
    const holder = await holderOf(ctx, site.id, 'pti_unit_name', args.ptiUnitName, args.unitId);
    if (holder) return ptiNameTaken(args.ptiUnitName, holder.label);
  }

  const seq = await writer.nextSeq();
  await trx
    .insertInto('units')
    .values({
      id: args.unitId,
      site_id: site.id,
      organisation_id: site.organisation_id,
      label: args.label,
      pti_unit_name: args.ptiUnitName,
      building: args.building,
      access_area: args.accessArea,
      door_alarm_channel: args.doorAlarmChannel,
      updated_by: viewer.userId,
      created_at: writer.now,
      updated_at: writer.now,
      version: seq,
    })
    .execute();
  await writer.record({
    table: 'units',
    rowId: args.unitId,
    seq,
    op: 'upsert',
    organisationId: site.organisation_id,
  });
  return applied(seq);
}

export async function applyUnitSetMapping(
  ctx: ApplyContext,
  args: MutationArgs<'unit.setMapping'>,
): Promise<ApplyResult> {
  const refusal = refuseRole(ctx, 'change unit mappings');
  if (refusal) return refusal;
  const unit = await visibleUnit(ctx, args.unitId);
  if (!unit) return unitNotFound();

  // If-Match: a version the user did not see, written by someone else, is a conflict. The
  // user's own earlier edits (queued one after another offline) are not. A mutation without a
  // baseVersion is a deliberate overwrite, e.g. a retry after the user saw the conflict.
  if (
    ctx.baseVersion !== null &&
    toSeq(unit.version) !== ctx.baseVersion &&
    unit.updated_by !== ctx.viewer.userId
  ) {
    return {
      status: 'conflict',
      code: 'version_mismatch',
      message: `Someone else changed unit ${unit.label} after you last saw it. Compare your values with the current ones, then apply yours again if they should win.`,
      serverRow: toUnitRow(unit),
    };
  }

  if (args.ptiUnitName !== null) {
    const holder = await holderOf(ctx, unit.site_id, 'pti_unit_name', args.ptiUnitName, unit.id);
    if (holder) return ptiNameTaken(args.ptiUnitName, holder.label);
  }

  const patch = {
    pti_unit_name: args.ptiUnitName,
    building: args.building === undefined ? unit.building : args.building,
    access_area: args.accessArea === undefined ? unit.access_area : args.accessArea,
    door_alarm_channel:
      args.doorAlarmChannel === undefined ? unit.door_alarm_channel : args.doorAlarmChannel,
  };
  const unchanged =
    patch.pti_unit_name === unit.pti_unit_name &&
    patch.building === unit.building &&
    patch.access_area === unit.access_area &&
    patch.door_alarm_channel === unit.door_alarm_channel;
  if (unchanged) return applied(toSeq(unit.version));

  const { writer } = ctx;
  const seq = await writer.nextSeq();
  await writer.trx
    .updateTable('units')
    .set({ ...patch, updated_by: ctx.viewer.userId, updated_at: writer.now, version: seq })
    .where('id', '=', unit.id)
    .execute();
  await writer.record({
    table: 'units',
    rowId: unit.id,
    seq,
    op: 'upsert',
    organisationId: unit.organisation_id,
  });
  return applied(seq);
}

export async function applyUnitRemove(
  ctx: ApplyContext,
  args: MutationArgs<'unit.remove'>,
): Promise<ApplyResult> {
  const refusal = refuseRole(ctx, 'remove units');
  if (refusal) return refusal;
  const unit = await visibleUnit(ctx, args.unitId);
  if (!unit) {
    const exists = await ctx.writer.trx
      .selectFrom('units')
      .select('id')
      .where('id', '=', args.unitId)
      .executeTakeFirst();
    // Already gone is what the user wanted; another organisation's unit does not exist for them.
    return exists ? unitNotFound() : applied(0);
  }
  const { writer } = ctx;
  const seq = await writer.nextSeq();
  await writer.trx.deleteFrom('units').where('id', '=', unit.id).execute();
  await writer.record({
    table: 'units',
    rowId: unit.id,
    seq,
    op: 'delete',
    organisationId: unit.organisation_id,
  });
  return applied(seq);
}
