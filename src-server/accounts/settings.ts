import type { Kysely, Transaction } from 'kysely';
import type { MySettings, UpdateMySettingsRequest } from '../../src-shared/accounts.js';
import { verifyPassword } from '../auth/password.js';
import type { Database } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import type { Viewer } from '../viewer.js';
import { findUserByEmail } from './context.js';
import { effectiveSupportTier } from './organisations.js';
import { recordOrganisationChange } from './organisation-changes.js';
import { recordUserChange } from './user-changes.js';

type Reader = Kysely<Database> | Transaction<Database>;

/** "My settings": the signed-in user's own details and, for its managers, their organisation's. */
export async function readMySettings(
  db: Reader,
  viewer: Viewer,
  now: Date,
): Promise<Outcome<MySettings>> {
  const user = await db
    .selectFrom('users')
    .select(['name', 'email', 'role', 'timezone', 'organisation_id'])
    .where('id', '=', viewer.userId)
    .executeTakeFirst();
  if (!user) return failure('unauthorized', 'This account no longer exists.');
  const phones = await db
    .selectFrom('user_phones')
    .select(['type', 'number'])
    .where('user_id', '=', viewer.userId)
    .orderBy('position')
    .execute();
  const organisation = user.organisation_id
    ? await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', user.organisation_id)
        .executeTakeFirst()
    : undefined;
  return success({
    name: user.name,
    email: user.email,
    role: user.role,
    phones,
    timezone: user.timezone,
    organisation: organisation
      ? {
          id: organisation.id,
          company: organisation.name,
          contactName: organisation.contact_name,
          contactPhone: organisation.contact_phone,
          address: organisation.address,
          city: organisation.city,
          state: organisation.state,
          zip: organisation.zip,
          country: organisation.country,
          supportTier: effectiveSupportTier(organisation, now),
          tierExpiresAt: organisation.tier_expires_at?.toISOString() ?? null,
          editable: managesOrganisation(viewer, organisation.id),
        }
      : null,
  });
}

/** A site manager manages their own organisation's details; nobody else does from here. */
function managesOrganisation(viewer: Viewer, organisationId: string): boolean {
  return viewer.role === 'site_manager' && viewer.organisationId === organisationId;
}

export async function updateMySettings(
  db: Kysely<Database>,
  viewer: Viewer,
  input: UpdateMySettingsRequest,
  now: Date,
): Promise<Outcome<MySettings>> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'organisation_id'])
    .where('id', '=', viewer.userId)
    .executeTakeFirstOrThrow();

  const emailChanges =
    input.email !== undefined && input.email.toLowerCase() !== user.email.toLowerCase();
  if (emailChanges) {
    const passwordOk =
      input.currentPassword !== undefined &&
      user.password_hash !== null &&
      (await verifyPassword(input.currentPassword, user.password_hash));
    if (!passwordOk) {
      const message =
        input.currentPassword === undefined
          ? 'enter your current password to change your email address'
          : 'is not correct';
      return failure('invalid_input', `Invalid input — currentPassword: ${message}.`, [
        { path: 'currentPassword', message },
      ]);
    }
    if (await findUserByEmail(db, input.email!)) {
      return failure('conflict', `${input.email} is already used by another account.`, [
        { path: 'email', message: 'is already used by another account' },
      ]);
    }
  }
  if (input.organisation !== undefined) {
    if (user.organisation_id === null || !managesOrganisation(viewer, user.organisation_id)) {
      return failure(
        'forbidden',
        "Only your organisation's site managers can change its details. Ask one of them, or your support team.",
      );
    }
  }

  await db.transaction().execute(async (trx) => {
    const userFields = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.timezone !== undefined && { timezone: input.timezone }),
    };
    if (Object.keys(userFields).length > 0) {
      await trx
        .updateTable('users')
        .set({ ...userFields, updated_at: now })
        .where('id', '=', user.id)
        .execute();
    }
    // Name and email travel to clients with the user's row; the time zone stays private.
    if (input.name !== undefined || emailChanges) {
      await recordUserChange(trx, { id: user.id, organisationId: user.organisation_id }, now);
    }
    if (input.phones !== undefined) {
      await trx.deleteFrom('user_phones').where('user_id', '=', user.id).execute();
      if (input.phones.length > 0) {
        await trx
          .insertInto('user_phones')
          .values(
            input.phones.map((phone, position) => ({
              user_id: user.id,
              position,
              type: phone.type,
              number: phone.number,
            })),
          )
          .execute();
      }
    }
    const org = input.organisation;
    if (org !== undefined && user.organisation_id !== null) {
      const fields = {
        ...(org.company !== undefined && { name: org.company }),
        ...(org.contactName !== undefined && { contact_name: org.contactName }),
        ...(org.contactPhone !== undefined && { contact_phone: org.contactPhone }),
        ...(org.address !== undefined && { address: org.address }),
        ...(org.city !== undefined && { city: org.city }),
        ...(org.state !== undefined && { state: org.state }),
        ...(org.zip !== undefined && { zip: org.zip }),
        ...(org.country !== undefined && { country: org.country }),
      };
      if (Object.keys(fields).length > 0) {
        await trx
          .updateTable('organisations')
          .set({ ...fields, updated_at: now })
          .where('id', '=', user.organisation_id)
          .execute();
        if (org.company !== undefined)
          await recordOrganisationChange(trx, user.organisation_id, now);
      }
    }
  });
  return readMySettings(db, viewer, now);
}
