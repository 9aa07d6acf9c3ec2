import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { afterEach, describe, expect, it } from 'vitest';
import { createSupportServer } from '../../../src-server/app.js';
import { DatabaseTooNewError, migrate } from '../../../src-server/db/migrate.js';
import { migrations } from '../../../src-server/db/migrations/index.js';
import type { Migration } from '../../../src-server/db/migrations/migration.js';
import type { Database } from '../../../src-server/db/schema.js';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { demoTicketCount } from '../../../src-server/seed/demo-seed.js';
import { createTicket } from '../../../src-server/tickets/create-ticket.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

async function ticketCount(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from tickets`.execute(db);
  return Number(row.rows[0]!.n);
}

describe('support server database', () => {
  it('keeps its data across restarts and seeds the demo only once', async () => {
    const dir = tempDir('server-reopen');
    dirs.push(dir);

    const first = await createSupportServer({ dataDir: dir.path, seed: 'demo' });
    expect(first.seededDemo).toBe(true);
    const organisation = await first.db
      .selectFrom('organisations')
      .select('id')
      .executeTakeFirstOrThrow();
    const created = await createTicket(first.db, {
      organisationId: organisation.id,
      subject: 'Licence renewal for StorLogix Cloud',
      description: 'Our licence expires next month.',
      category: 'licence',
      productLine: 'pti_software',
    });
    expect(created.ok).toBe(true);
    await first.close();

    const second = await createSupportServer({ dataDir: dir.path, seed: 'demo' });
    try {
      expect(second.seededDemo).toBe(false);
      expect(await ticketCount(second.db)).toBe(demoTicketCount + 1);
      const signIn = await fetch(`${second.url}/auth/v1/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEMO_TECHNICIAN),
      });
      expect(signIn.status).toBe(200);
      const health = await (await fetch(`${second.url}/health`)).json();
      expect(health.schemaVersion).toBe(migrations.length);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a database written by a newer server, and leaves it untouched', async () => {
    const dir = tempDir('server-too-new');
    dirs.push(dir);
    const server = await createSupportServer({ dataDir: dir.path });
    await sql`insert into schema_migrations (version, name, applied_at) values (99, 'from the future', now())`.execute(
      server.db,
    );
    await server.close();

    const attempt = createSupportServer({ dataDir: dir.path });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(attempt).rejects.toThrow(
      /schema version 99, but this server only knows versions up to 1/,
    );

    const pglite = await PGlite.create({ dataDir: dir.path });
    const versions = await pglite.query<{ version: number }>(
      'select version from schema_migrations order by version',
    );
    await pglite.close();
    expect(versions.rows.map((r) => r.version)).toEqual([1, 99]);
  });

  it('rolls a failing migration back whole, leaving the previous version in place', async () => {
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(await PGlite.create()) });
    try {
      const broken: Migration = {
        version: 2,
        name: 'half done',
        up: async (trx) => {
          await sql`create table half_done (id integer)`.execute(trx);
          throw new Error('disk full');
        },
      };
      await expect(migrate(db, [...migrations, broken], { where: 'in memory' })).rejects.toThrow(
        'disk full',
      );

      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_name in ('half_done', 'tickets')`.execute(
        db,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(['tickets']);
      const applied = await sql<{ version: number }>`select version from schema_migrations`.execute(
        db,
      );
      expect(applied.rows.map((r) => r.version)).toEqual([1]);

      expect(await migrate(db, migrations, { where: 'in memory' })).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
