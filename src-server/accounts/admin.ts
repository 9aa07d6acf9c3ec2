import type { Kysely } from 'kysely';
import type {
  AdminOrganisation,
  AdminSetTierRequest,
  AdminUpdateUserRequest,
  AdminUser,
} from '../../src-shared/accounts.js';
import type { Role } from '../../src-shared/sync-protocol.js';
import type { Database } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { hasPreferredSupport } from './organisations.js';
import { recordOrganisationChange } from './organisation-changes.js';
import { recordUserChange } from './user-changes.js';

/** The admin's minimal account tools. Callers check that the viewer is an admin. */

export async function listUsers(
  db: Kysely<Database>,
  filter: { organisationId?: string; role?: Role; id?: string },
): Promise<AdminUser[]> {
  let query = db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'organisation_id', 'timezone', 'password_hash'])
    .orderBy('name')
    .orderBy('id');
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.id) query = query.where('id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    organisationId: row.organisation_id,
    timezone: row.timezone,
    canSignIn: row.password_hash !== null,
  }));
}

/** Sets a user's role and/or organisation (e.g. moves a new site manager into their company). */
export async function updateUser(
  db: Kysely<Database>,
  userId: string,
  input: AdminUpdateUserRequest,
  now: Date,
): Promise<Outcome<AdminUser>> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'role', 'organisation_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return failure('not_found', `There is no user ${userId}.`);
  const role = input.role ?? user.role;
  const organisationId =
    input.organisationId === undefined ? user.organisation_id : input.organisationId;
  if (role === 'site_manager' && organisationId === null) {
    return failure(
      'invalid_input',
      'Invalid input — organisationId: a site manager belongs to an organisation; give its id.',
      [{ path: 'organisationId', message: 'a site manager belongs to an organisation' }],
    );
  }
  if (organisationId !== null && organisationId !== user.organisation_id) {
    const exists = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!exists) {
      return failure(
        'invalid_input',
        `Invalid input — organisationId: there is no organisation ${organisationId}.`,
        [{ path: 'organisationId', message: 'no such organisation' }],
      );
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ role, organisation_id: organisationId })
      .where('id', '=', userId)
      .execute();
    await recordUserChange(trx, { id: userId, organisationId }, now);
  });
  const [updated] = await listUsers(db, { id: userId });
  return success(updated!);
}

export async function listOrganisations(
  db: Kysely<Database>,
  now: Date,
  filter: { id?: string } = {},
): Promise<AdminOrganisation[]> {
  let query = db
    .selectFrom('organisations')
    .selectAll()
    .select(hasPreferredSupport(now).as('preferred_now'))
    .orderBy('name')
    .orderBy('id');
  if (filter.id) query = query.where('id', '=', filter.id);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    company: row.name,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    phone: row.phone,
    address: row.address,
    city: row.city,
    state: row.state,
    zip: row.zip,
    country: row.country,
    supportTier: row.support_tier,
    tierExpiresAt: row.tier_expires_at?.toISOString() ?? null,
    effectiveTier: row.preferred_now ? 'preferred' : 'free',
  }));
}

export async function setOrganisationTier(
  db: Kysely<Database>,
  organisationId: string,
  input: AdminSetTierRequest,
  now: Date,
): Promise<Outcome<AdminOrganisation>> {
  const expiresAt = input.tierExpiresAt === null ? null : new Date(input.tierExpiresAt);
  if (input.supportTier === 'preferred' && expiresAt !== null && expiresAt <= now) {
    return failure(
      'invalid_input',
      'Invalid input — tierExpiresAt: is in the past, so the organisation would still get free support. Give a future date, or null for no end.',
      [{ path: 'tierExpiresAt', message: 'is in the past' }],
    );
  }
  const updated = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('organisations')
      .set({
        support_tier: input.supportTier,
        // Free support does not expire.
        tier_expires_at: input.supportTier === 'free' ? null : expiresAt,
        updated_at: now,
      })
      .where('id', '=', organisationId)
      .returning('id')
      .executeTakeFirst();
    // Clients hold the tier for SLA clocks and callbacks: send them the change.
    if (row) await recordOrganisationChange(trx, organisationId, now);
    return row;
  });
  if (!updated) return failure('not_found', `There is no organisation ${organisationId}.`);
  const [organisation] = await listOrganisations(db, now, { id: organisationId });
  return success(organisation!);
}
