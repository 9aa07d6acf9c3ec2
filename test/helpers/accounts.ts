import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../src-shared/sync-protocol.js';
import { recordOrganisationChange } from '../../src-server/accounts/organisation-changes.js';
import { hashPassword } from '../../src-server/auth/password.js';
import type { Database } from '../../src-server/db/schema.js';

/** Test fixtures written straight to the database: organisations and people who can sign in. */

export async function createOrganisation(
  db: Kysely<Database>,
  fields: { name: string; supportTier?: 'free' | 'preferred'; tierExpiresAt?: Date | null },
): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisations')
      .values({
        id,
        name: fields.name,
        address: '1 Storage Drive',
        phone: '+1 555-0100',
        support_tier: fields.supportTier ?? 'free',
        tier_expires_at: fields.tierExpiresAt ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // Clients receive organisations (their tier) like any synced row.
    await recordOrganisationChange(trx, id, now);
  });
  return id;
}

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  role: Role;
  organisationId: string | null;
}

export async function createAccount(
  db: Kysely<Database>,
  fields: { role: Role; organisationId?: string | null; email?: string; name?: string },
): Promise<TestAccount> {
  const id = randomUUID();
  const email = fields.email ?? `${fields.role}-${id.slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const now = new Date();
  await db
    .insertInto('users')
    .values({
      id,
      name: fields.name ?? `Test ${fields.role}`,
      email,
      role: fields.role,
      organisation_id: fields.organisationId ?? null,
      timezone: 'America/New_York',
      password_hash: await hashPassword(password),
      created_at: now,
      updated_at: now,
      version: 0,
    })
    .execute();
  return { id, email, password, role: fields.role, organisationId: fields.organisationId ?? null };
}
