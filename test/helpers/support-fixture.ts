import { randomUUID } from 'node:crypto';
import type { SupportServer, SupportServerOptions } from '../../src-server/app.js';
import { createAccount, createOrganisation } from './accounts.js';
import type { TestAccount } from './accounts.js';
import { startServerOnPostgres } from './server-db.js';
import { signInSession } from './sync-client.js';
import type { SyncSession } from './sync-client.js';

/**
 * A support server on a fresh PostgreSQL database with two customer organisations and the people
 * the ticket rules care about, each signed in: two technicians, an admin, organisation A's site
 * manager and installer, and organisation B's site manager.
 */
export interface SupportFixture {
  server: SupportServer;
  orgA: string;
  orgB: string;
  siteA: string;
  siteB: string;
  accounts: Record<Person, TestAccount>;
  as: Record<Person, SyncSession>;
}
type Person = 'tech' | 'tech2' | 'admin' | 'managerA' | 'installerA' | 'managerB';

export async function startSupportFixture(
  options: Omit<SupportServerOptions, 'databaseUrl' | 'dataDir'> & { label?: string } = {},
): Promise<SupportFixture> {
  const server = await startServerOnPostgres({ jobIntervalMs: 0, ...options });
  const { db } = server;
  const orgA = await createOrganisation(db, { name: 'Harbor Point Self Storage' });
  const orgB = await createOrganisation(db, { name: 'Red Mesa Storage Co.' });
  const site = async (organisationId: string, code: string) => {
    const id = randomUUID();
    const now = new Date();
    await db
      .insertInto('sites')
      .values({
        id,
        organisation_id: organisationId,
        code,
        name: `Site ${code}`,
        timezone: 'America/New_York',
        created_at: now,
        updated_at: now,
        version: 0,
      })
      .execute();
    return id;
  };
  const [siteA, siteB] = [await site(orgA, 'HPS901'), await site(orgB, 'RMS902')];
  const people: [Person, Parameters<typeof createAccount>[1]][] = [
    ['tech', { role: 'technician', name: 'Dana Whitfield' }],
    ['tech2', { role: 'technician', name: 'Marcus Oyelaran' }],
    ['admin', { role: 'admin', name: 'Helen Ortiz' }],
    ['managerA', { role: 'site_manager', organisationId: orgA, name: 'Jordan Ellis' }],
    ['installerA', { role: 'installer', organisationId: orgA, name: 'Luis Herrera' }],
    ['managerB', { role: 'site_manager', organisationId: orgB, name: 'Rosa Delgado' }],
  ];
  const accounts = Object.fromEntries(
    await Promise.all(people.map(async ([key, fields]) => [key, await createAccount(db, fields)])),
  ) as Record<Person, TestAccount>;
  const as = Object.fromEntries(
    await Promise.all(
      people.map(async ([key]) => [key, await signInSession(server.url, accounts[key])]),
    ),
  ) as Record<Person, SyncSession>;
  return { server, orgA, orgB, siteA, siteB, accounts, as };
}
