import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { recordOrganisationChange } from '../../src-server/accounts/organisation-changes.js';
import {
  accessTokenPrefix,
  newToken,
  refreshTokenPrefix,
  tokenDigest,
} from '../../src-server/auth/tokens.js';
import type { Database } from '../../src-server/db/schema.js';

/** One simulated device: whose it is and the session it syncs with. */
export interface LoadClientSpec {
  index: number;
  userId: string;
  role: 'technician' | 'site_manager';
  organisationId: string | null;
  siteId: string | null;
  accessToken: string;
}

export interface LoadFixture {
  clients: LoadClientSpec[];
  /** One extra session per account, for reading the server's state as that person sees it. */
  observers: Map<string, string>;
  organisations: { id: string; siteId: string }[];
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * Organisations, sites and people written straight into the migrated database, and one session
 * per device. Sessions are issued here rather than by signing in: 200 sign-ins would spend the
 * server's CPU on 200 deliberately slow password hashes before the load even starts, and the
 * access-token check every request makes is the same either way.
 */
export async function createLoadFixture(
  databaseUrl: string,
  shape: { clients: number; organisations: number; devicesPerPerson: number },
): Promise<LoadFixture> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const now = new Date();
  const organisations: { id: string; siteId: string }[] = [];
  for (let o = 0; o < shape.organisations; o++) {
    const id = randomUUID();
    const siteId = randomUUID();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organisations')
        .values({
          id,
          name: `Load Storage ${o + 1}`,
          address: `${o + 1} Load Street`,
          phone: '+1 555-0100',
          support_tier: 'free',
          tier_expires_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await recordOrganisationChange(trx, id, now);
      await trx
        .insertInto('sites')
        .values({
          id: siteId,
          organisation_id: id,
          code: `LD${String(o + 1).padStart(4, '0')}`,
          name: `Load site ${o + 1}`,
          timezone: 'America/New_York',
          created_at: now,
          updated_at: now,
          version: 0,
        })
        .execute();
    });
    organisations.push({ id, siteId });
  }

  const people = Math.ceil(shape.clients / shape.devicesPerPerson);
  const clients: LoadClientSpec[] = [];
  const observers = new Map<string, string>();
  const session = async (userId: string) => {
    const accessToken = newToken(accessTokenPrefix);
    await db
      .insertInto('sessions')
      .values({
        id: randomUUID(),
        user_id: userId,
        access_token_hash: tokenDigest(accessToken),
        refresh_token_hash: tokenDigest(newToken(refreshTokenPrefix)),
        access_expires_at: new Date(now.getTime() + 24 * 3600_000),
        refresh_expires_at: new Date(now.getTime() + 30 * 24 * 3600_000),
        created_at: now,
      })
      .execute();
    return accessToken;
  };
  for (let p = 0; p < people; p++) {
    // one technician for every four customers, as on a support desk
    const role = p % 5 === 0 ? 'technician' : 'site_manager';
    const organisation = role === 'technician' ? null : organisations[p % organisations.length]!;
    const userId = randomUUID();
    await db
      .insertInto('users')
      .values({
        id: userId,
        name: `Load ${role} ${p + 1}`,
        email: `load-${p + 1}@load.test`,
        role,
        organisation_id: organisation?.id ?? null,
        timezone: 'America/New_York',
        password_hash: null,
        created_at: now,
        updated_at: now,
        version: 0,
      })
      .execute();
    observers.set(userId, await session(userId));
    for (let d = 0; d < shape.devicesPerPerson && clients.length < shape.clients; d++) {
      clients.push({
        index: clients.length,
        userId,
        role,
        organisationId: organisation?.id ?? null,
        siteId: organisation?.siteId ?? null,
        accessToken: await session(userId),
      });
    }
  }
  return { clients, observers, organisations, db, close: () => db.destroy() };
}
